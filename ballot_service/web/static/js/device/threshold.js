// A member's decryption shares of the tally; mirrors ballot_service/crypto/threshold.py.
// D_m = s_m·α with a Chaum–Pedersen proof that log_B(VK_m) = log_α(D_m), context
// H_"decryption-share"(fp, m, i, j, β, …) for tally cell (i, j).
import { FORMAT_VERSION, expectKeys, listField, pointField } from './codec.js';
import { MalformedInput } from './errors.js';
import { BASE, bytesToHex, mul, mulBase } from './group.js';
import { proofContext, proveEqualDlogs, schnorrToDict } from './proofs.js';
import { defaultRng } from './random.js';

export const SHARE_TAG = 'decryption-share';
const MAX_INDEX = 1 << 16;

function context(fp, trustee, official, level, beta) {
  for (const [name, value] of [['official', official], ['level', level]]) {
    if (!Number.isSafeInteger(value) || value < 0 || value >= MAX_INDEX) {
      throw new MalformedInput(`decryption share: ${name} index ${value} out of range`);
    }
  }
  return proofContext(SHARE_TAG, [fp, trustee, official, level, beta]);
}

/** D_m = s_m·α and its proof, as the JSON form {version, trustee, share, proof}. */
export function makeDecryptionShare(fp, trustee, secret, ciphertext, { official, level, rng = defaultRng }) {
  const d = mul(secret, ciphertext.alpha);
  const ctx = context(fp, trustee, official, level, ciphertext.beta);
  const proof = proveEqualDlogs(secret, BASE, ciphertext.alpha, mulBase(secret), d, ctx, { rng });
  return { version: FORMAT_VERSION, trustee, share: bytesToHex(d), proof: schnorrToDict(proof) };
}

/** The tally's cells as ciphertexts: [[{alpha, beta}]] from the JSON (α, β may be O). */
export function tallyFromDict(tally, { officials, levels }) {
  const rows = listField(tally, 'cells', 'tally', { length: officials });
  return rows.map((row, i) => {
    if (!Array.isArray(row) || row.length !== levels) {
      throw new MalformedInput(`tally: official ${i} has not ${levels} cells`);
    }
    return row.map((cell, j) => {
      const what = `tally cell (${i}, ${j})`;
      expectKeys(cell, ['alpha', 'beta'], what);
      return {
        alpha: pointField(cell, 'alpha', what, { allowIdentity: true }),
        beta: pointField(cell, 'beta', what, { allowIdentity: true }),
      };
    });
  });
}

/** Every cell's decryption share, [[share, …], …] in the tally's order. */
export function decryptionShares(fp, trustee, secret, cells, { rng = defaultRng } = {}) {
  return cells.map((row, i) =>
    row.map((cell, j) => makeDecryptionShare(fp, trustee, secret, cell, { official: i, level: j, rng })),
  );
}
