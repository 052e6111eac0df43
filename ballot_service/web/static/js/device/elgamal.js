// Exponential ElGamal over the Ed25519 subgroup (docs/PROTOCOL.md §4); mirrors
// ballot_service/crypto/elgamal.py. Enc_K(m; r) = (α, β) = (r·B, m·B + r·K); a ciphertext is
// {alpha, beta} with point bytes.
import { expectKeys, pointField } from './codec.js';
import { MalformedInput } from './errors.js';
import {
  IDENTITY,
  add,
  bytesToHex,
  concatBytes,
  isIdentity,
  mul,
  mulBase,
  randomScalar,
  smallMultiple,
} from './group.js';
import { defaultRng } from './random.js';

/** Enc_K(m; r) = (r·B, m·B + r·K) for an integer m ≥ 0. */
export function encrypt(m, key, nonce) {
  if (isIdentity(key)) throw new MalformedInput('encryption key is the identity');
  return { alpha: mulBase(nonce), beta: add(smallMultiple(m), mul(nonce, key)) };
}

/** Enc_K(m; r) with a fresh random r: {ciphertext, nonce}. */
export function encryptRandom(m, key, { rng = defaultRng } = {}) {
  const nonce = randomScalar(rng);
  return { ciphertext: encrypt(m, key, nonce), nonce };
}

/** Σ ciphertexts (homomorphic sum; (O, O) for none). */
export function addAll(ciphertexts) {
  let alpha = IDENTITY;
  let beta = IDENTITY;
  for (const c of ciphertexts) {
    alpha = add(alpha, c.alpha);
    beta = add(beta, c.beta);
  }
  return { alpha, beta };
}

/** α ‖ β (64 bytes). */
export function encodeCiphertext(c) {
  return concatBytes(c.alpha, c.beta);
}

/** {"alpha": hex, "beta": hex}. */
export function ciphertextToDict(c) {
  return { alpha: bytesToHex(c.alpha), beta: bytesToHex(c.beta) };
}

/** Parse {"alpha", "beta"}; points are validated. */
export function ciphertextFromDict(data, { allowIdentity, what = 'ciphertext' }) {
  expectKeys(data, ['alpha', 'beta'], what);
  return {
    alpha: pointField(data, 'alpha', what, { allowIdentity }),
    beta: pointField(data, 'beta', what, { allowIdentity }),
  };
}
