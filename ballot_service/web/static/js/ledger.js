// Result-log verification in the browser: RFC 9162 Merkle proofs and signed checkpoints.
// Mirrors ballot_service/ledger (Python); the rules are in docs/LOG.md. No dependencies; uses
// WebCrypto (SHA-256, Ed25519) only, so it needs a secure context. Every verify* function
// resolves to undefined or rejects with an error that names the failing values.

export class LedgerError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}
export class InclusionProofError extends LedgerError {}
export class ConsistencyProofError extends LedgerError {}
export class CheckpointError extends LedgerError {}
export class CosignatureError extends CheckpointError {}

export const HASH_SIZE = 32;
export const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const DASH = '\u2014';
const NAME_RE = /^[\x21-\x2a\x2c-\x7e]{1,255}$/;
const SIZE_RE = /^(0|[1-9][0-9]{0,15})$/;
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// --- bytes ----------------------------------------------------------------------------------

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(hex)) {
    throw new LedgerError(`not lowercase hex of even length: ${String(hex).slice(0, 80)}`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(text) {
  if (typeof text !== 'string' || !B64_RE.test(text)) {
    throw new LedgerError(`not padded standard base64: ${String(text).slice(0, 80)}`);
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (bytesToBase64(out) !== text) throw new LedgerError(`non-canonical base64: ${text}`);
  return out;
}

export function bytesToBase64(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const utf8 = (s) => new TextEncoder().encode(s);

// --- hashing (RFC 9162 §2.1.1) --------------------------------------------------------------

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** SHA-256(0x00 || data): the leaf hash of an entry's canonical JSON bytes. */
export function hashLeaf(data) {
  return sha256(concat(Uint8Array.of(0), data));
}

/** SHA-256(0x01 || left || right): an interior node. */
export function hashChildren(left, right) {
  return sha256(concat(Uint8Array.of(1), left, right));
}

// --- proofs (RFC 9162 §2.1.3.2, §2.1.4.2) ---------------------------------------------------

const bitLength = (x) => (x === 0n ? 0 : x.toString(2).length);
const popcount = (x) => x.toString(2).split('1').length - 1;

function checkCount(Err, what, value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Err(`${what} must be a non-negative integer, got ${value}`);
  }
  return BigInt(value);
}

function checkHash(Err, what, value) {
  if (!(value instanceof Uint8Array) || value.length !== HASH_SIZE) {
    throw new Err(`${what} has ${value?.length} bytes, expected ${HASH_SIZE}`);
  }
}

/** Exact number of hashes in PATH(index, D[0:size]), 0 ≤ index < size. */
export function inclusionProofLength(index, size) {
  const i = BigInt(index);
  const inner = bitLength(i ^ (BigInt(size) - 1n));
  return inner + popcount(i >> BigInt(inner));
}

/** Exact number of hashes in PROOF(size1, D[0:size2]), 0 ≤ size1 ≤ size2. */
export function consistencyProofLength(size1, size2) {
  if (size1 === 0 || size1 === size2) return 0;
  const s1 = BigInt(size1);
  const level = BigInt(bitLength(s1 & -s1) - 1);
  const node = (s1 - 1n) >> level;
  const last = (BigInt(size2) - 1n) >> level;
  const inner = bitLength(node ^ last);
  return (node === 0n ? 0 : 1) + inner + popcount(node >> BigInt(inner));
}

/** The root that `proof` yields for `leafHash` at `index` in a tree of `size` leaves. */
export async function rootFromInclusionProof(leafHash, index, size, proof) {
  const idx = checkCount(InclusionProofError, 'leaf index', index);
  const n = checkCount(InclusionProofError, 'tree size', size);
  if (idx >= n) throw new InclusionProofError(`leaf index ${index} is not below tree size ${size}`);
  checkHash(InclusionProofError, 'leaf hash', leafHash);
  proof.forEach((p, i) => checkHash(InclusionProofError, `proof[${i}]`, p));
  const want = inclusionProofLength(index, size);
  if (proof.length !== want) {
    throw new InclusionProofError(
      `inclusion proof for leaf index ${index} in tree size ${size} has ${proof.length} ` +
        `hashes, expected ${want}`,
    );
  }
  let fn = idx;
  let sn = n - 1n;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) throw new InclusionProofError(`inclusion proof for size ${size} is too long`);
    if ((fn & 1n) === 1n || fn === sn) {
      r = await hashChildren(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new InclusionProofError(`inclusion proof for size ${size} is too short`);
  return r;
}

/** Check that leafHash is leaf `index` of the tree of `size` leaves whose root is `root`. */
export async function verifyInclusion(leafHash, index, size, proof, root) {
  checkHash(InclusionProofError, 'root', root);
  const computed = await rootFromInclusionProof(leafHash, index, size, proof);
  if (!equal(computed, root)) {
    throw new InclusionProofError(
      `inclusion proof (${proof.length} hashes) for leaf index ${index} in tree size ${size} ` +
        `yields root ${bytesToHex(computed)}, expected ${bytesToHex(root)}`,
    );
  }
}

/** Check that the tree (size2, root2) extends the tree (size1, root1). */
export async function verifyConsistency(size1, size2, proof, root1, root2) {
  let fn = checkCount(ConsistencyProofError, 'size1', size1);
  let sn = checkCount(ConsistencyProofError, 'size2', size2);
  if (fn > sn) throw new ConsistencyProofError(`size1 ${size1} is greater than size2 ${size2}`);
  checkHash(ConsistencyProofError, 'root1', root1);
  checkHash(ConsistencyProofError, 'root2', root2);
  proof.forEach((p, i) => checkHash(ConsistencyProofError, `proof[${i}]`, p));
  const want = consistencyProofLength(size1, size2);
  const what = `consistency proof from size ${size1} to size ${size2}`;
  if (proof.length !== want) {
    throw new ConsistencyProofError(`${what} has ${proof.length} hashes, expected ${want}`);
  }
  if (size1 === 0) {
    if (!equal(root1, hexToBytes(EMPTY_ROOT_HEX))) {
      throw new ConsistencyProofError(
        `root1 ${bytesToHex(root1)} of size 0 is not the empty tree hash ${EMPTY_ROOT_HEX}`,
      );
    }
    return;
  }
  if (size1 === size2) {
    if (!equal(root1, root2)) {
      throw new ConsistencyProofError(
        `equal sizes ${size1} but root1 ${bytesToHex(root1)} differs from root2 ${bytesToHex(root2)}`,
      );
    }
    return;
  }
  const path = (fn & (fn - 1n)) === 0n ? [root1, ...proof] : [...proof];
  fn -= 1n;
  sn -= 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) throw new ConsistencyProofError(`${what} is too long`);
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await hashChildren(c, fr);
      sr = await hashChildren(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = await hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ConsistencyProofError(`${what} is too short`);
  if (!equal(fr, root1)) {
    throw new ConsistencyProofError(
      `${what} (${proof.length} hashes) yields root1 ${bytesToHex(fr)}, expected ${bytesToHex(root1)}`,
    );
  }
  if (!equal(sr, root2)) {
    throw new ConsistencyProofError(
      `${what} (${proof.length} hashes) yields root2 ${bytesToHex(sr)}, expected ${bytesToHex(root2)}`,
    );
  }
}

// --- checkpoints (docs/LOG.md §5) -----------------------------------------------------------

function checkName(Err, what, name) {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new Err(`${what} ${JSON.stringify(name)} must be 1-255 printable ASCII, no space or '+'`);
  }
}

function checkTime(Err, time) {
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (
      y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d &&
      t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s
    ) {
      return;
    }
  }
  throw new Err(`time ${JSON.stringify(time)} is not a valid YYYY-MM-DDTHH:MM:SSZ`);
}

/** Validate {logId, size, root, time, version} and return it frozen. */
export function makeCheckpoint({ logId, size, root, time, version = 1 }) {
  checkName(CheckpointError, 'log id', logId);
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new CheckpointError(`tree size ${size} is outside 0..2^53-1`);
  }
  checkHash(CheckpointError, 'root hash', root);
  checkTime(CheckpointError, time);
  if (version !== 1) throw new CheckpointError(`checkpoint version ${version} is not supported`);
  return Object.freeze({ logId, size, root, time, version });
}

/** The exact body text the log signs. */
export function checkpointBody(cp) {
  return `${cp.logId}\n${cp.size}\n${bytesToBase64(cp.root)}\nversion ${cp.version}\ntime ${cp.time}\n`;
}

/** Parse a checkpoint body strictly (it must re-encode to the same text). */
export function parseCheckpointBody(text) {
  const lines = text.split('\n');
  if (lines.length !== 6 || lines[5] !== '') {
    throw new CheckpointError(`checkpoint body has ${lines.length - 1} lines, expected 5`);
  }
  const [logId, sizeText, rootText, versionLine, timeLine] = lines;
  if (!SIZE_RE.test(sizeText)) throw new CheckpointError(`tree size line ${sizeText} is not decimal`);
  if (versionLine !== 'version 1') throw new CheckpointError(`version line ${versionLine} is not 'version 1'`);
  if (!timeLine.startsWith('time ')) throw new CheckpointError(`time line ${timeLine} lacks 'time '`);
  let root;
  try {
    root = base64ToBytes(rootText);
  } catch {
    throw new CheckpointError(`root hash line ${rootText} is not base64`);
  }
  const cp = makeCheckpoint({ logId, size: Number(sizeText), root, time: timeLine.slice(5) });
  if (checkpointBody(cp) !== text) throw new CheckpointError('checkpoint body is not canonical');
  return cp;
}

function signatureLine(line) {
  const parts = line.split(' ');
  if (parts.length !== 3 || parts[0] !== DASH) {
    throw new CheckpointError(`signature line ${line.slice(0, 120)} is not '— <name> <base64>'`);
  }
  checkName(CheckpointError, 'signer name', parts[1]);
  let payload;
  try {
    payload = base64ToBytes(parts[2]);
  } catch {
    throw new CheckpointError(`signature of ${parts[1]} is not base64`);
  }
  return [parts[1], payload];
}

/** Parse a signed note: body, empty line, the log's signature line, cosignature lines. */
export function parseSignedNote(note) {
  const at = note.indexOf('\n\n');
  if (at < 0 || !note.endsWith('\n')) {
    throw new CheckpointError('signed note needs a body, an empty line and signature lines');
  }
  const checkpoint = parseCheckpointBody(note.slice(0, at + 1));
  const lines = note.slice(at + 2, -1).split('\n').map(signatureLine);
  const [name, payload] = lines[0];
  if (name !== checkpoint.logId || payload.length !== 68) {
    throw new CheckpointError(`first signature line must be the log's (${checkpoint.logId})`);
  }
  const cosignatures = lines.slice(1).map(([n, p]) => {
    if (p.length !== 76) throw new CosignatureError(`cosignature line of ${n} has ${p.length} bytes`);
    const ts = new DataView(p.buffer, p.byteOffset + 4, 8).getBigUint64(0);
    if (ts > BigInt(MAX_SAFE)) throw new CosignatureError(`cosignature by ${n}: timestamp too large`);
    return { name: n, keyId: p.slice(0, 4), timestamp: Number(ts), signature: p.slice(12) };
  });
  uniqueNames(cosignatures, checkpoint.logId);
  return {
    checkpoint,
    signature: { keyId: payload.slice(0, 4), signature: payload.slice(4) },
    cosignatures,
  };
}

// At most one signature line per name, the log's own line included (docs/LOG.md §5).
function uniqueNames(cosignatures, logId) {
  const seen = new Set();
  for (const c of cosignatures) {
    if (c.name === logId) throw new CosignatureError(`a cosignature is named ${c.name}, like the log`);
    if (seen.has(c.name)) throw new CosignatureError(`checkpoint already has a cosignature by ${c.name}`);
    seen.add(c.name);
  }
}

function exactKeys(obj, what, keys) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new CheckpointError(`${what} must be an object`);
  }
  const got = Object.keys(obj).sort();
  if (got.join(',') !== [...keys].sort().join(',')) {
    throw new CheckpointError(`${what} keys [${got}] are not exactly [${[...keys].sort()}]`);
  }
}

function hexField(value, size, what) {
  if (typeof value !== 'string' || value.length !== 2 * size || !/^[0-9a-f]*$/.test(value)) {
    throw new CheckpointError(`${what} must be ${2 * size} lowercase hex digits`);
  }
  return hexToBytes(value);
}

/** Parse the JSON form of a signed checkpoint, validating every field. */
export function signedCheckpointFromJSON(d) {
  exactKeys(d, 'checkpoint', ['v', 'log_id', 'size', 'root', 'time', 'signature', 'cosignatures']);
  if (d.v !== 1) throw new CheckpointError(`checkpoint version ${d.v} is not supported`);
  const checkpoint = makeCheckpoint({
    logId: d.log_id,
    size: d.size,
    root: hexField(d.root, 32, 'root'),
    time: d.time,
  });
  exactKeys(d.signature, 'signature', ['key_id', 'sig']);
  if (!Array.isArray(d.cosignatures)) throw new CheckpointError('cosignatures must be a list');
  const cosignatures = d.cosignatures.map((c, i) => {
    exactKeys(c, `cosignatures[${i}]`, ['name', 'key_id', 'timestamp', 'sig']);
    checkName(CosignatureError, 'cosigner name', c.name);
    if (!Number.isSafeInteger(c.timestamp) || c.timestamp < 0) {
      throw new CosignatureError(`cosignature by ${c.name}: timestamp ${c.timestamp} outside 0..2^53-1`);
    }
    return {
      name: c.name,
      keyId: hexField(c.key_id, 4, `cosignatures[${i}].key_id`),
      timestamp: c.timestamp,
      signature: hexField(c.sig, 64, `cosignatures[${i}].sig`),
    };
  });
  uniqueNames(cosignatures, checkpoint.logId);
  return {
    checkpoint,
    signature: {
      keyId: hexField(d.signature.key_id, 4, 'signature.key_id'),
      signature: hexField(d.signature.sig, 64, 'signature.sig'),
    },
    cosignatures,
  };
}

async function keyId(name, type, publicKeyRaw) {
  return (await sha256(concat(utf8(name), Uint8Array.of(0x0a, type), publicKeyRaw))).slice(0, 4);
}

/** SHA-256(name || 0x0A || 0x01 || public key)[0:4]: the log signature's key id. */
export const logKeyId = (name, publicKeyRaw) => keyId(name, 0x01, publicKeyRaw);
/** SHA-256(name || 0x0A || 0x04 || public key)[0:4]: a cosignature's key id. */
export const cosignerKeyId = (name, publicKeyRaw) => keyId(name, 0x04, publicKeyRaw);

async function ed25519Verify(publicKeyRaw, signature, message) {
  if (!(publicKeyRaw instanceof Uint8Array) || publicKeyRaw.length !== 32) {
    throw new CheckpointError('Ed25519 public key must be 32 bytes');
  }
  const key = await crypto.subtle.importKey('raw', publicKeyRaw, { name: 'Ed25519' }, false, [
    'verify',
  ]);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
}

/** Verify the log's signature on a signed checkpoint; optionally require the log id. */
export async function verifyCheckpoint(signed, publicKeyRaw, { logId } = {}) {
  const cp = signed.checkpoint;
  if (logId !== undefined && cp.logId !== logId) {
    throw new CheckpointError(`checkpoint is for log ${cp.logId}, expected ${logId}`);
  }
  const want = await logKeyId(cp.logId, publicKeyRaw);
  if (!equal(signed.signature.keyId, want)) {
    throw new CheckpointError(
      `checkpoint of ${cp.logId} size ${cp.size}: key id ${bytesToHex(signed.signature.keyId)} ` +
        `is not the given key's ${bytesToHex(want)}`,
    );
  }
  if (!(await ed25519Verify(publicKeyRaw, signed.signature.signature, utf8(checkpointBody(cp))))) {
    throw new CheckpointError(
      `checkpoint of ${cp.logId} size ${cp.size} at ${cp.time}: bad signature for key id ${bytesToHex(want)}`,
    );
  }
  return cp;
}

/** "cosignature/v1\ntime <ts>\n" || body: the message a witness signs. */
export function cosignedMessage(checkpoint, timestamp) {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointBody(checkpoint)}`);
}

/** Verify the cosignature of the witness `name` with `publicKeyRaw` on `checkpoint`. */
export async function verifyCosignature(checkpoint, cosignature, publicKeyRaw, { name }) {
  if (cosignature.name !== name) {
    throw new CosignatureError(`cosignature is by ${cosignature.name}, expected ${name}`);
  }
  const want = await cosignerKeyId(name, publicKeyRaw);
  if (!equal(cosignature.keyId, want)) {
    throw new CosignatureError(
      `cosignature by ${name}: key id ${bytesToHex(cosignature.keyId)} is not the given key's ${bytesToHex(want)}`,
    );
  }
  const message = cosignedMessage(checkpoint, cosignature.timestamp);
  if (!(await ed25519Verify(publicKeyRaw, cosignature.signature, message))) {
    throw new CosignatureError(
      `cosignature by ${name} (key id ${bytesToHex(want)}) on ${checkpoint.logId} size ` +
        `${checkpoint.size} at timestamp ${cosignature.timestamp}: bad signature`,
    );
  }
}
