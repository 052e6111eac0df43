// node --test tests/device_js — the browser's decryption (keyfile.js, threshold.js) against the
// Python-made vectors tests/vectors/crypto_counting.json, replaying the Python's draws.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as Err from '../../ballot_service/web/static/js/device/errors.js';
import * as G from '../../ballot_service/web/static/js/device/group.js';
import * as K from '../../ballot_service/web/static/js/device/keyfile.js';
import { ready, scrypt } from '../../ballot_service/web/static/js/device/sodium.js';
import * as T from '../../ballot_service/web/static/js/device/threshold.js';
import { drbg } from './drbg.mjs';

await ready();

const v = JSON.parse(
  readFileSync(fileURLToPath(new URL('../vectors/crypto_counting.json', import.meta.url)), 'utf8'),
);
const enc = (text) => new TextEncoder().encode(text);
const hex = G.bytesToHex;

test('scrypt is RFC 7914 §12', () => {
  const s = v.scrypt_rfc7914;
  assert.equal(hex(scrypt(enc(s.password), enc(s.salt), s.n, s.r, s.p, 64)), s.dk);
});

test('a Python key file opens with its passphrase, and JS seals the same bytes', async () => {
  const rng = drbg('keyfile');
  for (const { secret, file } of v.key_files) {
    const parsed = K.keyFileFromDict(file);
    assert.equal(hex(await K.openKey(parsed, v.passphrase)), secret);
    assert.equal(hex(await K.openKey(parsed, v.passphrase.normalize('NFD'))), secret); // NFC
    const mine = G.randomScalar(rng);
    assert.equal(hex(mine), secret);
    const sealed = await K.sealKey(G.hexToBytes(v.election), file.trustee, mine, v.passphrase, {
      logN: file.kdf.log_n,
      rng,
    });
    assert.deepEqual(K.keyFileToDict(sealed), file);
  }
});

test('a wrong passphrase or any changed field is refused', async () => {
  const { file } = v.key_files[0];
  const parsed = K.keyFileFromDict(file);
  await assert.rejects(K.openKey(parsed, 'not the passphrase'), Err.WrongPassphrase);
  for (const change of [{ trustee: 2 }, { logN: 15 }, { election: new Uint8Array(32) }]) {
    await assert.rejects(K.openKey({ ...parsed, ...change }, v.passphrase), Err.WrongPassphrase);
  }
  const flipped = parsed.ciphertext.slice();
  flipped[0] ^= 1;
  await assert.rejects(K.openKey({ ...parsed, ciphertext: flipped }, v.passphrase), Err.WrongPassphrase);
});

test('a file that is not a key file is refused as malformed', () => {
  const { file } = v.key_files[0];
  const bad = [
    null,
    [],
    { ...file, kind: 'something else' },
    { ...file, version: 2 },
    { ...file, extra: 1 },
    { ...file, kdf: { ...file.kdf, log_n: 30 } },
    { ...file, kdf: { ...file.kdf, r: 9 } },
    { ...file, cipher: { ...file.cipher, name: 'aes-128-gcm' } },
    { ...file, ciphertext: file.ciphertext.slice(2) },
    { ...file, trustee: 0 },
  ];
  for (const data of bad) assert.throws(() => K.keyFileFromDict(data), Err.MalformedInput);
});

test('the decryption shares are the Python ones for the same draws', () => {
  const s = v.decryption_shares;
  const rng = drbg(s.seed);
  const secret = G.randomScalar(rng);
  assert.equal(hex(secret), s.secret);
  for (let k = 0; k < 4; k += 1) G.randomScalar(rng); // the key scalar and the three nonces
  const cells = T.tallyFromDict(s.tally, { officials: 2, levels: 2 });
  const shares = T.decryptionShares(G.hexToBytes(v.election), s.trustee, secret, cells, { rng });
  assert.deepEqual(shares, s.shares);
  assert.throws(() => T.tallyFromDict(s.tally, { officials: 3, levels: 2 }), Err.MalformedInput);
});
