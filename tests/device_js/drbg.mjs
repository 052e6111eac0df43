// The deterministic byte stream of tests/vectors/make_crypto_vectors.py (Drbg), so the device
// crypto can replay the Python's draws: SHA-512("ballot_service/v1/test-drbg" ‖ u32 len(seed) ‖
// seed ‖ u64 counter) for counter = 0, 1, … concatenated; rng(n) returns the next n bytes.
import { createHash } from 'node:crypto';

export function drbg(seed) {
  const seedBytes = Buffer.from(seed, 'utf8');
  let counter = 0n;
  let buffer = Buffer.alloc(0);
  return (n) => {
    while (buffer.length < n) {
      const head = Buffer.alloc(4);
      head.writeUInt32BE(seedBytes.length);
      const count = Buffer.alloc(8);
      count.writeBigUInt64BE(counter);
      const block = createHash('sha512')
        .update('ballot_service/v1/test-drbg')
        .update(head)
        .update(seedBytes)
        .update(count)
        .digest();
      buffer = Buffer.concat([buffer, block]);
      counter += 1n;
    }
    const out = new Uint8Array(buffer.subarray(0, n));
    buffer = buffer.subarray(n);
    return out;
  };
}
