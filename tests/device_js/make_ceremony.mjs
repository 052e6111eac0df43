// The device's side of one key-ceremony step with real randomness, for the Python cross-check
// (test_ceremony_cross.py): argv = fingerprint hex, recipient (index 1) transport key hex,
// passphrase. Prints JSON: member 2's commitment (k = 2), its share to member 1 (encrypted),
// the share in clear (for the check), a key file of member 2's polynomial's f(2) sealed with the
// passphrase (scrypt 2^14), the witness public key and a cosignature of a checkpoint body.
import * as Cos from '../../ballot_service/web/static/js/device/cosign.js';
import * as D from '../../ballot_service/web/static/js/device/dkg.js';
import * as G from '../../ballot_service/web/static/js/device/group.js';
import * as KF from '../../ballot_service/web/static/js/device/keyfile.js';
import { ready } from '../../ballot_service/web/static/js/device/sodium.js';
import * as T from '../../ballot_service/web/static/js/device/share_transport.js';

await ready();
const [fpHex, recipientHex, passphrase, body] = process.argv.slice(2);
const fp = G.hexToBytes(fpHex);
const coefficients = D.generatePolynomial(2);
const transport = T.transportKeyPair();
const share = D.evaluate(coefficients, 1);
const own = D.evaluate(coefficients, 2);
const seed = Cos.witnessSeed(fp, 2, own);
const timestamp = 1795000000;
process.stdout.write(
  JSON.stringify({
    commitment: D.makeCommitment(fp, 2, coefficients, transport.public),
    share: await T.encryptShare(fp, 2, transport, 1, G.hexToBytes(recipientHex), share),
    plain: G.bytesToHex(share),
    own: G.bytesToHex(own),
    keyfile: KF.keyFileToDict(await KF.sealKey(fp, 2, own, passphrase, { logN: 14 })),
    witness: G.bytesToHex(Cos.witnessPublicKey(seed)),
    timestamp,
    cosignature: G.bytesToHex(Cos.cosign(seed, new TextEncoder().encode(body), timestamp)),
  }),
);
