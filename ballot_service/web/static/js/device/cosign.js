// The member's device as a witness (docs/LOG.md §5): its Ed25519 witness key, derived from its
// secret share (seed = H32_"witness-key"(fp, m, s_m), as ballot_service/crypto/witness_key.py),
// and tlog-cosignature/v1 cosignatures of a checkpoint body:
//   signed message = "cosignature/v1\ntime <t>\n" ‖ body; key id = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ pk)[:4].
import { concatBytes } from './group.js';
import { hash32 } from './hashing.js';
import { ed25519PublicKey, ed25519Sign } from './sodium.js';

export const WITNESS_TAG = 'witness-key';
const encoder = new TextEncoder();

/** The name member m cosigns under: member-<m>. */
export const witnessName = (trustee) => `member-${trustee}`;

/** The 32-byte Ed25519 seed of member m's witness key. */
export function witnessSeed(fingerprint, trustee, secret) {
  return hash32(WITNESS_TAG, fingerprint, trustee, secret);
}

/** The witness public key (32 bytes) of a seed. */
export const witnessPublicKey = (seed) => ed25519PublicKey(seed);

/** What a witness signs for a checkpoint body at POSIX time `timestamp`. */
export function cosignedMessage(body, timestamp) {
  return concatBytes(encoder.encode(`cosignature/v1\ntime ${timestamp}\n`), body);
}

/** The Ed25519 signature of the checkpoint body (bytes) at `timestamp` (whole seconds). */
export function cosign(seed, body, timestamp) {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new Error(`bad timestamp ${timestamp}`);
  return ed25519Sign(seed, cosignedMessage(body, timestamp));
}
