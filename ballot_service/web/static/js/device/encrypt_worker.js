// Web Worker (module): encrypts, proves and signs a ballot off the main thread.
//   new Worker(new URL('./encrypt_worker.js', import.meta.url), {type: 'module'})
// Request:  {id, election: fp hex, key: K hex, token: t hex, choices: [level | null], levels}
// Answer:   {id, ok: true, ballot: JSON form, nonces: {"version", "nonces"}, tracking_code,
//            short_code, elapsed_ms}  or  {id, ok: false, error: class name, message}
// The token, x and the nonces never leave the device except as the caller decides (the nonces
// only for a Benaloh check, after which that ballot is discarded). libsodium is loaded and
// warmed up as soon as the Worker starts (while the delegate reads), so the first ballot waits
// for neither.
import { ballotToDict, encryptBallot, noncesToDict, shortCode, trackingHash } from './ballot.js';
import { BASE, add, bytesToHex, hexToBytes, mul, mulBase, pointFromHex, scalarFromBigInt } from './group.js';
import { hashToScalar } from './hashing.js';
import { ready } from './sodium.js';

const WARM_UP_ROUNDS = 60;

function warmUp() {
  // The engine compiles WebAssembly functions quickly first and optimises the hot ones later;
  // running the operations a ballot uses a few dozen times gets that done before the first
  // ballot (public values only).
  const s = scalarFromBigInt(0x1234567n);
  let p = BASE;
  for (let k = 0; k < WARM_UP_ROUNDS; k++) {
    p = add(mul(s, p), mulBase(s));
    hashToScalar('warm-up', p, k);
  }
}

const loaded = ready().then(warmUp);

function encrypt(request) {
  const fingerprint = hexToBytes(request.election, null, 'election');
  const key = pointFromHex(request.key, { what: 'election key' });
  const token = hexToBytes(request.token, 16, 'card token');
  const start = performance.now();
  const { ballot, nonces } = encryptBallot(fingerprint, key, token, request.choices, request.levels);
  const elapsed = performance.now() - start;
  const tracking = trackingHash(ballot);
  return {
    ballot: ballotToDict(ballot),
    nonces: noncesToDict(nonces),
    tracking_code: bytesToHex(tracking),
    short_code: shortCode(tracking),
    elapsed_ms: elapsed,
  };
}

self.addEventListener('message', async (event) => {
  const request = event.data ?? {};
  try {
    await loaded;
    self.postMessage({ id: request.id, ok: true, ...encrypt(request) });
  } catch (error) {
    self.postMessage({
      id: request.id,
      ok: false,
      error: error?.name ?? 'Error',
      message: String(error?.message ?? error),
    });
  }
});
