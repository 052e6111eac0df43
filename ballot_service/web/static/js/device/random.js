// The one source of randomness of the device crypto: crypto.getRandomValues. Every function that
// draws takes an `rng` option (rng(n) returns n random bytes) so known-answer tests can replay the
// Python's draws; nothing else ever supplies randomness in production.
const CHUNK = 65536; // getRandomValues refuses more per call

/** n bytes from crypto.getRandomValues. */
export function defaultRng(n) {
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k += CHUNK) {
    globalThis.crypto.getRandomValues(out.subarray(k, Math.min(n, k + CHUNK)));
  }
  return out;
}
