// What receipt.js and witness.js share: the page's data, fetching the board's JSON API, and
// verifying a signed checkpoint against the log keys the page publishes (docs/LOG.md §5, §8).

import {
  CheckpointError,
  bytesToHex,
  hexToBytes,
  logKeyId,
  sha256,
  verifyCheckpoint,
} from './ledger.js';

/** A message from a data-msg-* attribute, with {name} placeholders filled in. */
export function message(element, name, values = {}) {
  const text = element.dataset[name] ?? name;
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** The raw Ed25519 public keys the page publishes (data-public-keys: hex, space-separated). */
export function publishedKeys(element) {
  return (element.dataset.publicKeys ?? '').split(/\s+/).filter(Boolean).map(hexToBytes);
}

/** GET a JSON document of the board's API, never from a cache; rejects on any non-200. */
export async function fetchJSON(url) {
  const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) {
    let detail = '';
    try {
      detail = (await response.json()).error ?? '';
    } catch {
      // not JSON: the status says enough
    }
    throw new Error(`${url}: HTTP ${response.status} ${detail}`.trim());
  }
  return response.json();
}

/** Key fingerprint for people: SHA-256(raw key) in 16 groups of 4 hex digits. */
export async function fingerprint(publicKeyRaw) {
  return bytesToHex(await sha256(publicKeyRaw)).match(/.{4}/g).join(' ');
}

/**
 * Verify the log signature of `signed` with whichever published key its key id names; resolve to
 * that key. Rejects with CheckpointError if no published key matches or the signature is bad.
 */
export async function verifyWithPublishedKeys(signed, keys, logId) {
  const keyId = bytesToHex(signed.signature.keyId);
  for (const key of keys) {
    if (bytesToHex(await logKeyId(signed.checkpoint.logId, key)) === keyId) {
      await verifyCheckpoint(signed, key, { logId });
      return key;
    }
  }
  throw new CheckpointError(
    `checkpoint of ${signed.checkpoint.logId} size ${signed.checkpoint.size}: key id ${keyId} ` +
      `is none of the ${keys.length} published log keys`,
  );
}
