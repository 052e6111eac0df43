// Disjunctive Chaum–Pedersen (CDS) proof that (α, β) encrypts one of {0, 1, …, R} under K
// (docs/PROTOCOL.md §5.3); mirrors ballot_service/crypto/disjunctive.py. R = 1 is the 0/1 proof.
//
// Branch t claims ∃r: α = r·B and β − t·B = r·K. The prover knows the true m and r:
//   t ≠ m: random c_t, v_t;  a_t = v_t·B − c_t·α,  b_t = v_t·K − c_t·(β − t·B)
//   t = m: random w;          a_m = w·B,            b_m = w·K
//   c = H_tag(ctx…, R, B, K, α, β, a_0, b_0, …, a_R, b_R);  c_m = c − Σ_{t≠m} c_t;  v_m = w + c_m·r
// Randomness is drawn in branch order: for t ≠ m, c_t then v_t; for t = m, w.
// A proof is {challenges: [c_0…c_R], responses: [v_0…v_R]}.
import { expectKeys, listField, scalarList } from './codec.js';
import { InvalidProof, MalformedInput } from './errors.js';
import {
  BASE,
  ORDER,
  add,
  bytesToBigIntLE,
  bytesToHex,
  concatBytes,
  mul,
  mulBase,
  randomScalar,
  scalarAdd,
  scalarFromBigInt,
  scalarMul,
  scalarSub,
  smallMultiple,
  sub,
} from './group.js';
import { challenge } from './proofs.js';
import { defaultRng } from './random.js';

/** Largest R supported (a ballot needs R = 1). */
export const MAX_BOUND = 64;

function checkBound(bound) {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > MAX_BOUND) {
    throw new MalformedInput(`disjunctive proof: bound R = ${String(bound)} outside [1, ${MAX_BOUND}]`);
  }
}

/**
 * Prove that `ciphertext` = Enc_K(m; r) with m = `plaintext` ∈ {0…R} and r = `nonce`.
 *
 * The caller must pass the ciphertext made with exactly this plaintext and nonce (the ballot
 * does): knowing r, the prover writes every commitment with multiples of B and K only —
 * for t ≠ m, with u = v_t − c_t·r: a_t = u·B and b_t = u·K + c_t·(t − m)·B — the same points
 * as the formulas above, with no multiplication of α or β.
 */
export function proveOneOf(ciphertext, plaintext, nonce, key, bound, context, { rng = defaultRng } = {}) {
  checkBound(bound);
  if (!Number.isSafeInteger(plaintext) || plaintext < 0 || plaintext > bound) {
    throw new MalformedInput(`disjunctive proof: plaintext ${String(plaintext)} outside [0, ${bound}]`);
  }
  const simulated = new Map();
  const commitments = [];
  let w = null;
  for (let t = 0; t <= bound; t++) {
    if (t === plaintext) {
      w = randomScalar(rng);
      commitments.push(mulBase(w), mul(w, key));
      continue;
    }
    const c = randomScalar(rng);
    const v = randomScalar(rng);
    const u = scalarSub(v, scalarMul(c, nonce));
    const shift = mulBase(scalarMul(c, scalarFromBigInt(t - plaintext)));
    commitments.push(mulBase(u), add(mul(u, key), shift));
    simulated.set(t, [c, v]);
  }
  let cm = challenge(context, bound, BASE, key, ciphertext.alpha, ciphertext.beta, ...commitments);
  for (const [c] of simulated.values()) cm = scalarSub(cm, c);
  simulated.set(plaintext, [cm, scalarAdd(w, scalarMul(cm, nonce))]);
  const branches = [];
  for (let t = 0; t <= bound; t++) branches.push(simulated.get(t));
  return { challenges: branches.map(([c]) => c), responses: branches.map(([, v]) => v) };
}

/** Check a proof that (α, β) encrypts one of {0…R}; throw InvalidProof naming `what`. */
export function verifyOneOf(ciphertext, proof, key, bound, context, { what }) {
  checkBound(bound);
  if (proof.challenges.length !== bound + 1 || proof.responses.length !== bound + 1) {
    throw new MalformedInput(
      `${what}: proof has ${proof.challenges.length} branches, expected ${bound + 1}`,
    );
  }
  const { alpha, beta } = ciphertext;
  const commitments = [];
  let total = 0n;
  for (let t = 0; t <= bound; t++) {
    const c = proof.challenges[t];
    const v = proof.responses[t];
    commitments.push(
      sub(mulBase(v), mul(c, alpha)),
      sub(mul(v, key), mul(c, sub(beta, smallMultiple(t)))),
    );
    total += bytesToBigIntLE(c);
  }
  const expected = challenge(context, bound, BASE, key, alpha, beta, ...commitments);
  if (total % ORDER !== bytesToBigIntLE(expected)) {
    throw new InvalidProof(`${what}: challenge mismatch`);
  }
}

/** c_0 ‖ … ‖ c_R ‖ v_0 ‖ … ‖ v_R. */
export function encodeDisjunctive(proof) {
  return concatBytes(...proof.challenges, ...proof.responses);
}

/** {"challenges": [hex…], "responses": [hex…]}. */
export function disjunctiveToDict(proof) {
  return {
    challenges: proof.challenges.map(bytesToHex),
    responses: proof.responses.map(bytesToHex),
  };
}

/** Parse with exactly R + 1 canonical challenges and responses. */
export function disjunctiveFromDict(data, { bound, what }) {
  expectKeys(data, ['challenges', 'responses'], what);
  const n = bound + 1;
  return {
    challenges: scalarList(listField(data, 'challenges', what, { length: n }), `${what}: challenges`),
    responses: scalarList(listField(data, 'responses', what, { length: n }), `${what}: responses`),
  };
}
