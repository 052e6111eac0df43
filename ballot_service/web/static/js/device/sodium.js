// The few libsodium functions the device crypto needs, called directly on the vendored
// WebAssembly build (vendor/libsodium/libsodium-sumo.mjs, see vendor/README.md), the same C
// functions the server calls through PyNaCl. Inputs and outputs are Uint8Array; a failure of a
// libsodium call is returned as null (the callers in group.js say what failed and why).
//
// Call `await ready()` once before anything else. Arguments are copied into a scratch area of
// the module's memory and results copied out, so no caller ever holds a view of that memory
// (which is replaced when it grows).
import factory from '../../vendor/libsodium/libsodium-sumo.mjs';

let lib = null;
let loading = null;
let scratch = 0; // three 64-byte slots: OUT, A, B
let big = 0; // a buffer for hash inputs, grown on demand
let bigSize = 0;
const SLOT = 64;

function libsodiumRandom() {
  // libsodium asks for randomness only inside sodium_init (to stir its generator, which this
  // code never uses); it gets it from the same source as everything else.
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0] >>> 0;
}

/** Load and initialise the WebAssembly module (once; later calls return the same promise). */
export function ready() {
  if (loading === null) {
    loading = factory({ getRandomValue: libsodiumRandom }).then((module) => {
      if (module._sodium_init() < 0) throw new Error('libsodium failed to initialise');
      scratch = module._malloc(3 * SLOT);
      lib = module;
    });
  }
  return loading;
}

function need() {
  if (lib === null) throw new Error('libsodium is not loaded yet: await ready() first');
  return lib;
}

function put(offset, bytes) {
  lib.HEAPU8.set(bytes, scratch + offset);
  return scratch + offset;
}

function take(n) {
  return lib.HEAPU8.slice(scratch, scratch + n);
}

function call2(fn, a, n) {
  need();
  return fn(scratch, put(SLOT, a)) === 0 ? take(n) : null;
}

function call3(fn, a, b, n) {
  need();
  return fn(scratch, put(SLOT, a), put(2 * SLOT, b)) === 0 ? take(n) : null;
}

/** s·B by the fixed-base table; null when the result is O (s ≡ 0 mod ℓ). */
export const scalarmultBase = (s) => call2(need()._crypto_scalarmult_ed25519_base_noclamp, s, 32);
/** s·P; null when P is not a valid subgroup point ≠ O or the result is O. */
export const scalarmult = (s, p) => call3(need()._crypto_scalarmult_ed25519_noclamp, s, p, 32);
/** P + Q (both on the curve, else null); may be O. */
export const add = (p, q) => call3(need()._crypto_core_ed25519_add, p, q, 32);
/** P − Q (both on the curve, else null); may be O. */
export const sub = (p, q) => call3(need()._crypto_core_ed25519_sub, p, q, 32);

/** True iff P is canonical, on the curve, in the prime-order subgroup and not O. */
export function isValidPoint(p) {
  const m = need();
  return m._crypto_core_ed25519_is_valid_point(put(SLOT, p)) === 1;
}

/** 64 bytes read little-endian, reduced mod ℓ. */
export function scalarReduce(wide) {
  const m = need();
  m._crypto_core_ed25519_scalar_reduce(scratch, put(SLOT, wide));
  return take(32);
}

function scalarOp2(name, a, b) {
  const m = need();
  m[name](scratch, put(SLOT, a), put(2 * SLOT, b));
  return take(32);
}

export const scalarAdd = (a, b) => scalarOp2('_crypto_core_ed25519_scalar_add', a, b);
export const scalarSub = (a, b) => scalarOp2('_crypto_core_ed25519_scalar_sub', a, b);
export const scalarMul = (a, b) => scalarOp2('_crypto_core_ed25519_scalar_mul', a, b);

export function scalarNegate(a) {
  const m = need();
  m._crypto_core_ed25519_scalar_negate(scratch, put(SLOT, a));
  return take(32);
}

/** a⁻¹ mod ℓ (the caller refuses 0). */
export function scalarInvert(a) {
  const m = need();
  m._crypto_core_ed25519_scalar_invert(scratch, put(SLOT, a));
  return take(32);
}

/** SHA-512 of the bytes. */
export function sha512(data) {
  const m = need();
  if (data.length > bigSize) {
    if (big !== 0) m._free(big);
    bigSize = Math.max(4096, 2 * data.length);
    big = m._malloc(bigSize);
    if (big === 0) throw new Error('libsodium: out of memory');
  }
  m.HEAPU8.set(data, big);
  m._crypto_hash_sha512(scratch, big, data.length, 0);
  return take(64);
}

// --- the key ceremony's extra primitives (static/js/ceremony): X25519, scrypt, Ed25519 ---

function withBuffer(m, n, fn) {
  const at = m._malloc(Math.max(n, 1));
  if (at === 0) throw new Error('libsodium: out of memory');
  try {
    return fn(at);
  } finally {
    m.HEAPU8.fill(0, at, at + n); // the buffers hold secrets: wipe before freeing
    m._free(at);
  }
}

/** X25519(n, 9): the public key of the (clamped) 32-byte secret n. */
export function x25519Base(n) {
  return call2(need()._crypto_scalarmult_base, n, 32);
}

/** X25519(n, p); null when the result is all zero (p of low order). */
export function x25519(n, p) {
  return call3(need()._crypto_scalarmult, n, p, 32);
}

/** scrypt(password, salt, N, r, p) → `length` bytes (RFC 7914), libsodium's
 *  crypto_pwhash_scryptsalsa208sha256_ll; throws when it fails (e.g. out of memory). */
export function scrypt(password, salt, n, r, p, length) {
  const m = need();
  return withBuffer(m, password.length + salt.length + length, (at) => {
    m.HEAPU8.set(password, at);
    m.HEAPU8.set(salt, at + password.length);
    const out = at + password.length + salt.length;
    // N is a uint64_t: the WebAssembly build takes it as two 32-bit halves (low, high).
    const rc = m._crypto_pwhash_scryptsalsa208sha256_ll(
      at, password.length, at + password.length, salt.length,
      n >>> 0, Math.floor(n / 2 ** 32), r, p, out, length,
    );
    if (rc !== 0) throw new Error('scrypt failed (out of memory?)');
    return m.HEAPU8.slice(out, out + length);
  });
}

/** The Ed25519 public key (32 bytes) of a 32-byte seed. */
export function ed25519PublicKey(seed) {
  const m = need();
  return withBuffer(m, 32 + 64 + 32, (at) => {
    m.HEAPU8.set(seed, at + 96);
    m._crypto_sign_seed_keypair(at, at + 32, at + 96);
    return m.HEAPU8.slice(at, at + 32);
  });
}

/** The Ed25519 signature (64 bytes, RFC 8032) of `message` by the key of a 32-byte seed. */
export function ed25519Sign(seed, message) {
  const m = need();
  return withBuffer(m, 32 + 64 + 32 + 64 + message.length, (at) => {
    const sk = at + 32;
    const sig = at + 128;
    const msg = at + 192;
    m.HEAPU8.set(seed, at + 96);
    m._crypto_sign_seed_keypair(at, sk, at + 96);
    m.HEAPU8.set(message, msg);
    m._crypto_sign_detached(sig, 0, msg, message.length, 0, sk);
    return m.HEAPU8.slice(sig, sig + 64);
  });
}
