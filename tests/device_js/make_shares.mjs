// Reads {election, key_file, passphrase, tally, officials, levels, seal?} as JSON on stdin; opens
// the key file and writes {shares} (fresh randomness) and, when asked, a key file sealed by the
// device crypto {sealed}. Used by tests/counting/test_device_decryption.py.
import { readFileSync } from 'node:fs';

import { hexToBytes } from '../../ballot_service/web/static/js/device/group.js';
import * as K from '../../ballot_service/web/static/js/device/keyfile.js';
import { ready } from '../../ballot_service/web/static/js/device/sodium.js';
import * as T from '../../ballot_service/web/static/js/device/threshold.js';

await ready();
const request = JSON.parse(readFileSync(0, 'utf8'));
const file = K.keyFileFromDict(request.key_file);
const secret = await K.openKey(file, request.passphrase);
const cells = T.tallyFromDict(request.tally, { officials: request.officials, levels: request.levels });
const answer = { shares: T.decryptionShares(hexToBytes(request.election), file.trustee, secret, cells) };
if (request.seal) {
  const sealed = await K.sealKey(file.election, file.trustee, secret, request.seal, { logN: 14 });
  answer.sealed = K.keyFileToDict(sealed);
}
process.stdout.write(JSON.stringify(answer));
