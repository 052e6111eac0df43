// A member's passphrase-encrypted key file holding the secret share s_m; mirrors
// ballot_service/crypto/keyfile.py byte for byte (docs/PROTOCOL.md §10):
//   key = scrypt(passphrase UTF-8 (NFC), salt (16 bytes), N = 2^log_n, r = 8, p = 1, 32)
//   aad = H_"keyfile"(version, election, trustee, log_n, r, p, salt)
//   ciphertext = AES-256-GCM(key, nonce (12 bytes), s_m (32 bytes LE), aad)
// scrypt is libsodium's (sodium.js); AES-GCM is WebCrypto's (a secure context is needed).
import { FORMAT_VERSION, bytesField, expectKeys, expectMapping, expectVersion, intField } from './codec.js';
import { InvalidScalar, MalformedInput, WrongPassphrase } from './errors.js';

export { WrongPassphrase }; // the key file's own refusal, also reachable as keyfile.WrongPassphrase
import { bytesToHex, decodeScalar } from './group.js';
import { taggedHash } from './hashing.js';
import { defaultRng } from './random.js';
import { scrypt } from './sodium.js';

export const KIND = 'ballot_service/trustee-key';
export const AAD_TAG = 'keyfile';
export const DEFAULT_LOG_N = 17;
export const MIN_LOG_N = 14;
export const MAX_LOG_N = 20;
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
export const MIN_PASSPHRASE = 8;
const MAX_TRUSTEES = 255; // crypto/dkg.py MAX_TRUSTEES

/** Parse and check a key file's JSON form (every field; KDF cost bounded to [2^14, 2^20]). */
export function keyFileFromDict(data) {
  const what = 'key file';
  expectMapping(data, what);
  expectKeys(data, ['version', 'kind', 'election', 'trustee', 'kdf', 'cipher', 'ciphertext'], what);
  expectVersion(data, what);
  if (data.kind !== KIND) {
    throw new MalformedInput(`${what}: kind ${JSON.stringify(data.kind)} is not ${JSON.stringify(KIND)}`);
  }
  expectKeys(data.kdf, ['name', 'salt', 'log_n', 'r', 'p'], `${what}: kdf`);
  expectKeys(data.cipher, ['name', 'nonce'], `${what}: cipher`);
  if (data.kdf.name !== 'scrypt' || data.cipher.name !== 'aes-256-gcm') {
    throw new MalformedInput(
      `${what}: unsupported kdf ${JSON.stringify(data.kdf.name)} or cipher ${JSON.stringify(data.cipher.name)}`,
    );
  }
  intField(data.kdf, 'r', `${what}: kdf`, { lo: SCRYPT_R, hi: SCRYPT_R });
  intField(data.kdf, 'p', `${what}: kdf`, { lo: SCRYPT_P, hi: SCRYPT_P });
  return {
    version: FORMAT_VERSION,
    election: bytesField(data, 'election', what, null),
    trustee: intField(data, 'trustee', what, { lo: 1, hi: MAX_TRUSTEES }),
    logN: intField(data.kdf, 'log_n', `${what}: kdf`, { lo: MIN_LOG_N, hi: MAX_LOG_N }),
    salt: bytesField(data.kdf, 'salt', `${what}: kdf`, 16),
    nonce: bytesField(data.cipher, 'nonce', `${what}: cipher`, 12),
    ciphertext: bytesField(data, 'ciphertext', what, 48),
  };
}

/** The key file's JSON form (keys as keyfile.py writes them). */
export function keyFileToDict(file) {
  return {
    version: file.version,
    kind: KIND,
    election: bytesToHex(file.election),
    trustee: file.trustee,
    kdf: { name: 'scrypt', salt: bytesToHex(file.salt), log_n: file.logN, r: SCRYPT_R, p: SCRYPT_P },
    cipher: { name: 'aes-256-gcm', nonce: bytesToHex(file.nonce) },
    ciphertext: bytesToHex(file.ciphertext),
  };
}

function aad(file) {
  return taggedHash(
    AAD_TAG, file.version, file.election, file.trustee, file.logN, SCRYPT_R, SCRYPT_P, file.salt,
  );
}

async function aesKey(passphrase, salt, logN, usage) {
  const secret = new TextEncoder().encode(passphrase.normalize('NFC'));
  const raw = scrypt(secret, salt, 2 ** logN, SCRYPT_R, SCRYPT_P, 32);
  secret.fill(0);
  try {
    return await globalThis.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, [usage]);
  } finally {
    raw.fill(0);
  }
}

/** Encrypt s_m under a passphrase (≥ 8 characters); the key file object (see keyFileToDict). */
export async function sealKey(election, trustee, secret, passphrase, { logN = DEFAULT_LOG_N, rng = defaultRng } = {}) {
  if (!Number.isSafeInteger(trustee) || trustee < 1 || trustee > MAX_TRUSTEES) {
    throw new MalformedInput(`key file: trustee ${trustee} outside [1, ${MAX_TRUSTEES}]`);
  }
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE) {
    throw new MalformedInput(`key file: passphrase shorter than ${MIN_PASSPHRASE} characters`);
  }
  if (!Number.isSafeInteger(logN) || logN < MIN_LOG_N || logN > MAX_LOG_N) {
    throw new MalformedInput(`key file: log_n = ${logN} outside [${MIN_LOG_N}, ${MAX_LOG_N}]`);
  }
  const salt = rng(16);
  const nonce = rng(12);
  const file = { version: FORMAT_VERSION, election, trustee, logN, salt, nonce, ciphertext: null };
  const key = await aesKey(passphrase, salt, logN, 'encrypt');
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: aad(file), tagLength: 128 }, key, secret,
  );
  return { ...file, ciphertext: new Uint8Array(sealed) };
}

/** Decrypt s_m; throw WrongPassphrase on a wrong passphrase or an altered file. */
export async function openKey(file, passphrase) {
  const what = `key file of trustee ${file.trustee}`;
  const key = await aesKey(passphrase, file.salt, file.logN, 'decrypt');
  let plain;
  try {
    plain = new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: file.nonce, additionalData: aad(file), tagLength: 128 }, key, file.ciphertext,
      ),
    );
  } catch {
    throw new WrongPassphrase(`${what}: wrong passphrase or altered file`);
  }
  try {
    return decodeScalar(plain, `${what}: secret`);
  } catch (error) {
    if (error instanceof InvalidScalar) throw new WrongPassphrase(error.message);
    throw error;
  }
}
