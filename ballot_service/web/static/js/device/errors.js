// Exceptions of the device crypto, one for one with ballot_service/crypto/errors.py.
// Verification throws, it never returns false; every message names the object and the check.

export class VerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}
/** A structure has the wrong shape, type, length, version or range. */
export class MalformedInput extends VerificationError {}
/** A point is not canonical, off the curve, outside the subgroup, or O where O is forbidden. */
export class InvalidPoint extends VerificationError {}
/** A scalar encoding is not canonical (≥ ℓ) or a scalar is zero where zero is forbidden. */
export class InvalidScalar extends VerificationError {}
/** A zero-knowledge proof does not verify (recomputed challenge differs). */
export class InvalidProof extends VerificationError {}
/** A ballot signature does not verify. */
export class InvalidSignature extends VerificationError {}
/** A decryption (here: a Benaloh opening) cannot be completed. */
export class DecryptionError extends VerificationError {}
/** A key file does not open: a wrong passphrase or an altered file. */
export class WrongPassphrase extends DecryptionError {}

export const ERRORS = {
  VerificationError,
  MalformedInput,
  InvalidPoint,
  InvalidScalar,
  InvalidProof,
  InvalidSignature,
  DecryptionError,
  WrongPassphrase,
};
