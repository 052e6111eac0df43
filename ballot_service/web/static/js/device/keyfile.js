// The member's passphrase-encrypted key file, byte-compatible with ballot_service/crypto/keyfile.py:
//   key = scrypt(passphrase UTF-8 (NFC), salt (16 random bytes), N = 2^log_n, r = 8, p = 1, 32)
//   aad = H_"keyfile"(version, election, trustee, log_n, r, p, salt)
//   ciphertext = AES-256-GCM(key, nonce (12 random bytes), s_m (32 bytes LE), aad)
// scrypt is libsodium's (crypto_pwhash_scryptsalsa208sha256_ll), AES-GCM WebCrypto's.
import { FORMAT_VERSION, bytesField, expectKeys, expectMapping, expectVersion, intField } from './codec.js';
import { MAX_TRUSTEES } from './dkg.js';
import { DecryptionError, MalformedInput } from './errors.js';
import { bytesToHex, decodeScalar } from './group.js';
import { taggedHash } from './hashing.js';
import { defaultRng } from './random.js';
import { scrypt } from './sodium.js';

export const KIND = 'ballot_service/trustee-key';
export const DEFAULT_LOG_N = 17;
export const MIN_LOG_N = 14;
export const MAX_LOG_N = 20;
export const MIN_PASSPHRASE = 8;
const R = 8;
const P = 1;

/** A wrong passphrase or an altered key file. */
export class WrongPassphrase extends DecryptionError {}

const aad = (f) => taggedHash('keyfile', f.version, f.election, f.trustee, f.logN, R, P, f.salt);

async function aesKey(passphrase, salt, logN) {
  const secret = new TextEncoder().encode(passphrase.normalize('NFC'));
  const raw = scrypt(secret, salt, logN, R, P, 32);
  return globalThis.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Seal s_m under a passphrase (≥ 8 characters); returns the key file's JSON form. */
export async function sealKey(election, trustee, secret, passphrase, { logN = DEFAULT_LOG_N, rng = defaultRng } = {}) {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE) {
    throw new MalformedInput(`key file: passphrase shorter than ${MIN_PASSPHRASE} characters`);
  }
  if (!Number.isSafeInteger(logN) || logN < MIN_LOG_N || logN > MAX_LOG_N) {
    throw new MalformedInput(`key file: log_n = ${logN} outside [${MIN_LOG_N}, ${MAX_LOG_N}]`);
  }
  const salt = rng(16);
  const nonce = rng(12);
  const file = { version: FORMAT_VERSION, election, trustee, logN, salt, nonce };
  const key = await aesKey(passphrase, salt, logN);
  const ct = new Uint8Array(
    await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad(file) }, key, secret),
  );
  return keyFileToDict({ ...file, ciphertext: ct });
}

export function keyFileToDict(f) {
  return {
    version: f.version,
    kind: KIND,
    election: bytesToHex(f.election),
    trustee: f.trustee,
    kdf: { name: 'scrypt', salt: bytesToHex(f.salt), log_n: f.logN, r: R, p: P },
    cipher: { name: 'aes-256-gcm', nonce: bytesToHex(f.nonce) },
    ciphertext: bytesToHex(f.ciphertext),
  };
}

/** Parse a key file's JSON form (the KDF cost bounded to [2^14, 2^20]). */
export function keyFileFromDict(data) {
  const what = 'key file';
  expectKeys(data, ['version', 'kind', 'election', 'trustee', 'kdf', 'cipher', 'ciphertext'], what);
  expectVersion(data, what);
  if (data.kind !== KIND) throw new MalformedInput(`${what}: kind ${JSON.stringify(data.kind)} is not ${KIND}`);
  const kdf = expectMapping(data.kdf, `${what}: kdf`);
  expectKeys(kdf, ['name', 'salt', 'log_n', 'r', 'p'], `${what}: kdf`);
  const cipher = expectMapping(data.cipher, `${what}: cipher`);
  expectKeys(cipher, ['name', 'nonce'], `${what}: cipher`);
  if (kdf.name !== 'scrypt' || cipher.name !== 'aes-256-gcm') {
    throw new MalformedInput(`${what}: unsupported kdf or cipher`);
  }
  intField(kdf, 'r', `${what}: kdf`, { lo: R, hi: R });
  intField(kdf, 'p', `${what}: kdf`, { lo: P, hi: P });
  return {
    version: FORMAT_VERSION,
    election: bytesField(data, 'election', what, null),
    trustee: intField(data, 'trustee', what, { lo: 1, hi: MAX_TRUSTEES }),
    logN: intField(kdf, 'log_n', `${what}: kdf`, { lo: MIN_LOG_N, hi: MAX_LOG_N }),
    salt: bytesField(kdf, 'salt', `${what}: kdf`, 16),
    nonce: bytesField(cipher, 'nonce', `${what}: cipher`, 12),
    ciphertext: bytesField(data, 'ciphertext', what, 48),
  };
}

/** Open s_m; throw WrongPassphrase on a wrong passphrase or an altered file. */
export async function openKey(file, passphrase) {
  const what = `key file of member ${file.trustee}`;
  const key = await aesKey(passphrase, file.salt, file.logN);
  let plain;
  try {
    plain = new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: file.nonce, additionalData: aad(file) },
        key,
        file.ciphertext,
      ),
    );
  } catch {
    throw new WrongPassphrase(`${what}: wrong passphrase or altered file`);
  }
  try {
    return decodeScalar(plain, `${what}: secret`);
  } catch (error) {
    throw new WrongPassphrase(error.message);
  }
}
