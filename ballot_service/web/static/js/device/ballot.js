// The encrypted ballot (docs/PROTOCOL.md §7); mirrors ballot_service/crypto/ballot_encrypt.py
// and the ballot's encodings in ballot_service/crypto/ballot_types.py. K officials × L levels:
//   C_ij = Enc_K(m_ij; r_ij) with a 0/1 proof π_ij, context ("ballot/cell", fp, X, i, j)
//   row i: ρ_i, a 0/1 proof on Σ_j C_ij (0 = blank row), context ("ballot/row", fp, X, i, L)
//   σ: Schnorr signature by x of M = hash32("ballot/body", body)
//   body = u8 1 ‖ u32 len(fp) ‖ fp ‖ X ‖ u16 K ‖ u8 L
//          ‖ for i: (for j: α_ij ‖ β_ij ‖ π_ij.c0 ‖ π_ij.c1 ‖ π_ij.v0 ‖ π_ij.v1) ‖ ρ_i.c0 ‖ … ‖ ρ_i.v1
//   tracking code T = hash32("ballot/tracking-code", body ‖ e ‖ s); short code: Crockford
//   base32 of T[0:10] as XXXX-XXXX-XXXX-XXXX.
// A ballot is {version, election, credential, levels, rows: [{cells: [{ciphertext, proof}],
// proof}], signature} with byte values; ballotToDict / ballotFromDict give the JSON form that
// the server's decoder (Ballot.from_dict) reads.
import {
  FORMAT_VERSION,
  bytesField,
  expectKeys,
  expectMapping,
  expectVersion,
  intField,
  listField,
  pointField,
  scalarList,
} from './codec.js';
import { credentialFromToken, sign, verifySignature } from './credentials.js';
import {
  disjunctiveFromDict,
  disjunctiveToDict,
  encodeDisjunctive,
  proveOneOf,
  verifyOneOf,
} from './disjunctive.js';
import { addAll, encrypt } from './elgamal.js';
import { DecryptionError, MalformedInput } from './errors.js';
import {
  BASE,
  ZERO,
  bytesToHex,
  concatBytes,
  equalBytes,
  isIdentity,
  mul,
  mulBase,
  randomScalar,
  scalarAdd,
  sub,
  typeName,
} from './group.js';
import { hash32 } from './hashing.js';
import { proofContext, schnorrFromDict, schnorrToDict } from './proofs.js';
import { defaultRng } from './random.js';

export const MIN_LEVELS = 2;
export const MAX_LEVELS = 8;
export const MAX_OFFICIALS = 1000;
export const MAX_FINGERPRINT = 1024;
export const CELL_TAG = 'ballot/cell';
export const ROW_TAG = 'ballot/row';
export const BODY_TAG = 'ballot/body';
export const TRACKING_TAG = 'ballot/tracking-code';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 1 ≤ K ≤ MAX_OFFICIALS and MIN_LEVELS ≤ L ≤ MAX_LEVELS. */
export function checkShape(officials, levels, what) {
  for (const [name, value, lo, hi] of [
    ['officials', officials, 1, MAX_OFFICIALS],
    ['levels', levels, MIN_LEVELS, MAX_LEVELS],
  ]) {
    if (!Number.isSafeInteger(value) || value < lo || value > hi) {
      throw new MalformedInput(`${what}: ${name} = ${String(value)} outside [${lo}, ${hi}]`);
    }
  }
}

/** Fiat–Shamir context of the 0/1 proof of cell (i, j): fp, X, i, j. */
export const cellContext = (fp, credential, official, level) =>
  proofContext(CELL_TAG, [fp, credential, official, level]);

/** Fiat–Shamir context of the row proof of official i: fp, X, i, L. */
export const rowContext = (fp, credential, official, levels) =>
  proofContext(ROW_TAG, [fp, credential, official, levels]);

/** choices: K entries, each a level index in [0, L) or null (blank). */
export function checkChoices(choices, levels) {
  if (!Array.isArray(choices)) throw new MalformedInput('choices: expected a list');
  checkShape(choices.length, levels, 'choices');
  choices.forEach((choice, i) => {
    if (choice === null) return;
    if (!Number.isSafeInteger(choice) || choice < 0 || choice >= levels) {
      throw new MalformedInput(
        `choices: official ${i}: ${JSON.stringify(choice)} is not null or a level in [0, ${levels})`,
      );
    }
  });
}

/**
 * Encrypt, prove and sign a ballot: {ballot, nonces} (nonces r_ij, for the Benaloh check).
 *
 * `credential` is the card token (16 bytes) or {secret, public} (credentials.js). `choices[i]`
 * is a level index or null (blank row). Randomness order: per official i, per level j: r_ij,
 * then the cell proof's draws; then the row proof's draws; after all officials, the
 * signature nonce. Every product is a multiple of B or K (the nonces are known).
 */
export function encryptBallot(fingerprint, key, credential, choices, levels, { rng = defaultRng } = {}) {
  checkChoices(choices, levels);
  if (!(fingerprint instanceof Uint8Array)) {
    throw new MalformedInput('election fingerprint: expected bytes');
  }
  if (fingerprint.length > MAX_FINGERPRINT) {
    throw new MalformedInput(`ballot: election fingerprint of ${fingerprint.length} bytes`);
  }
  if (isIdentity(key)) throw new MalformedInput('election key is the identity');
  const cred = credential instanceof Uint8Array ? credentialFromToken(fingerprint, credential) : credential;
  const xPub = cred.public;
  const rows = [];
  const nonces = [];
  choices.forEach((choice, i) => {
    const cells = [];
    const rowNonces = [];
    for (let j = 0; j < levels; j++) {
      const m = choice === j ? 1 : 0;
      const r = randomScalar(rng);
      const ciphertext = encrypt(m, key, r);
      const context = cellContext(fingerprint, xPub, i, j);
      const proof = proveOneOf(ciphertext, m, r, key, 1, context, { rng });
      cells.push({ ciphertext, proof });
      rowNonces.push(r);
    }
    let total = rowNonces[0];
    for (const r of rowNonces.slice(1)) total = scalarAdd(total, r);
    const rowCiphertext = addAll(cells.map((cell) => cell.ciphertext));
    const plain = choice === null ? 0 : 1;
    const context = rowContext(fingerprint, xPub, i, levels);
    const proof = proveOneOf(rowCiphertext, plain, total, key, 1, context, { rng });
    rows.push({ cells, proof });
    nonces.push(rowNonces);
  });
  const unsigned = {
    version: FORMAT_VERSION,
    election: fingerprint.slice(),
    credential: xPub,
    levels,
    rows,
    signature: { challenge: ZERO, response: ZERO },
  };
  const signature = sign(fingerprint, cred, messageHash(unsigned), { rng });
  return { ballot: { ...unsigned, signature }, nonces };
}

/** The canonical body bytes (everything but σ). */
export function ballotBody(ballot) {
  if (ballot.election.length > MAX_FINGERPRINT) {
    throw new MalformedInput(`ballot: election fingerprint of ${ballot.election.length} bytes`);
  }
  const head = new Uint8Array(5);
  head[0] = ballot.version;
  new DataView(head.buffer).setUint32(1, ballot.election.length);
  const shape = new Uint8Array(3);
  new DataView(shape.buffer).setUint16(0, ballot.rows.length);
  shape[2] = ballot.levels;
  const parts = [head, ballot.election, ballot.credential, shape];
  for (const row of ballot.rows) {
    for (const cell of row.cells) {
      parts.push(cell.ciphertext.alpha, cell.ciphertext.beta, encodeDisjunctive(cell.proof));
    }
    parts.push(encodeDisjunctive(row.proof));
  }
  return concatBytes(...parts);
}

/** body ‖ e ‖ s. */
export function encodeBallot(ballot) {
  return concatBytes(ballotBody(ballot), ballot.signature.challenge, ballot.signature.response);
}

/** M = hash32("ballot/body", body), the message the credential signs. */
export function messageHash(ballot) {
  return hash32(BODY_TAG, ballotBody(ballot));
}

/** T = hash32("ballot/tracking-code", body ‖ e ‖ s). */
export function trackingHash(ballot) {
  return hash32(TRACKING_TAG, encodeBallot(ballot));
}

/** T in lowercase hex (64 characters). */
export function trackingCode(ballot) {
  return bytesToHex(trackingHash(ballot));
}

/** Crockford base32 (0-9, A-Z without I L O U) of digest[0:10], grouped 4-4-4-4. */
export function shortCode(digest) {
  if (!(digest instanceof Uint8Array) || digest.length < 10) {
    throw new MalformedInput('short code: need at least 10 bytes');
  }
  let n = 0n;
  for (const b of digest.subarray(0, 10)) n = (n << 8n) | BigInt(b);
  let chars = '';
  for (let k = 0; k < 16; k++) chars += CROCKFORD[Number((n >> BigInt(5 * (15 - k))) & 31n)];
  return [0, 4, 8, 12].map((k) => chars.slice(k, k + 4)).join('-');
}

/** The 10 bytes T[0:10] a short code names (white space, dashes and case ignored; I, L → 1, O → 0). */
export function shortCodePrefix(text) {
  const compact =
    typeof text === 'string'
      ? text.replace(/\s/gu, '').replaceAll('-', '').toUpperCase().replace(/[IL]/g, '1').replaceAll('O', '0')
      : '';
  if (compact.length !== 16 || [...compact].some((ch) => !CROCKFORD.includes(ch))) {
    throw new MalformedInput(
      `short code: ${JSON.stringify(String(text).slice(0, 40))} is not 16 Crockford base32 characters`,
    );
  }
  let n = 0n;
  for (const ch of compact) n = (n << 5n) | BigInt(CROCKFORD.indexOf(ch));
  const out = new Uint8Array(10);
  for (let k = 9; k >= 0; k--) {
    out[k] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** The JSON form (hex strings; docs/PROTOCOL.md §7). */
export function ballotToDict(ballot) {
  return {
    version: ballot.version,
    election: bytesToHex(ballot.election),
    credential: bytesToHex(ballot.credential),
    levels: ballot.levels,
    rows: ballot.rows.map((row) => ({
      cells: row.cells.map((cell) => ({
        alpha: bytesToHex(cell.ciphertext.alpha),
        beta: bytesToHex(cell.ciphertext.beta),
        proof: disjunctiveToDict(cell.proof),
      })),
      proof: disjunctiveToDict(row.proof),
    })),
    signature: schnorrToDict(ballot.signature),
  };
}

/** Parse the JSON form strictly, validating every field and point (X, α, β ≠ O). */
export function ballotFromDict(data) {
  const what = 'ballot';
  const d = expectMapping(data, what);
  expectKeys(d, ['version', 'election', 'credential', 'levels', 'rows', 'signature'], what);
  expectVersion(d, what);
  const election = bytesField(d, 'election', what, null);
  if (election.length > MAX_FINGERPRINT) {
    throw new MalformedInput(`${what}: election fingerprint of ${election.length} bytes`);
  }
  const credential = pointField(d, 'credential', what);
  const levels = intField(d, 'levels', what, { lo: MIN_LEVELS, hi: MAX_LEVELS });
  const rawRows = listField(d, 'rows', what, { lo: 1, hi: MAX_OFFICIALS });
  const rows = rawRows.map((r, i) => rowFromDict(r, levels, `${what}: official ${i}`));
  const sw = `${what}: signature`;
  const signature = schnorrFromDict(expectMapping(d.signature, sw), { what: sw });
  return { version: FORMAT_VERSION, election, credential, levels, rows, signature };
}

function rowFromDict(data, levels, what) {
  const d = expectMapping(data, what);
  expectKeys(d, ['cells', 'proof'], what);
  const cells = listField(d, 'cells', what, { length: levels }).map((raw, j) => {
    const cw = `${what} level ${j}`;
    const c = expectMapping(raw, cw);
    expectKeys(c, ['alpha', 'beta', 'proof'], cw);
    const ciphertext = { alpha: pointField(c, 'alpha', cw), beta: pointField(c, 'beta', cw) };
    const pw = `${cw}: proof`;
    return { ciphertext, proof: disjunctiveFromDict(expectMapping(c.proof, pw), { bound: 1, what: pw }) };
  });
  const rw = `${what}: row proof`;
  return { cells, proof: disjunctiveFromDict(expectMapping(d.proof, rw), { bound: 1, what: rw }) };
}

/**
 * Check a ballot as the server's verify_ballot does, in the same order (shape, election,
 * signature, every 0/1 proof, every row proof), one libsodium product at a time: a reference
 * for any device that wants to check a ballot (the server is the one that must). Points were
 * validated by ballotFromDict.
 */
export function verifyBallot(ballot, fingerprint, key, { officials, levels }) {
  const what = `ballot ${trackingCode(ballot).slice(0, 12)}…`;
  checkShape(officials, levels, 'election');
  if (!equalBytes(ballot.election, fingerprint)) {
    throw new MalformedInput(`${what}: made for another election (${bytesToHex(ballot.election.subarray(0, 8))}…)`);
  }
  if (ballot.levels !== levels || ballot.rows.length !== officials) {
    throw new MalformedInput(
      `${what}: shape ${ballot.rows.length}×${ballot.levels}, expected ${officials}×${levels}`,
    );
  }
  const xPub = ballot.credential;
  verifySignature(fingerprint, xPub, messageHash(ballot), ballot.signature, { what });
  ballot.rows.forEach((row, i) => {
    if (row.cells.length !== levels) {
      throw new MalformedInput(`${what}: official ${i}: ${row.cells.length} levels, want ${levels}`);
    }
  });
  ballot.rows.forEach((row, i) => {
    row.cells.forEach((cell, j) => {
      verifyOneOf(cell.ciphertext, cell.proof, key, 1, cellContext(fingerprint, xPub, i, j), {
        what: `${what}: official ${i} level ${j}: 0/1 proof`,
      });
    });
    const total = addAll(row.cells.map((cell) => cell.ciphertext));
    verifyOneOf(total, row.proof, key, 1, rowContext(fingerprint, xPub, i, levels), {
      what: `${what}: official ${i}: row proof`,
    });
  });
}

// --- Benaloh (cast-as-intended) check ------------------------------------------------------

/** {"version": 1, "nonces": [[hex × L] × K]}: what the tablet reveals for the check. */
export function noncesToDict(nonces) {
  return { version: FORMAT_VERSION, nonces: nonces.map((row) => row.map(bytesToHex)) };
}

/** Parse the nonces of a ballot (canonical scalars). */
export function noncesFromDict(data) {
  const what = 'ballot nonces';
  const d = expectMapping(data, what);
  expectKeys(d, ['version', 'nonces'], what);
  expectVersion(d, what);
  return listField(d, 'nonces', what, { lo: 1, hi: MAX_OFFICIALS }).map((row, i) => {
    if (!Array.isArray(row) || row.length < MIN_LEVELS || row.length > MAX_LEVELS) {
      throw new MalformedInput(
        `${what}: official ${i}: expected a list of ${MIN_LEVELS}..${MAX_LEVELS} scalars, got ${typeName(row)}`,
      );
    }
    return scalarList(row, `${what}: official ${i}`);
  });
}

/**
 * Open a ballot with its nonces: check α_ij = r_ij·B and read m_ij from β_ij − r_ij·K (O → 0,
 * B → 1, anything else refused); at most one level per official. Returns the choices (a level
 * index or null per official). Throws DecryptionError naming the official and level.
 */
export function openBallot(ballot, nonces, key) {
  const what = `ballot ${trackingCode(ballot).slice(0, 12)}…`;
  if (nonces.length !== ballot.rows.length) {
    throw new MalformedInput(`${what}: ${nonces.length} nonce rows for ${ballot.rows.length} officials`);
  }
  return ballot.rows.map((row, i) => {
    if (nonces[i].length !== row.cells.length) {
      throw new MalformedInput(`${what}: official ${i}: wrong number of nonces`);
    }
    const marked = [];
    row.cells.forEach((cell, j) => {
      if (openCell(cell.ciphertext, nonces[i][j], key, `${what}: official ${i} level ${j}`)) marked.push(j);
    });
    if (marked.length > 1) {
      throw new DecryptionError(`${what}: official ${i}: levels ${JSON.stringify(marked)} are all marked`);
    }
    return marked.length ? marked[0] : null;
  });
}

function openCell(ciphertext, r, key, what) {
  if (!equalBytes(ciphertext.alpha, mulBase(r))) {
    throw new DecryptionError(`${what}: nonce does not match α`);
  }
  const plain = sub(ciphertext.beta, mul(r, key));
  if (isIdentity(plain)) return false;
  if (equalBytes(plain, BASE)) return true;
  throw new DecryptionError(`${what}: encrypts neither 0 nor 1`);
}

/**
 * The Benaloh check: confirm that the opened ballot encrypts exactly `marks` (a level index or
 * null per official, as the delegate marked them). Returns the choices; throws DecryptionError
 * at the first official whose encrypted choice differs, or if the nonces do not open it.
 */
export function checkOpening(ballot, nonces, key, marks) {
  const choices = openBallot(ballot, nonces, key);
  if (!Array.isArray(marks) || marks.length !== choices.length) {
    throw new MalformedInput(`marks: expected ${choices.length} officials`);
  }
  const say = (c) => (c === null ? 'no level (blank)' : `level ${c}`);
  choices.forEach((choice, i) => {
    if (choice !== marks[i]) {
      throw new DecryptionError(
        `official ${i}: the ballot encrypts ${say(choice)}, but ${say(marks[i])} was marked`,
      );
    }
  });
  return choices;
}

/**
 * The challenge file of an opened ballot (docs/PROTOCOL.md §7): the ballot, its nonces, the
 * election key and optionally the officials' names, for the board page or
 * `ballot-verify --challenge`.
 */
export function challengeToDict(ballot, nonces, key, officials = null) {
  const out = {
    version: FORMAT_VERSION,
    election_key: bytesToHex(key),
    ballot: ballotToDict(ballot),
    nonces: noncesToDict(nonces).nonces,
  };
  if (officials !== null) out.officials = [...officials];
  return out;
}

/** Parse a challenge file strictly: {ballot, nonces, key, officials (or null)}. */
export function challengeFromDict(data) {
  const what = 'challenge';
  const d = expectMapping(data, what);
  const optional = Object.hasOwn(d, 'officials') ? ['officials'] : [];
  expectKeys(d, ['version', 'election_key', 'ballot', 'nonces', ...optional], what);
  expectVersion(d, what);
  const key = pointField(d, 'election_key', what);
  const ballot = ballotFromDict(d.ballot);
  const nonces = noncesFromDict({ version: FORMAT_VERSION, nonces: d.nonces });
  let officials = null;
  if (optional.length) {
    const names = d.officials;
    if (
      !Array.isArray(names) ||
      names.length < 1 ||
      names.length > MAX_OFFICIALS ||
      !names.every((n) => typeof n === 'string' && n.length > 0 && n.length <= 200)
    ) {
      throw new MalformedInput(`${what}: officials: expected a list of names (1 to 200 characters)`);
    }
    officials = [...names];
  }
  return { ballot, nonces, key, officials };
}

/**
 * Check a parsed challenge as `ballot-verify --challenge` does: the ballot's proofs under its
 * own election and K, then the nonces open every cell. Returns the choices (a level index or
 * null per official); throws naming the official and level.
 */
export function checkChallenge({ ballot, nonces, key, officials }) {
  verifyBallot(ballot, ballot.election, key, { officials: ballot.rows.length, levels: ballot.levels });
  if (officials !== null && officials.length !== ballot.rows.length) {
    throw new MalformedInput(
      `challenge: ${officials.length} officials named, the ballot has ${ballot.rows.length}`,
    );
  }
  return openBallot(ballot, nonces, key);
}
