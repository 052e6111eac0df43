// "Check my encryption" on the board (docs/PROTOCOL.md §7, challenge file): the pasted or loaded
// challenge is checked here with the device crypto the tablet uses — the ballot's proofs under
// its own election and key, then the nonces open every cell — and the marks it encrypts are
// shown. Nothing is sent to the server.
import { challengeFromDict, checkChallenge, shortCode, trackingHash } from './device/ballot.js';
import { bytesToHex } from './device/group.js';
import { ready } from './device/sodium.js';

const root = document.getElementById('check-encryption');
const form = document.getElementById('challenge-form');
const fileInput = document.getElementById('challenge-file');
const textInput = document.getElementById('challenge-text');
const status = root.querySelector('.check-status');
const facts = root.querySelector('.check-facts');
const marks = root.querySelector('.check-marks');
const words = JSON.parse(root.dataset.levelWords);

const fill = (template, values) =>
  Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, String(value)), template);

function levelName(levels, j) {
  const known = words[String(levels)];
  return known ? known[j] : fill(root.dataset.msgLevel, { number: j + 1 });
}

function clear() {
  marks.replaceChildren();
  facts.classList.add('hidden');
}

function fail(reason) {
  clear();
  root.dataset.state = 'failed';
  status.textContent = fill(root.dataset.msgFailed, { reason });
}

function show(parsed, choices) {
  const { ballot, key, officials } = parsed;
  root.querySelector('.check-fingerprint').textContent = bytesToHex(ballot.election);
  root.querySelector('.check-key').textContent = bytesToHex(key);
  root.querySelector('.check-tracking').textContent = shortCode(trackingHash(ballot));
  facts.classList.remove('hidden');
  marks.replaceChildren(
    ...choices.map((choice, i) => {
      const item = document.createElement('li');
      let label = fill(root.dataset.msgRow, { number: i + 1 });
      if (officials !== null) label += ` (${officials[i]})`;
      const level = choice === null ? root.dataset.msgBlank : levelName(ballot.levels, choice);
      item.textContent = `${label}: ${level}`;
      item.dataset.choice = choice === null ? '' : String(choice);
      return item;
    }),
  );
  root.dataset.state = 'verified';
  status.textContent = root.dataset.msgVerified;
}

async function check(text) {
  clear();
  root.dataset.state = 'checking';
  status.textContent = root.dataset.msgChecking;
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    fail(root.dataset.msgNotJson);
    return;
  }
  try {
    await ready();
    const parsed = challengeFromDict(data);
    show(parsed, checkChallenge(parsed));
  } catch (error) {
    fail(error.message);
  }
}

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (!file) return;
  textInput.value = await file.text();
  await check(textInput.value);
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  check(textInput.value);
});

form.querySelector('button[type=submit]').disabled = false; // disabled until this ran
root.dataset.state = 'ready';
status.textContent = '';
