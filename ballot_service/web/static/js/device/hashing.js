// Domain-separated hashing H_tag with SHA-512 (docs/PROTOCOL.md §3); mirrors
// ballot_service/crypto/hashing.py.
//
// H_tag(x₁, …, xₙ) = SHA-512("ballot_service/v1/" ‖ tag ‖ u32(len e₁) ‖ e₁ ‖ … ‖ u32(len eₙ) ‖ eₙ)
// with the typed encoding e of each part: a Uint8Array (bytes, a point or a scalar) as is, an
// integer (0 ≤ v < 2^64, a Number or a BigInt) as u64 big-endian, a string as UTF-8.
import { MalformedInput } from './errors.js';
import { reduceScalar, typeName } from './group.js';
import { sha512 } from './sodium.js';

const encoder = new TextEncoder();
export const DOMAIN = encoder.encode('ballot_service/v1/');
const TAG = /^[a-z0-9][a-z0-9/-]*$/;
const MAX_PART = 1 << 24;
const U64 = 1n << 64n;

/** The typed encoding e(x) of one part (without its length prefix). */
export function encodePart(part) {
  if (part instanceof Uint8Array) return part;
  if (typeof part === 'number' || typeof part === 'bigint') {
    if (typeof part === 'number' && !Number.isSafeInteger(part)) {
      throw new MalformedInput(`hash part: ${part} is not an integer`);
    }
    const v = BigInt(part);
    if (v < 0n || v >= U64) throw new MalformedInput(`hash part: int ${v} outside [0, 2^64)`);
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, v);
    return out;
  }
  if (typeof part === 'string') return encoder.encode(part);
  throw new MalformedInput(`hash part: unsupported type ${typeName(part)}`);
}

/** H_tag(parts): the 64-byte SHA-512 digest. */
export function taggedHash(tag, ...parts) {
  if (typeof tag !== 'string' || !TAG.test(tag)) {
    throw new MalformedInput(`hash tag ${JSON.stringify(tag)} is not [a-z0-9/-]`);
  }
  const encoded = parts.map(encodePart);
  const tagBytes = encoder.encode(tag);
  let n = DOMAIN.length + tagBytes.length;
  for (const e of encoded) {
    if (e.length >= MAX_PART) throw new MalformedInput(`hash part of ${e.length} bytes is too long`);
    n += 4 + e.length;
  }
  const buf = new Uint8Array(n);
  const view = new DataView(buf.buffer);
  buf.set(DOMAIN, 0);
  buf.set(tagBytes, DOMAIN.length);
  let k = DOMAIN.length + tagBytes.length;
  for (const e of encoded) {
    view.setUint32(k, e.length);
    buf.set(e, k + 4);
    k += 4 + e.length;
  }
  return sha512(buf);
}

/** H_tag(parts) read as a 512-bit little-endian integer, reduced mod ℓ. */
export function hashToScalar(tag, ...parts) {
  return reduceScalar(taggedHash(tag, ...parts));
}

/** The first 32 bytes of H_tag(parts) (ballot hashes, tracking codes). */
export function hash32(tag, ...parts) {
  return taggedHash(tag, ...parts).slice(0, 32);
}
