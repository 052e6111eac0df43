// The receipt check on a ballot's page: everything is recomputed here, from the board's proof
// and the log keys published in the page; the server's word is trusted for nothing.
//
// 1. fetch the inclusion proof and the latest signed checkpoint (GET …/proof);
// 2. the leaf is a `ballot_cast` entry of this tracking code, at the index the page shows;
// 3. the checkpoint is signed (Ed25519, WebCrypto) by a published log key — its fingerprint shown;
//    if this browser's witness remembers another key for the log, the change must follow logged
//    rotations (docs/LOG.md §8), or the page's keys are not trusted;
// 4. SHA-256(0x00 || leaf) and the inclusion proof lead to the checkpoint's root (docs/LOG.md §3).

import { hashLeaf, hexToBytes, signedCheckpointFromJSON, verifyInclusion } from './ledger.js';
import {
  fetchJSON,
  fingerprint,
  message,
  publishedKeys,
  rememberedKey,
  requireKeyContinuity,
  verifyWithPublishedKeys,
} from './checkpoints.js';

class StepFailed extends Error {
  constructor(item, cause) {
    super(`${item?.textContent.trim() ?? '?'}: ${cause.message}`);
    this.item = item;
  }
}

/** Run one step of the check; mark its list item passed, or failed with the reason. */
async function step(root, name, work) {
  const item = root.querySelector(`[data-step="${name}"]`);
  try {
    const result = await work();
    item?.setAttribute('data-result', 'ok');
    return result;
  } catch (error) {
    const failure = new StepFailed(item, error);
    if (item) {
      item.setAttribute('data-result', 'fail');
      const detail = document.createElement('div');
      detail.className = 'detail mono';
      detail.textContent = error.message;
      item.append(detail);
    }
    throw failure;
  }
}

function checkEntry(proof, root) {
  const expected = { log: root.dataset.logId, code: root.dataset.trackingCode };
  if (proof.log_id !== expected.log) {
    throw new Error(`the proof is for log ${proof.log_id}, not ${expected.log}`);
  }
  if (typeof proof.leaf !== 'string') throw new Error('the proof has no leaf text');
  const entry = JSON.parse(proof.leaf);
  if (entry?.v !== 1 || entry.type !== 'ballot_cast') {
    throw new Error(`the entry is of type ${entry?.type}, not a ballot_cast of version 1`);
  }
  if (entry.data?.tracking_code !== expected.code) {
    throw new Error(`the entry casts ${entry.data?.tracking_code}, not ${expected.code}`);
  }
  if (entry.seq !== proof.leaf_index || String(entry.seq) !== root.dataset.logIndex) {
    throw new Error(
      `the entry's seq ${entry.seq}, the proof's index ${proof.leaf_index} and the page's ` +
        `index ${root.dataset.logIndex} differ`,
    );
  }
}

async function checkSignature(proof, root) {
  const signed = signedCheckpointFromJSON(proof.checkpoint);
  if (signed.checkpoint.size !== proof.tree_size) {
    throw new Error(`the proof is for size ${proof.tree_size}, the checkpoint ${signed.checkpoint.size}`);
  }
  const key = await verifyWithPublishedKeys(signed, publishedKeys(root), root.dataset.logId);
  root.querySelector('.receipt-key').textContent = await fingerprint(key);
  const known = rememberedKey(root.dataset.logId);
  if (known !== null) await requireKeyContinuity(root, hexToBytes(known), key);
  return signed;
}

async function checkInclusion(proof, signed) {
  if (!Array.isArray(proof.inclusion_proof)) throw new Error('the inclusion proof is not a list');
  const leafHash = await hashLeaf(new TextEncoder().encode(proof.leaf));
  const path = proof.inclusion_proof.map(hexToBytes);
  await verifyInclusion(leafHash, proof.leaf_index, proof.tree_size, path, signed.checkpoint.root);
}

async function check(root) {
  const status = root.querySelector('.receipt-status');
  status.textContent = message(root, 'msgChecking');
  try {
    const proof = await step(root, 'fetch', () => fetchJSON(root.dataset.proofUrl));
    await step(root, 'entry', () => checkEntry(proof, root));
    const signed = await step(root, 'signature', () => checkSignature(proof, root));
    await step(root, 'inclusion', () => checkInclusion(proof, signed));
    root.dataset.state = 'verified';
    status.className = 'receipt-status verified';
    status.textContent = message(root, 'msgVerified', {
      index: proof.leaf_index + 1, // people count entries from 1; the log index starts at 0
      size: proof.tree_size,
    });
  } catch (error) {
    root.dataset.state = 'failed';
    status.className = 'receipt-status failed';
    status.setAttribute('role', 'alert');
    status.textContent = message(root, 'msgFailed', { step: error.message });
  }
}

const root = document.getElementById('receipt-check');
if (root) check(root);
