// Pedersen/Feldman DKG, the member's side (docs/PROTOCOL.md, the key ceremony); mirrors
// ballot_service/crypto/dkg.py. Trustee i draws f_i(z) = a_i0 + … + a_i,k−1·z^(k−1), publishes
// A_ij = a_ij·B with a Schnorr proof bound to (fp, i, j, k, E_i), sends s_i→m = f_i(m) to m.
// Feldman check: s_i→m·B = Σ_j m^j·A_ij. s_m = Σ_i s_i→m; VK_m = Σ_j m^j·(Σ_i A_ij) = s_m·B.
import {
  FORMAT_VERSION,
  bytesField,
  expectKeys,
  expectMapping,
  expectVersion,
  intField,
  listField,
} from './codec.js';
import { MalformedInput, VerificationError } from './errors.js';
import {
  IDENTITY,
  ZERO,
  add,
  bytesToHex,
  decodePoint,
  equalBytes,
  hexToBytes,
  mul,
  mulBase,
  randomScalar,
  scalarAdd,
  scalarFromBigInt,
  scalarMul,
} from './group.js';
import { proofContext, proveDlog, schnorrFromDict, schnorrToDict, verifyDlog } from './proofs.js';
import { defaultRng } from './random.js';

export const COEFFICIENT_TAG = 'dkg/coefficient';
export const MAX_TRUSTEES = 255;

/** A share that fails the Feldman check (names sender and recipient). */
export class InvalidShare extends VerificationError {}

function checkIndex(index, what) {
  if (!Number.isSafeInteger(index) || index < 1 || index > MAX_TRUSTEES) {
    throw new MalformedInput(`${what}: trustee index ${index} outside [1, ${MAX_TRUSTEES}]`);
  }
}

/** k random non-zero coefficients a_0 … a_k−1 (degree k − 1). */
export function generatePolynomial(threshold, { rng = defaultRng } = {}) {
  checkIndex(threshold, 'DKG threshold');
  return Array.from({ length: threshold }, () => randomScalar(rng));
}

/** f(m) by Horner's rule. */
export function evaluate(coefficients, index) {
  const x = scalarFromBigInt(index);
  let acc = ZERO;
  for (let j = coefficients.length - 1; j >= 0; j--) acc = scalarAdd(scalarMul(acc, x), coefficients[j]);
  return acc;
}

const context = (fp, trustee, j, k, transport) =>
  proofContext(COEFFICIENT_TAG, [fp, trustee, j, k, transport]);

/** The commitment message (JSON form) of trustee i: A_ij and their proofs, with E_i. */
export function makeCommitment(fp, trustee, coefficients, transportKey, { rng = defaultRng } = {}) {
  checkIndex(trustee, 'DKG commitment');
  const k = coefficients.length;
  const points = [];
  const proofs = [];
  coefficients.forEach((a, j) => {
    const A = mulBase(a);
    points.push(A);
    proofs.push(proveDlog(a, A, context(fp, trustee, j, k, transportKey), { rng }));
  });
  return {
    version: FORMAT_VERSION,
    election: bytesToHex(fp),
    trustee,
    threshold: k,
    transport_key: bytesToHex(transportKey),
    commitments: points.map(bytesToHex),
    proofs: proofs.map(schnorrToDict),
  };
}

/** Parse a commitment message: every A_ij a valid non-identity point. */
export function commitmentFromDict(data) {
  let what = 'DKG commitment';
  expectMapping(data, what);
  expectKeys(
    data,
    ['version', 'election', 'trustee', 'threshold', 'transport_key', 'commitments', 'proofs'],
    what,
  );
  expectVersion(data, what);
  const trustee = intField(data, 'trustee', what, { lo: 1, hi: MAX_TRUSTEES });
  what = `DKG commitment of trustee ${trustee}`;
  const k = intField(data, 'threshold', what, { lo: 1, hi: MAX_TRUSTEES });
  return {
    election: bytesField(data, 'election', what, null),
    trustee,
    threshold: k,
    transportKey: bytesField(data, 'transport_key', what, 32),
    commitments: listField(data, 'commitments', what, { length: k }).map((a, j) =>
      decodePoint(hexToBytes(a, 32, `${what}: A_${j}`), { what: `${what}: A_${j}` }),
    ),
    proofs: listField(data, 'proofs', what, { length: k }).map((p, j) =>
      schnorrFromDict(expectMapping(p, `${what}: proof ${j}`), { what: `${what}: proof ${j}` }),
    ),
  };
}

/** Check election, threshold and the Schnorr proof of every A_ij (throws naming the trustee). */
export function verifyCommitment(c, fp, { trustees, threshold }) {
  const what = `DKG commitment of trustee ${c.trustee}`;
  if (c.trustee > trustees) throw new MalformedInput(`${what}: index above ${trustees}`);
  if (!equalBytes(c.election, fp)) throw new MalformedInput(`${what}: made for another election`);
  if (c.threshold !== threshold) {
    throw new MalformedInput(`${what}: threshold ${c.threshold}, expected ${threshold}`);
  }
  c.commitments.forEach((A, j) =>
    verifyDlog(A, c.proofs[j], context(fp, c.trustee, j, threshold, c.transportKey), {
      what: `${what}: proof of A_${j}`,
    }),
  );
}

function inExponent(index, points) {
  const x = scalarFromBigInt(index);
  let acc = IDENTITY;
  for (let j = points.length - 1; j >= 0; j--) acc = add(mul(x, acc), points[j]);
  return acc;
}

/** Feldman check s_i→m·B = Σ_j m^j·A_ij; throw InvalidShare naming sender and recipient. */
export function verifyShare(recipient, share, commitment) {
  if (!equalBytes(mulBase(share), inExponent(recipient, commitment.commitments))) {
    throw new InvalidShare(
      `share from member ${commitment.trustee} to member ${recipient} fails the Feldman check`,
    );
  }
}

/** s_m = Σ_i s_i→m over the n senders. */
export function combineShares(shares) {
  return shares.reduce((acc, s) => scalarAdd(acc, s), ZERO);
}

/** VK_m = Σ_j m^j·C_j with C_j = Σ_i A_ij. */
export function verificationKey(index, commitments) {
  const k = commitments[0].commitments.length;
  const aggregate = [];
  for (let j = 0; j < k; j++) {
    aggregate.push(commitments.reduce((acc, c) => add(acc, c.commitments[j]), IDENTITY));
  }
  return inExponent(index, aggregate);
}
