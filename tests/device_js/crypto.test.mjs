// node --test tests/device_js — the device crypto (static/js/device) against the shared
// known-answer vectors tests/vectors/crypto_*.json, replaying the Python's draws with the same
// deterministic generator, and against every invalid-point vector.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as B from '../../ballot_service/web/static/js/device/ballot.js';
import * as C from '../../ballot_service/web/static/js/device/credentials.js';
import * as D from '../../ballot_service/web/static/js/device/disjunctive.js';
import * as E from '../../ballot_service/web/static/js/device/elgamal.js';
import * as Err from '../../ballot_service/web/static/js/device/errors.js';
import * as G from '../../ballot_service/web/static/js/device/group.js';
import * as H from '../../ballot_service/web/static/js/device/hashing.js';
import * as P from '../../ballot_service/web/static/js/device/proofs.js';
import { ready } from '../../ballot_service/web/static/js/device/sodium.js';
import { drbg } from './drbg.mjs';

await ready();

const vectors = (name) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../vectors/${name}`, import.meta.url)), 'utf8'));
const group = vectors('crypto_group.json');
const hashing = vectors('crypto_hashing.json');
const elgamal = vectors('crypto_elgamal.json');
const proofs = vectors('crypto_proofs.json');
const credentials = vectors('crypto_credentials.json');
const ballots = vectors('crypto_ballot.json');
const h = (x) => G.hexToBytes(x);
const hex = G.bytesToHex;
const sc = (x) => G.scalarFromHex(x);
const pt = (x) => G.pointFromHex(x);
const context = (c) => P.proofContext(c.tag, c.parts.map((p) => (typeof p === 'string' ? h(p) : p)));
const INVALID_POINTS = Object.entries(group.invalid)
  .filter(([kind]) => kind !== 'non_reduced_scalars')
  .flatMap(([kind, list]) => list.map((x) => [kind, x]));

test('group constants, scalar multiples of B and RFC 8032 test 1', () => {
  assert.equal(G.ORDER.toString(), group.order);
  assert.equal(hex(G.scalarFromBigInt(G.ORDER - 1n + 1n)), '00'.repeat(32));
  assert.equal(hex(G.BASE), group.base);
  assert.equal(hex(G.IDENTITY), group.identity);
  const t = group.rfc8032_test1;
  const clamped = G.bytesToBigIntLE(h(t.clamped_scalar_le));
  assert.equal(hex(G.scalarFromBigInt(clamped)), t.scalar_mod_order);
  assert.equal(hex(G.mul(sc(t.scalar_mod_order), G.BASE)), t.expected_public_key);
  for (const v of group.scalar_mults) {
    assert.equal(hex(G.mul(sc(v.scalar), G.BASE)), v.base_times_scalar);
    assert.equal(hex(G.mulBase(sc(v.scalar))), v.base_times_scalar);
  }
  const rng = drbg('group');
  const [s1, s2] = [G.randomScalar(rng), G.randomScalar(rng)];
  assert.equal(hex(s1), group.scalar_ops.a);
  assert.equal(hex(s2), group.scalar_ops.b);
});

test('point multiplication and addition, scalar arithmetic', () => {
  const m = group.point_mult;
  assert.equal(hex(G.mul(sc(m.scalar), pt(m.point))), m.result);
  const a = group.point_add;
  assert.equal(hex(G.add(pt(a.p), pt(a.q))), a.sum);
  assert.equal(hex(G.sub(pt(a.p), pt(a.q))), a.difference);
  assert.equal(hex(G.sub(pt(a.p), pt(a.p))), a.p_minus_p);
  assert.deepEqual(G.add(G.IDENTITY, pt(a.p)), pt(a.p));
  assert.deepEqual(G.mul(G.ZERO, pt(a.p)), G.IDENTITY);
  assert.deepEqual(G.mul(sc(m.scalar), G.IDENTITY), G.IDENTITY);
  assert.deepEqual(G.smallMultiple(0), G.IDENTITY);
  assert.deepEqual(G.smallMultiple(1), G.BASE);
  const o = group.scalar_ops;
  assert.equal(hex(G.scalarAdd(sc(o.a), sc(o.b))), o.sum);
  assert.equal(hex(G.scalarMul(sc(o.a), sc(o.b))), o.product);
  assert.equal(hex(G.scalarInverse(sc(o.a))), o.inverse_a);
  assert.throws(() => G.scalarInverse(G.ZERO), Err.InvalidScalar);
});

test('every invalid point vector is refused, by decoding and by multiplication', () => {
  assert.ok(INVALID_POINTS.length >= 20);
  const s = sc(group.scalar_ops.a);
  for (const [kind, x] of INVALID_POINTS) {
    for (const allowIdentity of [false, true]) {
      assert.throws(() => G.pointFromHex(x, { allowIdentity }), Err.InvalidPoint, `${kind} ${x} decoded`);
    }
    assert.throws(() => G.mul(s, h(x)), Err.InvalidPoint, `${kind} ${x} multiplied`);
    assert.throws(() => G.mul(G.ZERO, h(x)), Err.InvalidPoint, `${kind} ${x} multiplied by 0`);
  }
  const why = (x) => {
    try {
      G.pointFromHex(x);
    } catch (e) {
      return e.message;
    }
    return 'accepted';
  };
  for (const x of group.invalid.mixed_order) assert.match(why(x), /mixed order/);
  for (const x of group.invalid.small_order.filter((x) => x.startsWith('c7') || x.startsWith('26'))) {
    assert.match(why(x), /small-order/);
  }
  for (const x of group.invalid.off_curve) assert.match(why(x), /not on the curve/);
  for (const x of group.invalid.non_canonical) assert.match(why(x), /non-canonical/);
  assert.match(why('01' + '00'.repeat(30) + '80'), /x = 0 with the sign bit/);
  // O only where allowed.
  assert.throws(() => G.pointFromHex(group.identity), Err.InvalidPoint);
  assert.deepEqual(G.pointFromHex(group.identity, { allowIdentity: true }), G.IDENTITY);
  // Length, case and type.
  assert.throws(() => G.pointFromHex(group.point_add.p.toUpperCase()), Err.MalformedInput);
  assert.throws(() => G.pointFromHex(group.base.slice(2)), Err.MalformedInput);
  assert.throws(() => G.pointFromHex(group.base + '00'), Err.MalformedInput);
  assert.throws(() => G.pointFromHex(` ${group.base.slice(1)}`), Err.MalformedInput);
  assert.throws(() => G.decodePoint(Array.from(G.BASE)), Err.MalformedInput);
});

test('non-reduced scalars are refused', () => {
  for (const x of group.invalid.non_reduced_scalars) {
    assert.throws(() => G.scalarFromHex(x), Err.InvalidScalar, x);
  }
  assert.equal(hex(G.scalarFromHex(group.scalar_ops.a)), group.scalar_ops.a);
});

test('tagged hashes, hash_to_scalar and hash32', () => {
  const part = (p) => {
    const [[type, value]] = Object.entries(p);
    if (type === 'int') return value;
    if (type === 'str') return value;
    return h(value);
  };
  for (const c of hashing.cases) {
    const parts = c.parts.map(part);
    assert.equal(hex(H.taggedHash(c.tag, ...parts)), c.sha512);
    if (c.hash_to_scalar) assert.equal(hex(H.hashToScalar(c.tag, ...parts)), c.hash_to_scalar);
    if (c.hash32) assert.equal(hex(H.hash32(c.tag, ...parts)), c.hash32);
  }
  assert.deepEqual(H.taggedHash('t', 1234), H.taggedHash('t', 1234n));
  for (const bad of ['', 'Upper', 'a b', '/x', 'é']) assert.throws(() => H.taggedHash(bad), Err.MalformedInput);
  for (const bad of [-1, 2 ** 64, 1.5, true, null, {}, [1]]) {
    assert.throws(() => H.taggedHash('t', bad), Err.MalformedInput, String(bad));
  }
  assert.throws(() => H.taggedHash('t', 1n << 64n), Err.MalformedInput);
});

test('ElGamal encryptions of 0, 1 and 5', () => {
  const rng = drbg('elgamal');
  const s = G.randomScalar(rng);
  assert.equal(hex(s), elgamal.secret);
  const key = G.mulBase(s);
  assert.equal(hex(key), elgamal.public);
  for (const c of elgamal.cases) {
    const r = G.randomScalar(rng);
    assert.equal(hex(r), c.nonce);
    assert.deepEqual(E.ciphertextToDict(E.encrypt(c.m, key, r)), { alpha: c.alpha, beta: c.beta });
  }
  assert.throws(() => E.encrypt(1, G.IDENTITY, sc(elgamal.cases[0].nonce)), Err.MalformedInput);
});

test('Schnorr, Chaum–Pedersen, 0/1 and one-of-{0…3} proofs replay the Python draws', () => {
  const rng = drbg('proofs');
  const s = G.randomScalar(rng);
  const key = G.mulBase(s);
  assert.equal(hex(key), proofs.election_key);
  const x = G.randomScalar(rng);
  const sv = proofs.schnorr;
  assert.equal(hex(x), sv.secret);
  const schnorr = P.proveDlog(x, G.mulBase(x), context(sv.context), { rng });
  assert.deepEqual(P.schnorrToDict(schnorr), { challenge: sv.challenge, response: sv.response });
  P.verifyDlog(pt(sv.public), schnorr, context(sv.context), { what: 'schnorr' });
  const r = G.randomScalar(rng);
  const ct = E.encrypt(1, key, r);
  const cv = proofs.chaum_pedersen;
  const d = G.mul(s, ct.alpha);
  const cp = P.proveEqualDlogs(s, G.BASE, ct.alpha, key, d, context(cv.context), { rng });
  assert.deepEqual(P.schnorrToDict(cp), { challenge: cv.challenge, response: cv.response });
  P.verifyEqualDlogs(G.BASE, pt(cv.h), pt(cv.p), pt(cv.q), cp, context(cv.context), { what: 'cp' });
  const zv = proofs.zero_or_one;
  const zo = D.proveOneOf(ct, 1, r, key, 1, context(zv.context), { rng });
  assert.deepEqual(D.disjunctiveToDict(zo), zv.proof);
  const r3 = G.randomScalar(rng);
  const ov = proofs.one_of_0_to_3;
  assert.equal(hex(r3), ov.nonce);
  const ct3 = E.encrypt(2, key, r3);
  assert.deepEqual(E.ciphertextToDict(ct3), { alpha: ov.alpha, beta: ov.beta });
  const one = D.proveOneOf(ct3, 2, r3, key, 3, context(ov.context), { rng });
  assert.deepEqual(D.disjunctiveToDict(one), ov.proof);
  // The verifiers accept the vectors and refuse each changed challenge or response.
  const zp = D.disjunctiveFromDict(zv.proof, { bound: 1, what: 'zo' });
  D.verifyOneOf(ct, zp, key, 1, context(zv.context), { what: 'zo' });
  const op = D.disjunctiveFromDict(ov.proof, { bound: 3, what: 'one-of' });
  D.verifyOneOf(ct3, op, key, 3, context(ov.context), { what: 'one-of' });
  assert.throws(() => D.verifyOneOf(ct3, op, key, 2, context(ov.context), { what: 'R' }), Err.MalformedInput);
  for (const field of ['challenges', 'responses']) {
    for (let t = 0; t < 4; t++) {
      const bad = { ...op, [field]: op[field].map((v, k) => (k === t ? G.scalarAdd(v, G.ONE) : v)) };
      assert.throws(() => D.verifyOneOf(ct3, bad, key, 3, context(ov.context), { what: 'x' }), Err.InvalidProof);
    }
  }
  const other = { ...cp, response: G.scalarAdd(cp.response, G.ONE) };
  assert.throws(
    () => P.verifyEqualDlogs(G.BASE, pt(cv.h), pt(cv.p), pt(cv.q), other, context(cv.context), { what: 'cp' }),
    Err.InvalidProof,
  );
  assert.throws(() => D.proveOneOf(ct, 2, r, key, 1, context(zv.context), { rng }), Err.MalformedInput);
  assert.throws(() => D.proveOneOf(ct, 0, r, key, 65, context(zv.context), { rng }), Err.MalformedInput);
});

test('credentials from card tokens and their signatures', () => {
  const rng = drbg('credentials');
  const fp = h(credentials.election);
  for (const c of credentials.cases) {
    const token = rng(16);
    assert.equal(hex(token), c.token);
    const cred = C.credentialFromToken(fp, token);
    assert.equal(hex(cred.secret), c.secret);
    assert.equal(hex(cred.public), c.public);
    const message = H.hash32('test/message', token);
    assert.equal(hex(message), c.message);
    const sig = C.sign(fp, cred, message, { rng });
    assert.deepEqual(P.schnorrToDict(sig), c.signature);
    C.verifySignature(fp, cred.public, message, sig, { what: 'card' });
    const bad = { ...sig, challenge: G.scalarAdd(sig.challenge, G.ONE) };
    assert.throws(() => C.verifySignature(fp, cred.public, message, bad, { what: 'card' }), Err.InvalidSignature);
    const other = H.hash32('test/message', fp);
    assert.throws(() => C.verifySignature(fp, cred.public, other, sig, { what: 'card' }), Err.InvalidSignature);
  }
  assert.throws(() => C.credentialFromToken(fp, new Uint8Array(15)), Err.MalformedInput);
  assert.throws(() => C.credentialFromSecret(G.ZERO), Err.InvalidScalar);
  assert.throws(() => C.sign(fp, C.credentialFromToken(fp, new Uint8Array(16)), new Uint8Array(31)), Err.MalformedInput);
});

test('ballots replay the Python draws: JSON, message hash, tracking and short codes, nonces', () => {
  const rng = drbg('ballot');
  const fp = h(ballots.election);
  const s = G.randomScalar(rng);
  assert.equal(hex(s), ballots.election_secret);
  const key = G.mulBase(s);
  assert.equal(hex(key), ballots.election_key);
  for (const c of ballots.cases) {
    const token = rng(16);
    assert.equal(hex(token), c.token);
    const { ballot, nonces } = B.encryptBallot(fp, key, token, c.choices, c.levels, { rng });
    assert.deepEqual(B.ballotToDict(ballot), c.ballot);
    assert.deepEqual(B.noncesToDict(nonces), c.nonces);
    assert.equal(hex(B.messageHash(ballot)), c.message_hash);
    assert.equal(B.trackingCode(ballot), c.tracking_code);
    assert.equal(B.shortCode(B.trackingHash(ballot)), c.short_code);
    assert.deepEqual(B.shortCodePrefix(c.short_code.toLowerCase().replaceAll('0', 'o')), B.trackingHash(ballot).subarray(0, 10));
    // The parsed vector is the same ballot, verifies, and opens to the choices.
    const parsed = B.ballotFromDict(c.ballot);
    assert.deepEqual(B.ballotToDict(parsed), c.ballot);
    B.verifyBallot(parsed, fp, key, { officials: c.choices.length, levels: c.levels });
    const opened = B.noncesFromDict(c.nonces);
    assert.deepEqual(B.openBallot(parsed, opened, key), c.choices);
    assert.deepEqual(B.checkOpening(parsed, opened, key, c.choices), c.choices);
  }
});

test('a ballot parser refuses every invalid point in X, α and β, and O', () => {
  const c = ballots.cases[0].ballot;
  const places = [
    ['credential', (b, x) => (b.credential = x)],
    ['alpha', (b, x) => (b.rows[1].cells[2].alpha = x)],
    ['beta', (b, x) => (b.rows[2].cells[0].beta = x)],
  ];
  for (const [name, put] of places) {
    for (const [kind, x] of [...INVALID_POINTS, ['identity', group.identity]]) {
      const bad = structuredClone(c);
      put(bad, x);
      assert.throws(() => B.ballotFromDict(bad), Err.InvalidPoint, `${name} ${kind} ${x} accepted`);
    }
  }
});

test('a ballot parser refuses malformed JSON', () => {
  const c = ballots.cases[0].ballot;
  const mutations = [
    (b) => (b.version = 2),
    (b) => (b.version = true),
    (b) => delete b.signature,
    (b) => (b.extra = 1),
    (b) => (b.levels = 9),
    (b) => (b.levels = '3'),
    (b) => (b.rows = []),
    (b) => b.rows[0].cells.pop(),
    (b) => (b.rows[0].cells[0].proof.challenges = [b.rows[0].cells[0].proof.challenges[0]]),
    (b) => (b.rows[0].proof.responses[1] = group.invalid.non_reduced_scalars[0]),
    (b) => (b.signature.response = b.signature.response.toUpperCase()),
    (b) => (b.election = b.election + '0'),
    (b) => (b.election = 'ab'.repeat(1025)),
    (b) => (b.rows[0] = []),
    (b) => (b.rows[0].cells[0].gamma = b.rows[0].cells[0].alpha),
  ];
  for (const [k, mutate] of mutations.entries()) {
    const bad = structuredClone(c);
    mutate(bad);
    assert.throws(() => B.ballotFromDict(bad), Err.VerificationError, `mutation ${k} accepted`);
  }
});

test('verifyBallot refuses a changed ballot, another election and another shape', () => {
  const v = ballots.cases[0];
  const fp = h(ballots.election);
  const key = pt(ballots.election_key);
  const shape = { officials: 3, levels: 3 };
  const ballot = B.ballotFromDict(v.ballot);
  assert.throws(() => B.verifyBallot(ballot, h('00'), key, shape), Err.MalformedInput);
  assert.throws(() => B.verifyBallot(ballot, fp, key, { officials: 4, levels: 3 }), Err.MalformedInput);
  // Swap two cells' ciphertexts: the signature no longer covers the body.
  const swapped = structuredClone(v.ballot);
  [swapped.rows[0].cells[0], swapped.rows[0].cells[1]] = [swapped.rows[0].cells[1], swapped.rows[0].cells[0]];
  assert.throws(() => B.verifyBallot(B.ballotFromDict(swapped), fp, key, shape), Err.InvalidSignature);
  // Re-sign a ballot whose cell proofs were swapped: the proofs fail on their own.
  const rng = drbg('resign');
  const token = h(v.token);
  const cred = C.credentialFromToken(fp, token);
  const tampered = B.ballotFromDict(v.ballot);
  const cells = tampered.rows[0].cells;
  [cells[0].proof, cells[1].proof] = [cells[1].proof, cells[0].proof];
  tampered.signature = C.sign(fp, cred, B.messageHash(tampered), { rng });
  assert.throws(() => B.verifyBallot(tampered, fp, key, shape), Err.InvalidProof);
});

test('the Benaloh check confirms exactly the marks and refuses anything else', () => {
  const v = ballots.cases[0];
  const key = pt(ballots.election_key);
  const ballot = B.ballotFromDict(v.ballot);
  const nonces = B.noncesFromDict(v.nonces);
  assert.deepEqual(B.checkOpening(ballot, nonces, key, [0, null, 2]), [0, null, 2]);
  for (const marks of [[1, null, 2], [0, 0, 2], [0, null, null], [null, null, null]]) {
    assert.throws(() => B.checkOpening(ballot, nonces, key, marks), Err.DecryptionError, JSON.stringify(marks));
  }
  assert.throws(() => B.checkOpening(ballot, nonces, key, [0, null]), Err.MalformedInput);
  const wrong = nonces.map((row) => row.slice());
  wrong[1][1] = G.scalarAdd(wrong[1][1], G.ONE);
  assert.throws(() => B.openBallot(ballot, wrong, key), /official 1 level 1: nonce does not match α/);
  assert.throws(() => B.openBallot(ballot, nonces, pt(proofs.election_key)), /encrypts neither 0 nor 1/);
  assert.throws(() => B.openBallot(ballot, nonces.slice(1), key), Err.MalformedInput);
  // Two marked levels in a row (a cheating tablet) are refused by name.
  const rng = drbg('benaloh');
  const fp = h(ballots.election);
  const two = B.encryptBallot(fp, key, h(v.token), [0, null, 2], 3, { rng });
  const r = two.nonces[0][1];
  two.ballot.rows[0].cells[1].ciphertext = E.encrypt(1, key, r);
  assert.throws(() => B.openBallot(two.ballot, two.nonces, key), /levels \[0,1\] are all marked/);
  for (const bad of [{ version: 1 }, { version: 2, nonces: [] }, { version: 1, nonces: [['00']] }, { version: 1, nonces: [] }]) {
    assert.throws(() => B.noncesFromDict(bad), Err.MalformedInput, JSON.stringify(bad));
  }
});

test('a challenge file round-trips, opens to the marks, and refuses a changed nonce, ballot or key', () => {
  const v = ballots.cases[0];
  const key = pt(ballots.election_key);
  const ballot = B.ballotFromDict(v.ballot);
  const nonces = B.noncesFromDict(v.nonces);
  const names = ['Nguyễn Văn A', 'Trần Thị B', 'Lê Văn C'];
  const dict = B.challengeToDict(ballot, nonces, key, names);
  assert.deepEqual(Object.keys(dict).sort(), ['ballot', 'election_key', 'nonces', 'officials', 'version']);
  assert.deepEqual(dict.ballot, v.ballot);
  assert.deepEqual(dict.nonces, v.nonces.nonces);
  const again = JSON.parse(JSON.stringify(dict));
  const parsed = B.challengeFromDict(again);
  assert.deepEqual(parsed.officials, names);
  assert.deepEqual(B.checkChallenge(parsed), [0, null, 2]);
  assert.deepEqual(B.checkChallenge(B.challengeFromDict(B.challengeToDict(ballot, nonces, key))), [0, null, 2]);
  const nonce = JSON.parse(JSON.stringify(dict));
  nonce.nonces[2][0] = hex(G.scalarAdd(sc(nonce.nonces[2][0]), G.ONE));
  assert.throws(() => B.checkChallenge(B.challengeFromDict(nonce)), /official 2 level 0: nonce does not match α/);
  const changed = JSON.parse(JSON.stringify(dict));
  [changed.ballot.rows[0].cells[0], changed.ballot.rows[0].cells[1]] = [changed.ballot.rows[0].cells[1], changed.ballot.rows[0].cells[0]];
  assert.throws(() => B.checkChallenge(B.challengeFromDict(changed)), Err.VerificationError);
  const other = { ...dict, election_key: proofs.election_key };
  assert.throws(() => B.checkChallenge(B.challengeFromDict(other)), Err.VerificationError);
  for (const bad of [{ ...dict, extra: 1 }, { ...dict, version: 2 }, { ...dict, officials: [] }, { ...dict, nonces: [] }]) {
    assert.throws(() => B.challengeFromDict(bad), Err.MalformedInput, JSON.stringify(Object.keys(bad)));
  }
  assert.throws(() => B.checkChallenge(B.challengeFromDict({ ...dict, officials: ['A'] })), Err.MalformedInput);
});

test('encryptBallot checks its inputs', () => {
  const fp = h(ballots.election);
  const key = pt(ballots.election_key);
  const token = new Uint8Array(16);
  for (const [choices, levels] of [
    [[], 3],
    [[3], 3],
    [[-1], 3],
    [[0.5], 3],
    [[undefined], 3],
    [[0], 1],
    [[0], 9],
    [Array(1001).fill(null), 3],
  ]) {
    assert.throws(() => B.encryptBallot(fp, key, token, choices, levels), Err.MalformedInput, JSON.stringify(choices));
  }
  assert.throws(() => B.encryptBallot(fp, G.IDENTITY, token, [0], 2), Err.MalformedInput);
  assert.throws(() => B.encryptBallot(fp, h(group.invalid.mixed_order[0]), token, [0], 2), Err.InvalidPoint);
  assert.throws(() => B.encryptBallot('fp', key, token, [0], 2), Err.MalformedInput);
  // Randomness from crypto.getRandomValues by default: two ballots differ, both verify.
  const one = B.encryptBallot(fp, key, token, [1, null], 2);
  const two = B.encryptBallot(fp, key, token, [1, null], 2);
  assert.notEqual(B.trackingCode(one.ballot), B.trackingCode(two.ballot));
  for (const { ballot, nonces } of [one, two]) {
    B.verifyBallot(ballot, fp, key, { officials: 2, levels: 2 });
    assert.deepEqual(B.openBallot(ballot, nonces, key), [1, null]);
  }
});

test('the key ceremony and decryption-share proofs of the threshold vectors verify', () => {
  const v = vectors('crypto_threshold.json');
  const fp = h(v.election);
  for (const message of v.commitments) {
    message.commitments.forEach((a, j) => {
      const ctx = P.proofContext('dkg/coefficient', [fp, message.trustee, j, message.threshold, h(message.transport_key)]);
      const proof = P.schnorrFromDict(message.proofs[j], { what: 'coefficient' });
      P.verifyDlog(pt(a), proof, ctx, { what: `trustee ${message.trustee} coefficient ${j}` });
      const other = P.proofContext('dkg/coefficient', [fp, message.trustee, j + 1, message.threshold, h(message.transport_key)]);
      assert.throws(() => P.verifyDlog(pt(a), proof, other, { what: 'shifted' }), Err.InvalidProof);
    });
  }
  const { alpha, beta, official, level } = v.tally;
  for (const share of v.decryption_shares) {
    const ctx = P.proofContext('decryption-share', [fp, share.trustee, official, level, pt(beta)]);
    const proof = P.schnorrFromDict(share.proof, { what: 'share' });
    const vk = pt(v.verification_keys[String(share.trustee)]);
    const d = G.pointFromHex(share.share, { allowIdentity: true });
    P.verifyEqualDlogs(G.BASE, pt(alpha), vk, d, proof, ctx, { what: `trustee ${share.trustee}` });
    assert.deepEqual(G.mul(sc(v.trustee_secrets[String(share.trustee)]), pt(alpha)), d);
    const wrong = pt(v.verification_keys['2']);
    assert.throws(() => P.verifyEqualDlogs(G.BASE, pt(alpha), wrong, d, proof, ctx, { what: 'x' }), Err.InvalidProof);
  }
  // Lagrange coefficients λ_m = Π q·(q − m)⁻¹ and the combination β − Σ λ_m·D_m = count·B.
  const indices = v.lagrange.indices;
  let combined = pt(beta);
  indices.forEach((m, k) => {
    let lambda = G.ONE;
    for (const q of indices) {
      if (q !== m) lambda = G.scalarMul(lambda, G.scalarMul(G.scalarFromBigInt(q), G.scalarInverse(G.scalarFromBigInt(q - m))));
    }
    assert.equal(hex(lambda), v.lagrange.coefficients[k]);
    const share = v.decryption_shares.find((s) => s.trustee === m);
    combined = G.sub(combined, G.mul(lambda, pt(share.share)));
  });
  assert.deepEqual(combined, G.smallMultiple(v.tally.count));
});

test('a ballot prepared before the marks verifies, opens to them, and is used once', async () => {
  const { finishBallot, prepareBallot } = await import('../../ballot_service/web/static/js/device/prepare.js');
  const fp = h(ballots.election);
  const key = pt(ballots.election_key);
  const token = h(ballots.cases[0].token);
  for (const [choices, levels] of [
    [[0, null, 2, 1], 3],
    [[null, null], 2],
    [[1, 0, 1], 2],
    [[7, null, 0], 8],
  ]) {
    const prepared = prepareBallot(fp, key, token, choices.length, levels, { rng: drbg(`prepared ${levels}`) });
    const { ballot, nonces } = finishBallot(prepared, choices);
    B.verifyBallot(ballot, fp, key, { officials: choices.length, levels });
    assert.deepEqual(B.checkOpening(ballot, nonces, key, choices), choices);
    assert.deepEqual(ballot.credential, C.credentialFromToken(fp, token).public);
    assert.throws(() => finishBallot(prepared, choices), /already used/);
  }
  const prepared = prepareBallot(fp, key, token, 2, 3);
  assert.throws(() => finishBallot(prepared, [0, 1, 2]), Err.MalformedInput);
  assert.throws(() => finishBallot(prepared, [0, 3]), Err.MalformedInput);
  const { ballot } = finishBallot(prepared, [0, 1]);
  B.verifyBallot(ballot, fp, key, { officials: 2, levels: 3 });
  assert.throws(() => prepareBallot(fp, G.IDENTITY, token, 2, 3), Err.MalformedInput);
  assert.throws(() => prepareBallot(fp, key, token, 0, 3), Err.MalformedInput);
});
