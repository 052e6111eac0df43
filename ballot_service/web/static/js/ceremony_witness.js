// The committee member's device as a witness of the poll's log (committee/ceremony.html, docs/LOG.md
// §5): check the latest checkpoint against what this browser cosigned last (the log key, RFC 9162
// consistency), then cosign it with the member's witness key (device/cosign.js) and post it.
// What it remembers (size, root, log key) is public and lives in localStorage.
import { KeyChanged, message, publishedKeys, requireKeyContinuity, verifyWithPublishedKeys } from './checkpoints.js';
import * as Cos from './device/cosign.js';
import { bytesToHex, hexToBytes } from './device/group.js';
import * as KF from './device/keyfile.js';
import { checkpointBody, parseSignedNote, verifyConsistency } from './ledger.js';

const root = document.getElementById('ceremony');
const me = Number(root.dataset.me);
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const utf8 = (text) => new TextEncoder().encode(text);

/** GET (no body) or POST JSON with the session and its CSRF token; throws the service's error. */
export async function api(url, body) {
  const options = body === undefined
    ? { cache: 'no-store', credentials: 'same-origin' }
    : {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
        body: JSON.stringify(body),
      };
  const response = await fetch(url, options);
  let data = null;
  try {
    data = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  if (!response.ok) throw new Error(data?.error ?? `HTTP ${response.status}`);
  return data;
}

const cosignStatus = document.querySelector('.cosign-status');
const cosignSay = (name, values) => {
  cosignStatus.textContent = message(cosignStatus, name, values);
};
const rememberKey = (logId, name) => `ballot_service/cosigned/${logId}/${name}`;

/** An error whose message is already the translated sentence to show. */
class Shown extends Error {}

/** Check the latest checkpoint against what this browser cosigned last, cosign it and post. */
export async function cosignLatest(seed, expectedName) {
  const mine = await api(root.dataset.witnessApi);
  if (mine.public_key !== bytesToHex(Cos.witnessPublicKey(seed)) || (expectedName && mine.name !== expectedName)) {
    throw new Shown(message(cosignStatus, 'msgWrongFile'));
  }
  const slot = rememberKey(mine.log_id, mine.name);
  const remembered = JSON.parse(localStorage.getItem(slot) ?? 'null');
  const from = remembered?.size ?? 0;
  const answer = await api(`${root.dataset.consistencyApi}?from=${from}`);
  const signed = parseSignedNote(answer.note);
  let key;
  try {
    key = await verifyWithPublishedKeys(signed, publishedKeys(root), mine.log_id);
    if (remembered) {
      await requireKeyContinuity(root, hexToBytes(remembered.key), key);
      await verifyConsistency(from, signed.checkpoint.size, answer.proof.map((x) => hexToBytes(x)), hexToBytes(remembered.root), signed.checkpoint.root);
    }
  } catch (error) {
    const detail = error instanceof KeyChanged ? `${error.oldFingerprint} → ${error.newFingerprint}` : error.message;
    throw new Shown(message(cosignStatus, 'msgAlarm', { detail }));
  }
  const size = signed.checkpoint.size;
  if (!mine.cosigned.includes(size)) {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = Cos.cosign(seed, utf8(checkpointBody(signed.checkpoint)), timestamp);
    await api(root.dataset.cosignApi, { size, timestamp, signature: bytesToHex(signature) });
  }
  localStorage.setItem(slot, JSON.stringify({ size, root: bytesToHex(signed.checkpoint.root), key: bytesToHex(key) }));
  return { size, name: mine.name };
}

document.querySelector('.cosign-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = document.getElementById('cosign-file').files[0];
  const passphrase = document.getElementById('cosign-passphrase').value;
  cosignSay('msgWorking');
  try {
    let sealed;
    try {
      sealed = KF.keyFileFromDict(JSON.parse(await file.text()));
    } catch {
      throw new Shown(message(cosignStatus, 'msgUnreadable'));
    }
    let secret;
    try {
      secret = await KF.openKey(sealed, passphrase);
    } catch {
      throw new Shown(message(cosignStatus, 'msgWrongPassphrase'));
    }
    const seed = Cos.witnessSeed(sealed.election, sealed.trustee, secret);
    if (sealed.trustee !== me) throw new Shown(message(cosignStatus, 'msgWrongFile'));
    const done = await cosignLatest(seed, Cos.witnessName(me));
    cosignSay('msgDone', done);
  } catch (error) {
    if (error instanceof Shown) cosignStatus.textContent = error.message;
    else cosignSay('msgError', { detail: error.message });
  }
});
// The button comes disabled, so that nothing is pressed before this handler is in place.
document.querySelector('.cosign-form button[type=submit]').disabled = false;
