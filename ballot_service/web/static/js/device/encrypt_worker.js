// Web Worker (module): encrypts, proves and signs a ballot off the main thread.
//   new Worker(new URL('./encrypt_worker.js', import.meta.url), {type: 'module'})
// (encrypter.js wraps it.) Requests, all with {id, election: fp hex, key: K hex, token: t hex,
// levels}:
//   {type: 'credential'}          the card's public credential X (hex), to ask for its status
//   {type: 'prepare', officials}  computes everything that does not depend on the marks
//                                 (prepare.js) while the delegate reads; answers {id, ok, elapsed_ms}
//   {type: 'encrypt', choices}    the ballot for these marks (a level index or null per official),
//                                 finished from the prepared work when it was made for the same
//                                 election, key, card and shape, else made from scratch;
//                                 answers {id, ok, ballot: JSON form, nonces: {"version", "nonces"},
//                                 tracking_code, short_code, prepared: bool, elapsed_ms}
// A failure answers {id, ok: false, error: class name, message}. Prepared work is used once:
// any 'encrypt' discards it, so a Benaloh check's revealed nonces never encrypt another ballot.
// The token, x and the nonces leave the Worker only as the caller decides (the nonces only for a
// Benaloh check, after which that ballot is discarded). libsodium is loaded and warmed up as soon
// as the Worker starts, so the first ballot waits for neither.
import { ballotToDict, encryptBallot, noncesToDict, shortCode, trackingHash } from './ballot.js';
import { credentialFromToken } from './credentials.js';
import { BASE, add, bytesToHex, hexToBytes, mul, mulBase, pointFromHex, scalarFromBigInt } from './group.js';
import { hashToScalar } from './hashing.js';
import { finishBallot, prepareBallot } from './prepare.js';
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
let prepared = null; // {label, work}

function inputs(request) {
  return {
    fingerprint: hexToBytes(request.election, null, 'election'),
    key: pointFromHex(request.key, { what: 'election key' }),
    token: hexToBytes(request.token, 16, 'card token'),
  };
}

const labelOf = (request, officials) =>
  JSON.stringify([request.election, request.key, request.token, officials, request.levels]);

function prepare(request) {
  prepared = null;
  const { fingerprint, key, token } = inputs(request);
  const start = performance.now();
  const work = prepareBallot(fingerprint, key, token, request.officials, request.levels);
  prepared = { label: labelOf(request, request.officials), work };
  return { elapsed_ms: performance.now() - start };
}

function credential(request) {
  const { fingerprint, token } = inputs(request);
  return { credential: bytesToHex(credentialFromToken(fingerprint, token).public) };
}

function encrypt(request) {
  const waiting = prepared;
  prepared = null;
  const { fingerprint, key, token } = inputs(request);
  const usable =
    waiting !== null &&
    Array.isArray(request.choices) &&
    waiting.label === labelOf(request, request.choices.length);
  const start = performance.now();
  const { ballot, nonces } = usable
    ? finishBallot(waiting.work, request.choices)
    : encryptBallot(fingerprint, key, token, request.choices, request.levels);
  const elapsed = performance.now() - start;
  const tracking = trackingHash(ballot);
  return {
    ballot: ballotToDict(ballot),
    nonces: noncesToDict(nonces),
    tracking_code: bytesToHex(tracking),
    short_code: shortCode(tracking),
    prepared: usable,
    elapsed_ms: elapsed,
  };
}

self.addEventListener('message', async (event) => {
  const request = event.data ?? {};
  try {
    await loaded;
    const answer =
      request.type === 'prepare' ? prepare(request) : request.type === 'credential' ? credential(request) : encrypt(request);
    self.postMessage({ id: request.id, ok: true, ...answer });
  } catch (error) {
    self.postMessage({
      id: request.id,
      ok: false,
      error: error?.name ?? 'Error',
      message: String(error?.message ?? error),
    });
  }
});
