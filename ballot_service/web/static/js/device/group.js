// The prime-order subgroup of Ed25519 (order ℓ, base point B) over libsodium; mirrors
// ballot_service/crypto/group.py. Scalars are Uint8Array(32), integers mod ℓ little-endian;
// points are Uint8Array(32), RFC 8032 encodings (docs/PROTOCOL.md §2).
//
// A point read from outside goes through decodePoint, which accepts it only if it is 32 bytes,
// canonical, on the curve, in the prime-order subgroup and not O (unless O is allowed).
// libsodium edges handled here, as in the Python: its multiplication refuses a zero scalar, O and
// any invalid point; add/sub only check that their inputs are on the curve and may return O.
import * as sodium from './sodium.js';
import { InvalidPoint, InvalidScalar, MalformedInput } from './errors.js';

export const ORDER = (1n << 252n) + 27742317777372353535851937790883648493n;
export const FIELD_PRIME = (1n << 255n) - 19n;
export const SCALAR_BYTES = 32;
export const POINT_BYTES = 32;

// --- bytes and hex --------------------------------------------------------------------------

const HEX = /^[0-9a-f]*$/;

/** Lowercase hex to bytes, checking the type and (when not null) the decoded length. */
export function hexToBytes(text, length = null, what = 'hex') {
  if (typeof text !== 'string') {
    throw new MalformedInput(`${what}: expected a hex string, got ${typeName(text)}`);
  }
  if (text !== text.toLowerCase()) throw new MalformedInput(`${what}: hex must be lowercase`);
  if (!HEX.test(text) || text.length % 2 !== 0) {
    throw new MalformedInput(`${what}: not a hex string: ${JSON.stringify(text.slice(0, 16))}`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
  if (length !== null && out.length !== length) {
    throw new MalformedInput(`${what}: expected ${length} bytes, got ${out.length}`);
  }
  return out;
}

const HEX_DIGITS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Bytes to lowercase hex. */
export function bytesToHex(bytes) {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b];
  return out;
}

export function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return typeof value;
}

/** Byte strings equal (lengths and contents). */
export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** a ‖ b ‖ … */
export function concatBytes(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

function checkBytes(data, length, what) {
  if (!(data instanceof Uint8Array)) {
    throw new MalformedInput(`${what}: expected bytes, got ${typeName(data)}`);
  }
  if (data.length !== length) {
    throw new MalformedInput(`${what}: expected ${length} bytes, got ${data.length}`);
  }
  return data;
}

// --- scalars --------------------------------------------------------------------------------

export const ZERO = new Uint8Array(32);
export const ONE = scalarFromBigInt(1n);

/** The scalar v mod ℓ (a BigInt or a safe integer). */
export function scalarFromBigInt(v) {
  let n = BigInt(v) % ORDER;
  if (n < 0n) n += ORDER;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** The integer a scalar (or any little-endian byte string) encodes. */
export function bytesToBigIntLE(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

/** Decode 32 bytes little-endian; refuse any value ≥ ℓ (non-canonical). */
export function decodeScalar(data, what = 'scalar') {
  const raw = checkBytes(data, SCALAR_BYTES, what);
  if (bytesToBigIntLE(raw) >= ORDER) {
    throw new InvalidScalar(`${what}: encoding ${bytesToHex(raw)} is not reduced mod ℓ`);
  }
  return raw.slice();
}

/** A canonical scalar from 64 lowercase hex characters. */
export function scalarFromHex(text, what = 'scalar') {
  return decodeScalar(hexToBytes(text, SCALAR_BYTES, what), what);
}

/** 64 bytes read little-endian, reduced mod ℓ (as RFC 8032 does with SHA-512 output). */
export function reduceScalar(wide) {
  return sodium.scalarReduce(checkBytes(wide, 64, 'wide scalar'));
}

/** Uniform non-zero scalar: draw 64 bytes from rng, reduce mod ℓ; draw again on 0. */
export function randomScalar(rng) {
  for (;;) {
    const s = reduceScalar(rng(64));
    if (!isZeroScalar(s)) return s;
  }
}

export function isZeroScalar(s) {
  let acc = 0;
  for (let i = 0; i < s.length; i++) acc |= s[i];
  return acc === 0;
}

export const scalarAdd = sodium.scalarAdd;
export const scalarSub = sodium.scalarSub;
export const scalarMul = sodium.scalarMul;
export const scalarNegate = sodium.scalarNegate;

/** s⁻¹ mod ℓ; InvalidScalar for 0. */
export function scalarInverse(s) {
  if (isZeroScalar(s)) throw new InvalidScalar('scalar 0 has no inverse mod ℓ');
  return sodium.scalarInvert(s);
}

// --- points ---------------------------------------------------------------------------------

/** B, the RFC 8032 base point (y = 4/5, x even). */
export const BASE = hexToBytes('5866666666666666666666666666666666666666666666666666666666666666');
/** O, the neutral element (x = 0, y = 1). */
export const IDENTITY = hexToBytes(
  '0100000000000000000000000000000000000000000000000000000000000000',
);

export const isIdentity = (p) => equalBytes(p, IDENTITY);
const isBase = (p) => equalBytes(p, BASE);

/** Decode and validate: canonical, on the curve, in the subgroup, O only if allowed. */
export function decodePoint(data, { allowIdentity = false, what = 'point' } = {}) {
  const raw = checkBytes(data, POINT_BYTES, what);
  if (isIdentity(raw)) {
    if (!allowIdentity) throw new InvalidPoint(`${what}: the identity is not allowed here`);
    return raw.slice();
  }
  validatePoint(raw, what);
  return raw.slice();
}

/** decodePoint of 64 lowercase hex characters. */
export function pointFromHex(text, { allowIdentity = false, what = 'point' } = {}) {
  return decodePoint(hexToBytes(text, POINT_BYTES, what), { allowIdentity, what });
}

/** Check a point ≠ O now; throw InvalidPoint naming the fault. */
export function validatePoint(p, what = 'point') {
  if (!sodium.isValidPoint(p)) throw new InvalidPoint(`${what}: ${bytesToHex(p)} is ${diagnose(p)}`);
}

/** P + Q; InvalidPoint if an operand is not on the curve. */
export function add(p, q) {
  if (isIdentity(p)) return q;
  if (isIdentity(q)) return p;
  const out = sodium.add(p, q);
  if (out === null) {
    throw new InvalidPoint(
      `point addition: an operand is not on the curve (${bytesToHex(p)}, ${bytesToHex(q)})`,
    );
  }
  return out;
}

/** P − Q; InvalidPoint if an operand is not on the curve. */
export function sub(p, q) {
  if (isIdentity(q)) return p;
  const out = sodium.sub(p, q);
  if (out === null) {
    throw new InvalidPoint(
      `point subtraction: an operand is not on the curve (${bytesToHex(p)}, ${bytesToHex(q)})`,
    );
  }
  return out;
}

/** s·P. s·O = O; 0·P = O (P still validated); B uses libsodium's fixed-base table. */
export function mul(s, p) {
  if (isIdentity(p)) return IDENTITY;
  if (isZeroScalar(s)) {
    validatePoint(p);
    return IDENTITY;
  }
  if (isBase(p)) return sodium.scalarmultBase(s);
  const out = sodium.scalarmult(s, p);
  if (out === null) {
    // 0 < s < ℓ and P ≠ O, so the only cause is an invalid P.
    validatePoint(p);
    throw new Error('libsodium rejected a valid point');
  }
  return out;
}

/** s·B (s ≠ 0 gives a point ≠ O; 0 gives O). */
export function mulBase(s) {
  return isZeroScalar(s) ? IDENTITY : sodium.scalarmultBase(s);
}

/** m·B for an integer m ≥ 0 (m = 0 gives O). */
export function smallMultiple(m) {
  if (!Number.isSafeInteger(m) || m < 0) {
    throw new MalformedInput(`small multiple: expected an integer ≥ 0, got ${String(m)}`);
  }
  return mulBase(scalarFromBigInt(m));
}

/** Say why libsodium refused an encoding (called on failure only). */
function diagnose(raw) {
  const y = bytesToBigIntLE(raw) & ((1n << 255n) - 1n);
  if (y >= FIELD_PRIME) return 'a non-canonical encoding (y ≥ p)';
  if ((y === 1n || y === FIELD_PRIME - 1n) && raw[31] >> 7) {
    return 'a non-canonical encoding (x = 0 with the sign bit set)';
  }
  const p2 = sodium.add(raw, raw);
  if (p2 === null) return 'not on the curve';
  let p8 = sodium.add(p2, p2);
  p8 = sodium.add(p8, p8);
  if (isIdentity(p8)) return 'a small-order (torsion) point';
  return 'not in the prime-order subgroup (mixed order)';
}
