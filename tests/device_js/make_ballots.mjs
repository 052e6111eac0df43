// Print what the device crypto makes for a request on stdin (JSON), for the Python cross-check
// (tests/device_js/test_cross.py):
//   {"election": fp hex, "key": K hex,
//    "ballots": [{"token": hex, "choices": [level | null], "levels": L, "seed"?: str,
//                 "prepared"?: true, "officials"?: [names]}],
//    "signatures": [{"token": hex, "message": hex, "seed": str}]}
// Ballots with a seed draw from the Drbg of make_crypto_vectors.py (drbg.mjs), the others from
// crypto.getRandomValues; "prepared" ballots are made by prepareBallot + finishBallot.
// Output: {"ballots": [{ballot, nonces, challenge, tracking_code, short_code, secret,
// credential}], "signatures": [{secret, credential, signature}]}; challenge is the Benaloh
// challenge file (docs/PROTOCOL.md §7).
import { readFileSync } from 'node:fs';

import * as B from '../../ballot_service/web/static/js/device/ballot.js';
import * as C from '../../ballot_service/web/static/js/device/credentials.js';
import { finishBallot, prepareBallot } from '../../ballot_service/web/static/js/device/prepare.js';
import { bytesToHex, hexToBytes, pointFromHex } from '../../ballot_service/web/static/js/device/group.js';
import { schnorrToDict } from '../../ballot_service/web/static/js/device/proofs.js';
import { defaultRng } from '../../ballot_service/web/static/js/device/random.js';
import { ready } from '../../ballot_service/web/static/js/device/sodium.js';
import { drbg } from './drbg.mjs';

await ready();
const request = JSON.parse(readFileSync(0, 'utf8'));
const fp = hexToBytes(request.election);
const key = pointFromHex(request.key);
const credential = (token) => C.credentialFromToken(fp, hexToBytes(token, 16));
const out = { ballots: [], signatures: [] };
for (const b of request.ballots ?? []) {
  const rng = b.seed === undefined ? defaultRng : drbg(b.seed);
  const cred = credential(b.token);
  const token = hexToBytes(b.token, 16);
  const { ballot, nonces } = b.prepared
    ? finishBallot(prepareBallot(fp, key, token, b.choices.length, b.levels, { rng }), b.choices)
    : B.encryptBallot(fp, key, token, b.choices, b.levels, { rng });
  out.ballots.push({
    ballot: B.ballotToDict(ballot),
    nonces: B.noncesToDict(nonces),
    challenge: B.challengeToDict(ballot, nonces, key, b.officials ?? null),
    tracking_code: B.trackingCode(ballot),
    short_code: B.shortCode(B.trackingHash(ballot)),
    secret: bytesToHex(cred.secret),
    credential: bytesToHex(cred.public),
  });
}
for (const s of request.signatures ?? []) {
  const cred = credential(s.token);
  const signature = C.sign(fp, cred, hexToBytes(s.message, 32), { rng: drbg(s.seed) });
  out.signatures.push({
    secret: bytesToHex(cred.secret),
    credential: bytesToHex(cred.public),
    signature: schnorrToDict(signature),
  });
}
process.stdout.write(JSON.stringify(out));
