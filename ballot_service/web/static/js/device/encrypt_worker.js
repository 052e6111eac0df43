// Web Worker (module): encrypts, proves and signs a ballot off the main thread.
//   new Worker(new URL('./encrypt_worker.js', import.meta.url), {type: 'module'})
// Request:  {id, election: fp hex, key: K hex, token: t hex, choices: [level | null], levels}
// Answer:   {id, ok: true, ballot: JSON form, nonces: {"version", "nonces"}, tracking_code,
//            short_code, elapsed_ms}  or  {id, ok: false, error: class name, message}
// The token, x and the nonces never leave the device except as the caller decides (the nonces
// only for a Benaloh check, after which that ballot is discarded). libsodium is loaded at start,
// so the first ballot does not wait for it.
import { ballotToDict, encryptBallot, noncesToDict, shortCode, trackingHash } from './ballot.js';
import { hexToBytes, bytesToHex, pointFromHex } from './group.js';
import { ready } from './sodium.js';

const loaded = ready();

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
