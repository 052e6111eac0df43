// node --test tests/ledger_js — ledger.js against the shared vectors (tests/vectors/ledger_*.json)
// and, when LEDGER_JS_PROOFS names a file, against proofs produced by the Python ledger.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as L from '../../ballot_service/web/static/js/ledger.js';

const vectors = (name) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../vectors/${name}`, import.meta.url)), 'utf8'));
const rfc = vectors('ledger_rfc6962.json');
const cpv = vectors('ledger_checkpoint.json');
const h = L.hexToBytes;
const SOME = h('abacaba000000000000000000000000000000000000000000060061e00123456');
const EMPTY = h(L.EMPTY_ROOT_HEX);
const root = (n) => h(rfc.roots[String(n)]);

async function mth(leaves) {
  // RFC 9162 §2.1.1 written out, to check hashLeaf / hashChildren against the published roots.
  if (leaves.length === 0) return L.sha256(new Uint8Array());
  if (leaves.length === 1) return L.hashLeaf(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return L.hashChildren(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}

const flip = (x, bit) => Uint8Array.from(x, (b, i) => (i === 0 ? b ^ bit : b));

async function rejects(promise, Err, desc) {
  await assert.rejects(promise, Err, `accepted: ${desc}`);
}

test('empty root and roots for sizes 1..8', async () => {
  assert.equal(L.bytesToHex(await L.sha256(new Uint8Array())), rfc.empty_root);
  const leaves = rfc.leaves.map(h);
  for (let n = 1; n <= 8; n++) assert.equal(L.bytesToHex(await mth(leaves.slice(0, n))), rfc.roots[n]);
});

test('inclusion vectors verify; corrupted probes fail', async () => {
  for (const v of rfc.inclusion) {
    const leaf = await L.hashLeaf(h(rfc.leaves[v.index]));
    const proof = v.proof.map(h);
    const r = root(v.size);
    await L.verifyInclusion(leaf, v.index, v.size, proof, r);
    assert.equal(L.inclusionProofLength(v.index, v.size), proof.length);
    const probes = [
      ['index + 1', [leaf, v.index + 1, v.size, proof, r]],
      ['index ^ 2', [leaf, v.index ^ 2, v.size, proof, r]],
      ['size * 2', [leaf, v.index, v.size * 2, proof, r]],
      ['size / 2', [leaf, v.index, Math.floor(v.size / 2), proof, r]],
      ['wrong leaf', [SOME, v.index, v.size, proof, r]],
      ['empty root', [leaf, v.index, v.size, proof, EMPTY]],
      ['trailing root', [leaf, v.index, v.size, [...proof, r], r]],
      ['preceding root', [leaf, v.index, v.size, [r, ...proof], r]],
      ['negative index', [leaf, -1, v.size, proof, r]],
      ['fractional size', [leaf, v.index, v.size + 0.5, proof, r]],
    ];
    proof.forEach((_, i) => {
      const bad = [...proof];
      bad[i] = flip(bad[i], 8);
      probes.push([`proof[${i}] bit 3`, [leaf, v.index, v.size, bad, r]]);
    });
    if (proof.length > 0) probes.push(['removed last', [leaf, v.index, v.size, proof.slice(0, -1), r]]);
    if (proof.length > 1) {
      probes.push(['swapped', [leaf, v.index, v.size, [proof[1], proof[0], ...proof.slice(2)], r]]);
    }
    for (const [desc, args] of probes) {
      await rejects(L.verifyInclusion(...args), L.InclusionProofError, `${v.index}/${v.size} ${desc}`);
    }
  }
});

test('inclusion errors name the values', async () => {
  const v = rfc.inclusion[6]; // index 5, size 8
  const leaf = await L.hashLeaf(h(rfc.leaves[5]));
  const proof = v.proof.map(h);
  await assert.rejects(L.verifyInclusion(leaf, 8, 8, proof, root(8)), /leaf index 8 is not below tree size 8/);
  await assert.rejects(L.verifyInclusion(leaf, 5, 8, proof.slice(1), root(8)), /has 2 hashes, expected 3/);
  await assert.rejects(L.verifyInclusion(leaf, 5, 8, proof, root(7)), /yields root/);
});

test('consistency vectors verify; corrupted probes fail', async () => {
  for (const v of rfc.consistency) {
    const proof = v.proof.map(h);
    const [r1, r2] = [root(v.size1), root(v.size2)];
    await L.verifyConsistency(v.size1, v.size2, proof, r1, r2);
    assert.equal(L.consistencyProofLength(v.size1, v.size2), proof.length);
    if (proof.length === 0) continue;
    const s1 = v.size1;
    const s2 = v.size2;
    const probes = [
      ['size1 - 1', [s1 - 1, s2, proof, r1, r2]],
      ['size1 + 1', [s1 + 1, s2, proof, r1, r2]],
      ['size1 ^ 2', [s1 ^ 2, s2, proof, r1, r2]],
      ['size2 * 2', [s1, s2 * 2, proof, r1, r2]],
      ['size2 / 2', [s1, Math.floor(s2 / 2), proof, r1, r2]],
      ['wrong root1', [s1, s2, proof, SOME, r2]],
      ['wrong root2', [s1, s2, proof, r1, SOME]],
      ['swapped roots', [s1, s2, proof, r2, r1]],
      ['empty proof', [s1, s2, [], r1, r2]],
      ['trailing root2', [s1, s2, [...proof, r2], r1, r2]],
      ['preceding proof[0]', [s1, s2, [proof[0], ...proof], r1, r2]],
      ['truncated', [s1, s2, proof.slice(0, -1), r1, r2]],
    ];
    proof.forEach((_, i) => {
      const bad = [...proof];
      bad[i] = flip(bad[i], 16);
      probes.push([`proof[${i}] bit 4`, [s1, s2, bad, r1, r2]]);
    });
    for (const [desc, args] of probes) {
      await rejects(L.verifyConsistency(...args), L.ConsistencyProofError, `${s1}->${s2} ${desc}`);
    }
  }
});

test('consistency trivial cases and messages', async () => {
  await L.verifyConsistency(0, 0, [], EMPTY, EMPTY);
  await L.verifyConsistency(0, 8, [], EMPTY, root(8));
  await L.verifyConsistency(5, 5, [], root(5), root(5));
  await assert.rejects(L.verifyConsistency(8, 7, [], root(8), root(7)), /size1 8 is greater than size2 7/);
  await assert.rejects(L.verifyConsistency(5, 5, [], root(5), root(6)), /equal sizes 5/);
  await assert.rejects(L.verifyConsistency(0, 8, [], root(1), root(8)), /not the empty tree hash/);
  await assert.rejects(L.verifyConsistency(1, 2, [], root(1), root(2)), /has 0 hashes, expected 1/);
});

test('proofs produced by the Python ledger (LEDGER_JS_PROOFS)', async (t) => {
  const path = process.env.LEDGER_JS_PROOFS;
  if (!path) {
    t.skip('run through tests/ledger_js/test_node.py to get the Python-generated proofs');
    return;
  }
  const data = JSON.parse(readFileSync(path, 'utf8'));
  const roots = data.roots.map(h);
  const leafHashes = data.leaf_hashes.map(h);
  for (const [i, n, proof] of data.inclusion) {
    await L.verifyInclusion(leafHashes[i], i, n, proof.map(h), roots[n]);
    if (n > 1) {
      await rejects(L.verifyInclusion(leafHashes[(i + 1) % n], i, n, proof.map(h), roots[n]),
        L.InclusionProofError, `inclusion ${i}/${n} other leaf`);
    }
  }
  for (const [m, n, proof] of data.consistency) {
    await L.verifyConsistency(m, n, proof.map(h), roots[m], roots[n]);
    if (proof.length > 0) {
      await rejects(L.verifyConsistency(m, n, proof.map(h), roots[m], roots[n - 1]),
        L.ConsistencyProofError, `consistency ${m}->${n} wrong root2`);
    }
  }
  assert.ok(data.inclusion.length > 500 && data.consistency.length > 500);
});

// --- checkpoints ------------------------------------------------------------------------------

const logPk = h(cpv.log.public_key);
const witnessPk = h(cpv.witness.public_key);

test('checkpoint vector: parse, body, key ids, signatures', async () => {
  const fromNote = L.parseSignedNote(cpv.note);
  const fromJson = L.signedCheckpointFromJSON(cpv.json);
  assert.deepEqual(fromNote, fromJson);
  assert.equal(L.checkpointBody(fromNote.checkpoint), cpv.body);
  assert.equal(L.bytesToHex(await L.logKeyId(cpv.json.log_id, logPk)), cpv.log.key_id);
  assert.equal(L.bytesToHex(await L.cosignerKeyId(cpv.witness.name, witnessPk)), cpv.witness.key_id);
  const cosig = fromNote.cosignatures[0];
  assert.equal(new TextDecoder().decode(L.cosignedMessage(fromNote.checkpoint, cosig.timestamp)), cpv.cosigned_message);
  await L.verifyCheckpoint(fromNote, logPk, { logId: cpv.json.log_id });
  await L.verifyCosignature(fromNote.checkpoint, cosig, witnessPk, { name: cpv.witness.name });
});

test('checkpoint: wrong key, wrong log id, every field mutation fails', async () => {
  const signed = L.signedCheckpointFromJSON(cpv.json);
  await assert.rejects(L.verifyCheckpoint(signed, witnessPk), /key id 6085cbae is not the given key's/);
  await assert.rejects(L.verifyCheckpoint(signed, logPk, { logId: 'other' }), L.CheckpointError);
  const cp = signed.checkpoint;
  for (const change of [
    { logId: `${cp.logId}x` },
    { size: cp.size + 1 },
    { root: flip(cp.root, 1) },
    { time: '2025-11-20T08:30:06Z' },
  ]) {
    const bad = { ...signed, checkpoint: L.makeCheckpoint({ ...cp, ...change }) };
    await rejects(L.verifyCheckpoint(bad, logPk), L.CheckpointError, JSON.stringify(Object.keys(change)));
  }
  for (let i = 0; i < 64; i += 7) {
    const sig = Uint8Array.from(signed.signature.signature);
    sig[i] ^= 0x40;
    const bad = { ...signed, signature: { ...signed.signature, signature: sig } };
    await rejects(L.verifyCheckpoint(bad, logPk), L.CheckpointError, `sig byte ${i}`);
  }
});

test('checkpoint: every body character matters', async () => {
  for (let i = 0; i < cpv.body.length; i++) {
    const c = cpv.note[i] === 'A' ? 'B' : 'A';
    const note = cpv.note.slice(0, i) + c + cpv.note.slice(i + 1);
    await rejects((async () => L.verifyCheckpoint(L.parseSignedNote(note), logPk))(),
      L.CheckpointError, `body char ${i}`);
  }
});

test('checkpoint JSON parsing validates every field', () => {
  const bad = [
    ['v', 2], ['log_id', 'has space'], ['size', -1], ['size', 1.5], ['size', '6'],
    ['root', cpv.json.root.toUpperCase()], ['time', '2025-11-20T08:30:05.000Z'],
    ['time', '2025-02-30T08:30:05Z'], ['signature', { key_id: '00' }], ['cosignatures', {}],
  ];
  for (const [k, v] of bad) {
    assert.throws(() => L.signedCheckpointFromJSON({ ...cpv.json, [k]: v }), L.CheckpointError, k);
  }
  assert.throws(() => L.signedCheckpointFromJSON({ ...cpv.json, extra: 1 }), /not exactly/);
  assert.throws(() => L.parseSignedNote(cpv.note.replace('\n6\n', '\n06\n')), L.CheckpointError);
  assert.throws(() => L.parseSignedNote(cpv.note.replace('8=\n', '8\n')), L.CheckpointError);
});

test('a cosignature named like the log is refused (docs/LOG.md §5)', () => {
  const line = cpv.note.trimEnd().split('\n').at(-1);
  const renamed = line.replace(`— ${cpv.witness.name} `, `— ${cpv.json.log_id} `);
  assert.throws(() => L.parseSignedNote(cpv.note.replace(line, renamed)), /like the log/);
  const json = { ...cpv.json, cosignatures: [{ ...cpv.json.cosignatures[0], name: cpv.json.log_id }] };
  assert.throws(() => L.signedCheckpointFromJSON(json), /like the log/);
});

test('cosignature failures', async () => {
  const signed = L.parseSignedNote(cpv.note);
  const cosig = signed.cosignatures[0];
  const name = cpv.witness.name;
  await assert.rejects(L.verifyCosignature(signed.checkpoint, cosig, witnessPk, { name: 'w2' }), /expected w2/);
  await assert.rejects(L.verifyCosignature(signed.checkpoint, cosig, logPk, { name }), L.CosignatureError);
  const later = { ...cosig, timestamp: cosig.timestamp + 1 };
  await assert.rejects(L.verifyCosignature(signed.checkpoint, later, witnessPk, { name }), /bad signature/);
  const other = L.makeCheckpoint({ ...signed.checkpoint, size: 7 });
  await assert.rejects(L.verifyCosignature(other, cosig, witnessPk, { name }), /size 7/);
});
