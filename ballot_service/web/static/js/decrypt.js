// The member's decryption page: the key file is opened here, with the passphrase typed here,
// and the decryption shares of the tally are computed here (device/keyfile.js, threshold.js);
// only the shares with their proofs are posted. Every check that can fail before posting does:
// not a key file, another poll's, another member's, a wrong passphrase, a key that is not the
// member's verification key. Messages come translated from the form's data-msg-* attributes.
import { DecryptionError, MalformedInput, VerificationError } from './device/errors.js';
import { bytesToHex, equalBytes, hexToBytes, mulBase } from './device/group.js';
import { keyFileFromDict, openKey } from './device/keyfile.js';
import { ready } from './device/sodium.js';
import { decryptionShares, tallyFromDict } from './device/threshold.js';

const form = document.getElementById('decrypt-form');
const note = document.getElementById('decrypt-message');
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

class Refused extends Error {}

function say(text, kind) {
  note.textContent = text;
  note.className = `flash ${kind}`;
}

function msg(name, values = {}) {
  let text = form.dataset[name] ?? name;
  for (const [key, value] of Object.entries(values)) text = text.replace(`{${key}}`, String(value));
  return text;
}

async function api(options = {}) {
  const response = await fetch(form.dataset.api, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(options.headers ?? {}) },
    ...options,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Refused(body?.error ?? `HTTP ${response.status}`);
  return body;
}

async function readKeyFile(input) {
  const file = input.files?.[0];
  if (!file) throw new Refused(msg('msgNoFile'));
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch {
    throw new Refused(msg('msgNotJson'));
  }
  try {
    return keyFileFromDict(data);
  } catch (error) {
    if (error instanceof MalformedInput) throw new Refused(msg('msgNotKeyFile'));
    throw error;
  }
}

async function decrypt() {
  await ready();
  const keyFile = await readKeyFile(document.getElementById('key-file'));
  const status = await api();
  if (status.election === null || bytesToHex(keyFile.election) !== status.election) {
    throw new Refused(msg('msgOtherPoll'));
  }
  if (keyFile.trustee !== status.member) {
    throw new Refused(msg('msgOtherMember', { other: keyFile.trustee }));
  }
  let secret;
  try {
    secret = await openKey(keyFile, document.getElementById('passphrase').value);
  } catch (error) {
    if (error instanceof DecryptionError) throw new Refused(msg('msgWrongPassphrase'));
    throw error;
  }
  if (!equalBytes(mulBase(secret), hexToBytes(status.verification_key, 32))) {
    throw new Refused(msg('msgWrongKey'));
  }
  const cells = tallyFromDict(status.tally, { officials: status.officials, levels: status.levels });
  const shares = decryptionShares(hexToBytes(status.election), status.member, secret, cells);
  secret.fill(0);
  try {
    return await api({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify({ shares }),
    });
  } catch (error) {
    if (error instanceof Refused) throw new Refused(msg('msgRefused', { reason: error.message }));
    throw error;
  }
}

function progressText(status) {
  document.getElementById('decryption-progress').textContent = msg('msgProgress', {
    list: status.posted.length ? status.posted.join(', ') : '—',
    have: status.posted.length,
    need: status.threshold,
  });
}

if (form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    say(msg('msgWorking'), 'warning');
    try {
      const status = await decrypt();
      progressText(status);
      form.classList.add('hidden');
      if (status.decrypted) {
        say(msg('msgDecrypted'), 'ok');
        document.getElementById('decrypt-result').classList.remove('hidden');
      } else {
        say(msg('msgSent'), 'ok');
      }
    } catch (error) {
      const known = error instanceof Refused;
      const detail = error instanceof VerificationError || !known ? error.message : '';
      say(known ? error.message : msg('msgFailed', { reason: detail }), 'error');
    } finally {
      button.disabled = false;
      document.getElementById('passphrase').value = '';
    }
  });
  // The button comes disabled, so that nothing is pressed before this handler is in place.
  form.querySelector('button[type=submit]').disabled = false;
}
