// A DKG share encrypted from trustee i to trustee m (X25519 + HKDF-SHA256 + AES-256-GCM);
// mirrors ballot_service/crypto/share_transport.py:
//   Z = X25519(e_i, E_m); key = HKDF-SHA256(Z, salt = none, info = H_"share-transport/key"(fp,
//   i, m, E_i, E_m), 32); aad = H_"share-transport/aad"(fp, i, m);
//   ct = AES-256-GCM(key, nonce (12 random bytes), s_i→m (32 bytes LE), aad).
// X25519 is libsodium's; HKDF and AES-GCM are WebCrypto's (the hall's secure context).
import { FORMAT_VERSION, bytesField, expectKeys, expectVersion, intField } from './codec.js';
import { InvalidShare, MAX_TRUSTEES } from './dkg.js';
import { MalformedInput } from './errors.js';
import { bytesToHex, decodeScalar, equalBytes } from './group.js';
import { taggedHash } from './hashing.js';
import { defaultRng } from './random.js';
import { x25519, x25519Base } from './sodium.js';

export const KEY_TAG = 'share-transport/key';
export const AAD_TAG = 'share-transport/aad';
const subtle = () => globalThis.crypto.subtle;

/** A transport key pair: e (32 random bytes, clamped by X25519) and E = X25519(e, 9). */
export function transportKeyPair({ rng = defaultRng } = {}) {
  return transportFromPrivate(rng(32));
}

export function transportFromPrivate(secret) {
  if (secret.length !== 32) throw new MalformedInput('transport key: expected 32 bytes');
  return { private: secret.slice(), public: x25519Base(secret) };
}

async function shareKey(fp, sender, recipient, own, senderPub, recipientPub, otherPub) {
  const z = x25519(own.private, otherPub);
  if (z === null) {
    throw new InvalidShare(`share ${sender}→${recipient}: peer transport key is a low-order point`);
  }
  const info = taggedHash(KEY_TAG, fp, sender, recipient, senderPub, recipientPub);
  const ikm = await subtle().importKey('raw', z, 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
    ikm,
    256,
  );
  return subtle().importKey('raw', bits, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Encrypt s_i→m to E_m; returns the JSON form {"version", "election", "sender", …}. */
export async function encryptShare(fp, sender, own, recipient, recipientPub, share, { rng = defaultRng } = {}) {
  if (sender === recipient) throw new MalformedInput(`encrypted share: sender and recipient are both ${sender}`);
  const key = await shareKey(fp, sender, recipient, own, own.public, recipientPub, recipientPub);
  const nonce = rng(12);
  const aad = taggedHash(AAD_TAG, fp, sender, recipient);
  const ct = new Uint8Array(
    await subtle().encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, key, share),
  );
  return {
    version: FORMAT_VERSION,
    election: bytesToHex(fp),
    sender,
    recipient,
    nonce: bytesToHex(nonce),
    ciphertext: bytesToHex(ct),
  };
}

/** Parse an encrypted share's JSON form. */
export function encryptedShareFromDict(data) {
  const what = 'encrypted share';
  expectKeys(data, ['version', 'election', 'sender', 'recipient', 'nonce', 'ciphertext'], what);
  expectVersion(data, what);
  return {
    election: bytesField(data, 'election', what, null),
    sender: intField(data, 'sender', what, { lo: 1, hi: MAX_TRUSTEES }),
    recipient: intField(data, 'recipient', what, { lo: 1, hi: MAX_TRUSTEES }),
    nonce: bytesField(data, 'nonce', what, 12),
    ciphertext: bytesField(data, 'ciphertext', what, 48),
  };
}

/** Open s_i→m; throw InvalidShare on tampering, a wrong key or another election. */
export async function decryptShare(fp, message, own, senderPub) {
  const what = `share ${message.sender}→${message.recipient}`;
  if (!equalBytes(message.election, fp)) throw new InvalidShare(`${what}: made for another election`);
  const key = await shareKey(fp, message.sender, message.recipient, own, senderPub, own.public, senderPub);
  const aad = taggedHash(AAD_TAG, fp, message.sender, message.recipient);
  let plain;
  try {
    plain = new Uint8Array(
      await subtle().decrypt({ name: 'AES-GCM', iv: message.nonce, additionalData: aad }, key, message.ciphertext),
    );
  } catch {
    throw new InvalidShare(`${what}: authentication failed (tampered, wrong key or wrong sender/recipient)`);
  }
  try {
    return decodeScalar(plain, `${what}: share`);
  } catch (error) {
    throw new InvalidShare(error.message);
  }
}
