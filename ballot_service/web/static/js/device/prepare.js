// Encryption that starts while the delegate reads: everything of a ballot that does not depend on
// the marks is computed first (prepareBallot, in the Worker as soon as the card is read), and the
// marks only select and add (finishBallot, a few dozen milliseconds). The ballot is the one
// encryptBallot (ballot.js) would make with other draws: every product is drawn or derived as
// there, with the same distribution.
//
// Per cell (i, j), drawn in advance: r (α = r·B and r·K), the real branch's w (w·B, w·K) and, for
// the simulated branch, u and c′ (u·B, u·K, c′·B). Once m is known, the other branch t = 1 − m
// takes c_t = c′·(t − m) (= ±c′) and v_t = u + c_t·r, so that a_t = v_t·B − c_t·α = u·B and
// b_t = v_t·K − c_t·(β − t·B) = u·K + c′·B — both already computed; β = m·B + r·K is one
// addition. The row proof is the same on (Σα, Σβ) with nonce Σr; the signature's w·B is drawn
// in advance too. A prepared ballot is used once: its nonces never encrypt a second ballot (a
// Benaloh check reveals them).
import {
  MAX_FINGERPRINT,
  cellContext,
  checkChoices,
  checkShape,
  messageHash,
  rowContext,
} from './ballot.js';
import { FORMAT_VERSION } from './codec.js';
import { credentialFromToken, signatureContext } from './credentials.js';
import { MalformedInput } from './errors.js';
import {
  BASE,
  IDENTITY,
  ZERO,
  add,
  isIdentity,
  mul,
  mulBase,
  randomScalar,
  scalarAdd,
  scalarMul,
  scalarNegate,
  scalarSub,
} from './group.js';
import { challenge, finishDlog } from './proofs.js';
import { defaultRng } from './random.js';

function prepareProof(key, rng) {
  const w = randomScalar(rng);
  const u = randomScalar(rng);
  const c = randomScalar(rng);
  return { w, wB: mulBase(w), wK: mul(w, key), u, uB: mulBase(u), uK: mul(u, key), c, cB: mulBase(c) };
}

// The 0/1 proof of (α, β) = Enc_K(m; r) from prepared material (see the module comment).
function finishProof(p, ciphertext, m, r, key, context) {
  const t = 1 - m;
  const ct = t > m ? p.c : scalarNegate(p.c); // c_t = c′·(t − m)
  const vt = scalarAdd(p.u, scalarMul(ct, r));
  const simulated = [p.uB, add(p.uK, p.cB)];
  const real = [p.wB, p.wK];
  const commitments = m === 0 ? [...real, ...simulated] : [...simulated, ...real];
  const all = challenge(context, 1, BASE, key, ciphertext.alpha, ciphertext.beta, ...commitments);
  const cm = scalarSub(all, ct);
  const vm = scalarAdd(p.w, scalarMul(cm, r));
  return m === 0
    ? { challenges: [cm, ct], responses: [vm, vt] }
    : { challenges: [ct, cm], responses: [vt, vm] };
}

/**
 * Everything of a K × L ballot that does not depend on the marks. `credential` is the card
 * token (16 bytes) or {secret, public}. Returns an opaque, single-use object for finishBallot.
 */
export function prepareBallot(fingerprint, key, credential, officials, levels, { rng = defaultRng } = {}) {
  checkShape(officials, levels, 'prepared ballot');
  if (!(fingerprint instanceof Uint8Array) || fingerprint.length > MAX_FINGERPRINT) {
    throw new MalformedInput(`election fingerprint: expected at most ${MAX_FINGERPRINT} bytes`);
  }
  if (isIdentity(key)) throw new MalformedInput('election key is the identity');
  const cred = credential instanceof Uint8Array ? credentialFromToken(fingerprint, credential) : credential;
  const rows = [];
  for (let i = 0; i < officials; i++) {
    const cells = [];
    for (let j = 0; j < levels; j++) {
      const r = randomScalar(rng);
      cells.push({ r, alpha: mulBase(r), rK: mul(r, key), proof: prepareProof(key, rng) });
    }
    let total = ZERO;
    let alpha = IDENTITY;
    let rK = IDENTITY;
    for (const cell of cells) {
      total = scalarAdd(total, cell.r);
      alpha = add(alpha, cell.alpha);
      rK = add(rK, cell.rK);
    }
    rows.push({ cells, total, alpha, rK, proof: prepareProof(key, rng) });
  }
  const w = randomScalar(rng);
  return {
    fingerprint: fingerprint.slice(),
    key,
    credential: cred,
    levels,
    rows,
    signature: { w, wB: mulBase(w) },
    used: false,
  };
}

/** The ballot for these choices (a level index or null per official): {ballot, nonces}. */
export function finishBallot(prepared, choices) {
  if (prepared.used) throw new MalformedInput('prepared ballot: already used (its nonces are spent)');
  checkChoices(choices, prepared.levels);
  if (choices.length !== prepared.rows.length) {
    throw new MalformedInput(`choices: ${choices.length} officials, prepared for ${prepared.rows.length}`);
  }
  prepared.used = true;
  const { fingerprint: fp, key, credential: cred, levels } = prepared;
  const xPub = cred.public;
  const rows = prepared.rows.map((row, i) => {
    const choice = choices[i];
    const cells = row.cells.map((cell, j) => {
      const m = choice === j ? 1 : 0;
      const ciphertext = { alpha: cell.alpha, beta: m ? add(BASE, cell.rK) : cell.rK };
      const context = cellContext(fp, xPub, i, j);
      return { ciphertext, proof: finishProof(cell.proof, ciphertext, m, cell.r, key, context) };
    });
    const plain = choice === null ? 0 : 1;
    const total = { alpha: row.alpha, beta: plain ? add(BASE, row.rK) : row.rK };
    const context = rowContext(fp, xPub, i, levels);
    return { cells, proof: finishProof(row.proof, total, plain, row.total, key, context) };
  });
  const unsigned = {
    version: FORMAT_VERSION,
    election: fp,
    credential: xPub,
    levels,
    rows,
    signature: { challenge: ZERO, response: ZERO },
  };
  const context = signatureContext(fp, xPub, messageHash(unsigned));
  const signature = finishDlog(cred.secret, xPub, context, prepared.signature.w, prepared.signature.wB);
  const nonces = prepared.rows.map((row) => row.cells.map((cell) => cell.r));
  return { ballot: { ...unsigned, signature }, nonces };
}
