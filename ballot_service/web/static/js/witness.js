// The browser as a witness of a poll's log (docs/LOG.md §9): it remembers the last signed
// checkpoint it verified per log id and, on every visit, checks that the log only grew since.
//
// Each visit: fetch the latest signed note and verify its signature against the published log
// keys; if a checkpoint is remembered, a smaller size is an alarm, else fetch the consistency
// proof from the remembered size and verify it (RFC 9162 §2.1.4.2). The key that signed the
// remembered checkpoint is remembered with it: a checkpoint signed by another key is an alarm
// unless the change follows logged rotations, each signed by the key it retires (docs/LOG.md §8).
// Only a checkpoint that passed every check replaces the remembered one; on any failure the old
// one is kept and an alarm shown.

import { bytesToHex, hexToBytes, parseSignedNote, verifyConsistency } from './ledger.js';
import {
  KeyChanged,
  WITNESS_PREFIX,
  fetchJSON,
  message,
  publishedKeys,
  requireKeyContinuity,
  verifyWithPublishedKeys,
} from './checkpoints.js';

export const STORAGE_PREFIX = WITNESS_PREFIX;

class Alarm extends Error {}

function recall(logId) {
  const text = localStorage.getItem(STORAGE_PREFIX + logId);
  if (text === null) return null;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // unreadable storage is no evidence about the log; start afresh
  }
  const valid =
    Number.isSafeInteger(value?.size) &&
    value.size >= 0 &&
    /^[0-9a-f]{64}$/.test(value.root) &&
    typeof value.note === 'string' &&
    (value.key === undefined || /^[0-9a-f]{64}$/.test(value.key));
  return valid ? value : null;
}

function remember(logId, signed, note) {
  const cp = signed.checkpoint;
  const value = {
    size: cp.size,
    root: bytesToHex(cp.root),
    note,
    time: cp.time,
    key: bytesToHex(signed.key),
  };
  localStorage.setItem(STORAGE_PREFIX + logId, JSON.stringify(value));
}

/** Parse and verify a signed note from the API; a bad signature is an alarm. */
async function verifiedNote(root, note) {
  try {
    const signed = parseSignedNote(note);
    const key = await verifyWithPublishedKeys(signed, publishedKeys(root), root.dataset.logId);
    return { ...signed, key };
  } catch (error) {
    throw new Alarm(`${message(root, 'msgBadSignature')} (${error.message})`);
  }
}

/** The remembered checkpoint's key must lead to the new one through logged rotations. */
async function sameKeyOrRotated(root, old, signed) {
  if (old.key === undefined) return; // remembered before keys were: nothing to compare
  try {
    await requireKeyContinuity(root, hexToBytes(old.key), signed.key);
  } catch (error) {
    if (!(error instanceof KeyChanged)) throw error;
    throw new Alarm(
      message(root, 'msgKeyChanged', { old: error.oldFingerprint, new: error.newFingerprint }),
    );
  }
}

async function extendsRemembered(root, old, latest) {
  const size = latest.checkpoint.size;
  if (size < old.size) throw new Alarm(message(root, 'msgShrank', { size, old: old.size }));
  const url = `${root.dataset.consistencyUrl}?from=${old.size}`;
  const answer = await fetchJSON(url);
  // The proof comes with the checkpoint it leads to; the log may have grown in between, never
  // shrunk, and two signed checkpoints of one size must have one root.
  const newer = await verifiedNote(root, answer.note);
  const [n, l] = [newer.checkpoint, latest.checkpoint];
  if (n.size < l.size || (n.size === l.size && bytesToHex(n.root) !== bytesToHex(l.root))) {
    throw new Alarm(message(root, 'msgShrank', { size: n.size, old: l.size }));
  }
  const badProof = message(root, 'msgBadProof', { old: old.size, size: n.size });
  if (answer.from !== old.size || answer.to !== n.size || !Array.isArray(answer.proof)) {
    throw new Alarm(`${badProof} (from ${answer.from} to ${answer.to})`);
  }
  try {
    const proof = answer.proof.map(hexToBytes);
    await verifyConsistency(old.size, n.size, proof, hexToBytes(old.root), n.root);
  } catch (error) {
    throw new Alarm(`${badProof} (${error.message})`);
  }
  return { signed: newer, note: answer.note };
}

function show(root, state, text) {
  root.dataset.state = state;
  const status = root.querySelector('.witness-status');
  status.className = `witness-status ${state === 'consistent' ? 'verified' : 'muted'}`;
  status.textContent = text;
}

function raiseAlarm(root, old, error) {
  root.dataset.state = 'alarm';
  const banner = root.querySelector('.alarm');
  const lead = old === null ? '' : `${message(root, 'msgAlarm', { old: old.size })} `;
  banner.textContent = lead + error.message;
  banner.hidden = false;
  root.querySelector('.witness-status').textContent = '';
}

async function witness(root) {
  const logId = root.dataset.logId;
  show(root, 'checking', message(root, 'msgChecking'));
  let old = null;
  try {
    old = recall(logId);
    const latest = await fetchJSON(root.dataset.checkpointUrl);
    const signed = await verifiedNote(root, latest.note);
    if (old === null) {
      remember(logId, signed, latest.note);
      show(root, 'first', message(root, 'msgFirst', { size: signed.checkpoint.size }));
      return;
    }
    const grown = await extendsRemembered(root, old, signed);
    await sameKeyOrRotated(root, old, grown.signed);
    remember(logId, grown.signed, grown.note);
    show(
      root,
      'consistent',
      message(root, 'msgConsistent', { old: old.size, size: grown.signed.checkpoint.size }),
    );
  } catch (error) {
    if (error instanceof Alarm) raiseAlarm(root, old, error);
    else show(root, 'unavailable', `${message(root, 'msgUnavailable')} (${error.message})`);
  }
}

const root = document.getElementById('witness');
if (root) witness(root);
