// node --test tests/device_js — the key ceremony's device steps (static/js/device/dkg.js,
// share_transport.js, keyfile.js, cosign.js) against tests/vectors/crypto_ceremony.json, made by
// the Python (make_ceremony_vectors.py), replaying its draws with the same generator.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as Cos from '../../ballot_service/web/static/js/device/cosign.js';
import * as D from '../../ballot_service/web/static/js/device/dkg.js';
import * as G from '../../ballot_service/web/static/js/device/group.js';
import * as KF from '../../ballot_service/web/static/js/device/keyfile.js';
import { ready } from '../../ballot_service/web/static/js/device/sodium.js';
import * as T from '../../ballot_service/web/static/js/device/share_transport.js';
import { drbg } from './drbg.mjs';

await ready();

const V = JSON.parse(
  readFileSync(fileURLToPath(new URL('../vectors/crypto_ceremony.json', import.meta.url)), 'utf8'),
);
const h = (x) => G.hexToBytes(x);
const hex = G.bytesToHex;
const fp = h(V.fingerprint);
const members = Object.entries(V.members).map(([m, v]) => [Number(m), v]);

test('polynomials, transport keys and commitments replay the Python exactly', () => {
  for (const [m, v] of members) {
    const coefficients = D.generatePolynomial(V.threshold, { rng: drbg(v.poly_seed) });
    assert.deepEqual(coefficients.map(hex), v.coefficients);
    const transport = T.transportKeyPair({ rng: drbg(v.transport_seed) });
    assert.equal(hex(transport.public), v.transport_public);
    const message = D.makeCommitment(fp, m, coefficients, transport.public, { rng: drbg(v.commit_seed) });
    assert.deepEqual(message, v.commitment);
    const parsed = D.commitmentFromDict(v.commitment);
    D.verifyCommitment(parsed, fp, { trustees: V.trustees, threshold: V.threshold });
    const forged = D.commitmentFromDict({ ...v.commitment, trustee: m === 1 ? 2 : 1 });
    assert.throws(() => D.verifyCommitment(forged, fp, { trustees: 3, threshold: 2 }), /challenge mismatch/);
  }
});

test('encrypted shares: the same bytes, they open, pass Feldman, and any change is refused', async () => {
  const keys = Object.fromEntries(
    members.map(([m, v]) => [m, T.transportFromPrivate(h(v.transport_private))]),
  );
  const commitments = Object.fromEntries(
    members.map(([m, v]) => [m, D.commitmentFromDict(v.commitment)]),
  );
  for (const s of V.shares) {
    const { sender, recipient } = s.message;
    const made = await T.encryptShare(fp, sender, keys[sender], recipient, keys[recipient].public, h(s.plain), {
      rng: drbg(s.seed),
    });
    assert.deepEqual(made, s.message);
    const parsed = T.encryptedShareFromDict(s.message);
    const plain = await T.decryptShare(fp, parsed, keys[recipient], keys[sender].public);
    assert.equal(hex(plain), s.plain);
    D.verifyShare(recipient, plain, commitments[sender]);
    const wrong = (sender % V.trustees) + 1; // another sender's commitments
    assert.throws(() => D.verifyShare(recipient, plain, commitments[wrong]), D.InvalidShare);
    const flipped = { ...parsed, ciphertext: parsed.ciphertext.slice() };
    flipped.ciphertext[5] ^= 1;
    await assert.rejects(T.decryptShare(fp, flipped, keys[recipient], keys[sender].public), D.InvalidShare);
    const swapped = { ...parsed, sender: recipient, recipient: sender };
    await assert.rejects(T.decryptShare(fp, swapped, keys[sender], keys[recipient].public), /authentication failed/);
  }
});

test('secrets combine to the verification keys; the election key is the sum of A_i0', () => {
  const commitments = members.map(([, v]) => D.commitmentFromDict(v.commitment));
  for (const [m, v] of members) {
    const shares = members.map(([, w]) => D.evaluate(w.coefficients.map(h), m));
    const secret = D.combineShares(shares);
    assert.equal(hex(secret), v.secret);
    assert.equal(hex(D.verificationKey(m, commitments)), v.verification_key);
    assert.equal(hex(G.mulBase(secret)), v.verification_key);
  }
  const key = commitments.reduce((acc, c) => G.add(acc, c.commitments[0]), G.IDENTITY);
  assert.equal(hex(key), V.election_key);
});

test('key file: the same bytes as the Python, opens with the passphrase (NFC), refuses a wrong one', async () => {
  const k = V.keyfile;
  const sealed = KF.keyFileToDict(
    await KF.sealKey(fp, k.trustee, h(k.secret), k.passphrase, { logN: k.log_n, rng: drbg(k.seed) }),
  );
  assert.deepEqual(sealed, k.file);
  const parsed = KF.keyFileFromDict(k.file);
  assert.equal(hex(await KF.openKey(parsed, k.passphrase.normalize('NFC'))), k.secret);
  await assert.rejects(KF.openKey(parsed, 'not the passphrase'), KF.WrongPassphrase);
  const altered = { ...parsed, trustee: 2 };
  await assert.rejects(KF.openKey(altered, k.passphrase), KF.WrongPassphrase);
  await assert.rejects(KF.sealKey(fp, 1, h(k.secret), 'short'), /shorter than 8/);
});

test('witness key and cosignature are the Python ones', () => {
  const w = V.witness;
  const seed = Cos.witnessSeed(fp, w.trustee, h(V.members[String(w.trustee)].secret));
  assert.equal(hex(seed), w.seed);
  assert.equal(hex(Cos.witnessPublicKey(seed)), w.public_key);
  assert.equal(Cos.witnessName(w.trustee), w.name);
  const body = new TextEncoder().encode(w.body);
  assert.equal(hex(Cos.cosignedMessage(body, w.timestamp)), w.message);
  assert.equal(hex(Cos.cosign(seed, body, w.timestamp)), w.signature);
});
