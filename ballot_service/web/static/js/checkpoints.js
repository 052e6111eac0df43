// What receipt.js and witness.js share: the page's data, fetching the board's JSON API, and
// verifying a signed checkpoint against the log keys the page publishes (docs/LOG.md §5, §8).

import {
  CheckpointError,
  bytesToHex,
  hashLeaf,
  hexToBytes,
  logKeyId,
  parseSignedNote,
  sha256,
  verifyCheckpoint,
  verifyInclusion,
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

// --- the log key's continuity (docs/LOG.md §8, §9) -------------------------------------------------

/** Where witness.js keeps, per log id, the last checkpoint it verified and the key that signed it. */
export const WITNESS_PREFIX = 'ballot_service/witness/';

/** The service log, where key rotations are logged (docs/LOG.md §7, §8). */
export const SERVICE_LOG_ID = 'ballot_service/service';

/** The change of log key a page asks a browser to accept without a logged rotation. */
export class KeyChanged extends Error {
  constructor(oldFingerprint, newFingerprint) {
    super(`log key ${oldFingerprint} → ${newFingerprint}: no logged rotation`);
    this.oldFingerprint = oldFingerprint;
    this.newFingerprint = newFingerprint;
  }
}

/** The raw log key (hex) the witness remembers for logId, or null if none (or unreadable). */
export function rememberedKey(logId) {
  try {
    const key = JSON.parse(localStorage.getItem(WITNESS_PREFIX + logId) ?? 'null')?.key;
    return typeof key === 'string' && /^[0-9a-f]{64}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

/**
 * One logged rotation, checked with the key it retires alone: the `key_rotated` entry names
 * SHA-256(oldKey) as its old fingerprint and is included in a checkpoint of the service log that
 * oldKey signed. Resolves to the new key's fingerprint (hex) the entry names.
 */
async function rotationFrom(item, oldKey) {
  const entry = JSON.parse(item.leaf);
  if (entry?.v !== 1 || entry.type !== 'key_rotated' || entry.seq !== item.leaf_index) {
    throw new Error(`entry ${item.leaf_index} is not a key_rotated entry at its index`);
  }
  const signed = parseSignedNote(item.note);
  await verifyCheckpoint(signed, oldKey, { logId: SERVICE_LOG_ID });
  if (signed.checkpoint.size !== item.tree_size) {
    throw new Error(`the proof is for size ${item.tree_size}, the checkpoint ${signed.checkpoint.size}`);
  }
  const leafHash = await hashLeaf(new TextEncoder().encode(item.leaf));
  const path = item.inclusion_proof.map(hexToBytes);
  await verifyInclusion(leafHash, item.leaf_index, item.tree_size, path, signed.checkpoint.root);
  return entry.data.new_fingerprint;
}

/**
 * Resolve if `newKey` is `oldKey` or follows from it through logged rotations (each proven with
 * the key it retires); reject with KeyChanged otherwise. Keys are raw 32-byte Ed25519 keys; the
 * new keys' bytes come from the page's published keys, bound to each entry by their SHA-256.
 */
export async function requireKeyContinuity(element, oldKey, newKey) {
  const hex = async (key) => bytesToHex(await sha256(key));
  const target = await hex(newKey);
  let current = oldKey;
  let currentPrint = await hex(oldKey);
  if (currentPrint === target) return;
  const answer = await fetchJSON(element.dataset.rotationsUrl);
  const byPrint = new Map();
  for (const key of publishedKeys(element)) byPrint.set(await hex(key), key);
  const seen = new Set([currentPrint]);
  for (;;) {
    let next = null;
    for (const item of answer.rotations ?? []) {
      try {
        if (JSON.parse(item.leaf)?.data?.old_fingerprint !== currentPrint) continue;
        next = await rotationFrom(item, current);
        break;
      } catch {
        // not provable with the key we hold: no evidence of a rotation
      }
    }
    if (next === null || seen.has(next) || !byPrint.has(next)) {
      throw new KeyChanged(await fingerprint(oldKey), await fingerprint(newKey));
    }
    if (next === target) return;
    seen.add(next);
    current = byPrint.get(next);
    currentPrint = next;
  }
}
