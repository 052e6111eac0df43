// Ballot-card credentials and the ballot signature (docs/PROTOCOL.md §6); mirrors
// ballot_service/crypto/credentials.py.
//   card token t (16 random bytes) → x = H_"credential"(fp, t) mod ℓ, X = x·B
//   signature of a 32-byte M: Schnorr with G = B, P = X, context ("credential-signature", fp, X, M)
import { InvalidScalar, InvalidSignature, MalformedInput } from './errors.js';
import { isZeroScalar, mulBase } from './group.js';
import { hashToScalar } from './hashing.js';
import { proofContext, proveDlog, verifyDlog } from './proofs.js';
import { defaultRng } from './random.js';

export const TOKEN_BYTES = 16;
export const CREDENTIAL_TAG = 'credential';
export const SIGNATURE_TAG = 'credential-signature';

/** A fresh 128-bit card token. */
export function newToken({ rng = defaultRng } = {}) {
  return rng(TOKEN_BYTES);
}

/** {secret: x, public: X} from the card token: x = H_"credential"(fp, t) mod ℓ, X = x·B. */
export function credentialFromToken(fingerprint, token) {
  if (!(token instanceof Uint8Array) || token.length !== TOKEN_BYTES) {
    throw new MalformedInput(`credential token: expected ${TOKEN_BYTES} bytes`);
  }
  if (!(fingerprint instanceof Uint8Array)) {
    throw new MalformedInput('election fingerprint: expected bytes');
  }
  return credentialFromSecret(hashToScalar(CREDENTIAL_TAG, fingerprint, token));
}

/** {secret: x, public: X = x·B} for a non-zero x. */
export function credentialFromSecret(secret) {
  if (isZeroScalar(secret)) throw new InvalidScalar('credential secret is 0');
  return { secret, public: mulBase(secret) };
}

/** The signature's proof context: ("credential-signature", fp, X, M). */
export function signatureContext(fingerprint, pub, message) {
  if (!(message instanceof Uint8Array) || message.length !== 32) {
    throw new MalformedInput('signed message: expected a 32-byte hash');
  }
  return proofContext(SIGNATURE_TAG, [fingerprint, pub, message]);
}

/** σ = {challenge: e, response: s}, a Schnorr signature of the 32-byte M under x. */
export function sign(fingerprint, credential, message, { rng = defaultRng } = {}) {
  const context = signatureContext(fingerprint, credential.public, message);
  return proveDlog(credential.secret, credential.public, context, { rng });
}

/** Check σ under X; throw InvalidSignature naming `what`. */
export function verifySignature(fingerprint, pub, message, signature, { what }) {
  verifyDlog(pub, signature, signatureContext(fingerprint, pub, message), {
    what: `${what}: signature`,
    error: InvalidSignature,
  });
}
