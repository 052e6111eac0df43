// Strict parsing of the JSON forms: exact keys, typed fields, lowercase hex; mirrors
// ballot_service/crypto/codec.py. Every helper names the object (`what`) and the field.
import { MalformedInput } from './errors.js';
import { decodePoint, decodeScalar, hexToBytes, typeName } from './group.js';

/** The `version` field of every artifact in this protocol version. */
export const FORMAT_VERSION = 1;

/** Check that data is a JSON object. */
export function expectMapping(data, what) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new MalformedInput(`${what}: expected an object, got ${typeName(data)}`);
  }
  return data;
}

/** Check that data has exactly these keys. */
export function expectKeys(data, keys, what) {
  expectMapping(data, what);
  const present = new Set(Object.keys(data));
  const missing = keys.filter((k) => !present.has(k)).sort();
  const extra = [...present].filter((k) => !keys.includes(k)).sort();
  if (missing.length || extra.length) {
    throw new MalformedInput(
      `${what}: missing fields ${JSON.stringify(missing)}, unexpected fields ${JSON.stringify(extra)}`,
    );
  }
}

/** Check data.version === FORMAT_VERSION. */
export function expectVersion(data, what) {
  if (data.version !== FORMAT_VERSION) {
    throw new MalformedInput(
      `${what}: unsupported version ${JSON.stringify(data.version)} (want ${FORMAT_VERSION})`,
    );
  }
}

/** An integer field with lo ≤ value ≤ hi. */
export function intField(data, key, what, { lo, hi }) {
  const value = data[key];
  if (!Number.isSafeInteger(value)) {
    throw new MalformedInput(`${what}: ${key} must be an integer, got ${JSON.stringify(value)}`);
  }
  if (value < lo || value > hi) {
    throw new MalformedInput(`${what}: ${key} = ${value} outside [${lo}, ${hi}]`);
  }
  return value;
}

/** A lowercase-hex field decoded to bytes (of the given length when not null). */
export function bytesField(data, key, what, length) {
  return hexToBytes(data[key], length, `${what}: ${key}`);
}

/** A point field, validated (O only when allowed). */
export function pointField(data, key, what, { allowIdentity = false } = {}) {
  return decodePoint(bytesField(data, key, what, 32), { allowIdentity, what: `${what}: ${key}` });
}

/** A canonical scalar field. */
export function scalarField(data, key, what) {
  return decodeScalar(bytesField(data, key, what, 32), `${what}: ${key}`);
}

/** A list field with an exact length, or a length in [lo, hi]. */
export function listField(data, key, what, { length = null, lo = 0, hi = 1 << 16 } = {}) {
  const value = data[key];
  if (!Array.isArray(value)) {
    throw new MalformedInput(`${what}: ${key} must be a list, got ${typeName(value)}`);
  }
  if (length !== null && value.length !== length) {
    throw new MalformedInput(`${what}: ${key} has ${value.length} items, expected ${length}`);
  }
  if (value.length < lo || value.length > hi) {
    throw new MalformedInput(`${what}: ${key} has ${value.length} items, outside [${lo}, ${hi}]`);
  }
  return value;
}

/** A list of canonical scalars in hex. */
export function scalarList(items, what) {
  return items.map((x, i) => decodeScalar(hexToBytes(x, 32, `${what}[${i}]`), `${what}[${i}]`));
}
