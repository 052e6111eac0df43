// Schnorr and Chaum–Pedersen proofs with strong Fiat–Shamir challenges (docs/PROTOCOL.md §5);
// mirrors ballot_service/crypto/proofs.py. A context is {tag, parts}: the domain tag and the
// leading hash parts (fingerprint, keys, indices); c = H_tag(parts…, statement…, commitments…).
// A proof is {challenge, response} (scalars).
import { expectKeys, scalarField } from './codec.js';
import { InvalidProof } from './errors.js';
import { BASE, bytesToHex, equalBytes, mul, randomScalar, scalarAdd, scalarMul, sub } from './group.js';
import { hashToScalar } from './hashing.js';
import { defaultRng } from './random.js';

/** A proof context: the tag and leading parts of every challenge. */
export function proofContext(tag, parts) {
  return { tag, parts };
}

/** c = H_tag(parts…, rest…) mod ℓ. */
export function challenge(context, ...rest) {
  return hashToScalar(context.tag, ...context.parts, ...rest);
}

/** Knowledge of x with P = x·G: U = w·G, c = H(ctx, G, P, U), z = w + c·x. */
export function proveDlog(secret, pub, context, { generator = BASE, rng = defaultRng } = {}) {
  const w = randomScalar(rng);
  return finishDlog(secret, pub, context, w, mul(w, generator), { generator });
}

/** The rest of proveDlog once w and U = w·G are drawn and computed (see prepare.js). */
export function finishDlog(secret, pub, context, w, commitment, { generator = BASE } = {}) {
  const c = challenge(context, generator, pub, commitment);
  return { challenge: c, response: scalarAdd(w, scalarMul(c, secret)) };
}

/** Check U′ = z·G − c·P and c = H(ctx, G, P, U′); throw `error` naming `what`. */
export function verifyDlog(pub, proof, context, { what, generator = BASE, error = InvalidProof }) {
  const commitment = sub(mul(proof.response, generator), mul(proof.challenge, pub));
  if (!equalBytes(proof.challenge, challenge(context, generator, pub, commitment))) {
    throw new error(`${what}: challenge mismatch`);
  }
}

/** x with P = x·G and Q = x·H: c = H(ctx, G, H, P, Q, U, V), z = w + c·x. */
export function proveEqualDlogs(secret, g, h, p, q, context, { rng = defaultRng } = {}) {
  const w = randomScalar(rng);
  const c = challenge(context, g, h, p, q, mul(w, g), mul(w, h));
  return { challenge: c, response: scalarAdd(w, scalarMul(c, secret)) };
}

/** Check U′ = z·G − c·P, V′ = z·H − c·Q and c = H(ctx, G, H, P, Q, U′, V′). */
export function verifyEqualDlogs(g, h, p, q, proof, context, { what }) {
  const { challenge: c, response: z } = proof;
  const u = sub(mul(z, g), mul(c, p));
  const v = sub(mul(z, h), mul(c, q));
  if (!equalBytes(c, challenge(context, g, h, p, q, u, v))) {
    throw new InvalidProof(`${what}: Chaum–Pedersen challenge mismatch`);
  }
}

/** {"challenge": hex, "response": hex}. */
export function schnorrToDict(proof) {
  return { challenge: bytesToHex(proof.challenge), response: bytesToHex(proof.response) };
}

/** Parse {"challenge", "response"} (canonical scalars). */
export function schnorrFromDict(data, { what }) {
  expectKeys(data, ['challenge', 'response'], what);
  return {
    challenge: scalarField(data, 'challenge', what),
    response: scalarField(data, 'response', what),
  };
}
