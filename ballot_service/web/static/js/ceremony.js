// The key ceremony in the member's browser (committee/ceremony.html): the same steps as
// `ballot-trustee ceremony`, through the same JSON API (web/ceremony.py), with the device crypto
// of static/js/device (dkg.js, share_transport.js, keyfile.js, cosign.js).
//
// Where the secrets live: the polynomial and the transport private key exist only in this page's
// memory and, so that a reload between steps (other members take minutes) does not lose the
// member's contribution, in this tab's sessionStorage **encrypted with the member's passphrase**
// (scrypt 2^14 + AES-256-GCM); sessionStorage dies with the tab and is never sent anywhere. Once
// the key file is made the sealed state is deleted; the key file (itself passphrase-encrypted)
// stays in sessionStorage until the tab closes so that it can still be downloaded after a reload.
// Cosigning as a witness is in ceremony_witness.js.
import { api, cosignLatest } from './ceremony_witness.js';
import { message } from './checkpoints.js';
import * as Cos from './device/cosign.js';
import * as D from './device/dkg.js';
import { bytesToHex, equalBytes, hexToBytes, mulBase } from './device/group.js';
import * as KF from './device/keyfile.js';
import { defaultRng } from './device/random.js';
import * as T from './device/share_transport.js';
import { ready, scrypt } from './device/sodium.js';
import { encodeQr, qrSvg } from './qr.js';

const POLL_MS = 2000;
const STATE_LOG_N = 14;
const root = document.getElementById('ceremony');
const statusLine = root.querySelector('.ceremony-status');
const me = Number(root.dataset.me);
const say = (name, values) => {
  statusLine.textContent = message(root, name, values);
};
const show = (selector, on) => root.querySelector(selector).classList.toggle('hidden', !on);

// --- the device's secrets between steps (see the header) ---------------------------------------

const stateKey = (attempt) => `ballot_service/ceremony/${root.dataset.poll}/${attempt}/${me}`;
const keyFileKey = (attempt) => `${stateKey(attempt)}/keyfile`;
const utf8 = (text) => new TextEncoder().encode(text);

async function stateCipher(passphrase, salt) {
  const raw = scrypt(utf8(passphrase.normalize('NFC')), salt, 2 ** STATE_LOG_N, 8, 1, 32);
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function sealState(attempt, passphrase, secrets) {
  const salt = defaultRng(16);
  const nonce = defaultRng(12);
  const plain = utf8(JSON.stringify(secrets));
  const key = await stateCipher(passphrase, salt);
  const aad = utf8(stateKey(attempt));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, key, plain));
  sessionStorage.setItem(stateKey(attempt), JSON.stringify({ salt: bytesToHex(salt), nonce: bytesToHex(nonce), ct: bytesToHex(ct) }));
}

async function openState(attempt, passphrase) {
  const sealed = JSON.parse(sessionStorage.getItem(stateKey(attempt)));
  const key = await stateCipher(passphrase, hexToBytes(sealed.salt));
  const aad = utf8(stateKey(attempt));
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: hexToBytes(sealed.nonce), additionalData: aad },
    key,
    hexToBytes(sealed.ct),
  );
  return JSON.parse(new TextDecoder().decode(plain));
}

// --- the page ------------------------------------------------------------------------------------

let device = null; // {passphrase, coefficients, transport} once made or unlocked
let busy = false;
let witnessSeed = null;
let cosignedKey = false;

async function transportFingerprint(publicHex) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', hexToBytes(publicHex)));
  return bytesToHex(digest).slice(0, 32).match(/.{4}/g).join(' ');
}

async function renderMembers(state) {
  const body = root.querySelector('.ceremony-members tbody');
  const yes = message(root, 'msgYes');
  const rows = [];
  for (const m of state.members) {
    const commitment = state.commitments[String(m.index)];
    const cells = [
      `${m.index}. ${m.name}`,
      commitment ? await transportFingerprint(commitment.transport_key) : '—',
      m.commitment ? yes : '—',
      m.shares ? yes : '—',
      m.confirmed ? yes : '—',
      m.witness ? m.witness.public_key.slice(0, 16) + '…' : '—',
    ];
    const tr = document.createElement('tr');
    if (m.index === me) tr.className = 'me';
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

function offerKeyFile(attempt, state) {
  const text = sessionStorage.getItem(keyFileKey(attempt));
  if (text === null) return;
  const link = root.querySelector('.ceremony-download');
  if (!link.href) {
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = `poll-${state.poll}-member-${me}.key.json`;
    const compact = JSON.stringify(JSON.parse(text));
    const card = document.querySelector('.key-card');
    card.querySelector('.key-card-title').textContent = message(root, 'msgCardTitle', { member: me });
    const svg = new DOMParser().parseFromString(
      qrSvg(encodeQr(compact, { ecc: 'M' }), { label: link.download }),
      'image/svg+xml',
    ).documentElement;
    card.querySelector('.key-card-qr').replaceChildren(svg);
    card.querySelector('.key-card-text').textContent = compact;
  }
  show('.ceremony-keyfile', true);
}

async function start(state, passphrase) {
  const coefficients = D.generatePolynomial(state.threshold);
  const transport = T.transportKeyPair();
  await sealState(state.attempt, passphrase, {
    coefficients: coefficients.map(bytesToHex),
    transport: bytesToHex(transport.private),
  });
  device = { passphrase, coefficients, transport };
  const fp = hexToBytes(state.fingerprint);
  await api(`${root.dataset.api}/commitment`, D.makeCommitment(fp, me, coefficients, transport.public));
}

function parsedCommitments(state) {
  const fp = hexToBytes(state.fingerprint);
  const out = {};
  for (const [m, body] of Object.entries(state.commitments)) {
    const c = D.commitmentFromDict(body);
    try {
      D.verifyCommitment(c, fp, { trustees: state.members.length, threshold: state.threshold });
    } catch {
      throw new Error(message(root, 'msgBadCommitment', { member: m }));
    }
    out[m] = c;
  }
  if (!equalBytes(out[String(me)].transportKey, device.transport.public)) {
    throw new Error(message(root, 'msgSwapped'));
  }
  return out;
}

async function sendShares(state) {
  const fp = hexToBytes(state.fingerprint);
  const commitments = parsedCommitments(state);
  const shares = [];
  for (const m of state.members) {
    if (m.index === me) continue;
    shares.push(
      await T.encryptShare(fp, me, device.transport, m.index, commitments[String(m.index)].transportKey, D.evaluate(device.coefficients, m.index)),
    );
  }
  await api(`${root.dataset.api}/shares`, { shares });
}

async function checkAndConfirm(state) {
  say('msgChecking');
  const fp = hexToBytes(state.fingerprint);
  const commitments = parsedCommitments(state);
  const { shares } = await api(`${root.dataset.api}/shares`);
  const received = [D.evaluate(device.coefficients, me)];
  const complaints = [];
  for (const body of shares) {
    const sealed = T.encryptedShareFromDict(body);
    const sender = commitments[String(sealed.sender)];
    try {
      const share = await T.decryptShare(fp, sealed, device.transport, sender.transportKey);
      D.verifyShare(me, share, sender);
      received.push(share);
    } catch {
      complaints.push(sealed.sender);
    }
  }
  if (complaints.length) {
    await api(`${root.dataset.api}/confirm`, { complaints });
    say('msgBadShare', { sender: complaints.join(', ') });
    return false;
  }
  const secret = D.combineShares(received);
  if (!equalBytes(mulBase(secret), D.verificationKey(me, Object.values(commitments)))) {
    throw new Error('the combined share does not match its verification key');
  }
  say('msgSealing');
  const file = KF.keyFileToDict(await KF.sealKey(fp, me, secret, device.passphrase));
  sessionStorage.setItem(keyFileKey(state.attempt), JSON.stringify(file, null, 1));
  sessionStorage.removeItem(stateKey(state.attempt));
  witnessSeed = Cos.witnessSeed(fp, me, secret);
  await api(`${root.dataset.api}/confirm`, {
    complaints: [],
    witness_key: bytesToHex(Cos.witnessPublicKey(witnessSeed)),
  });
  device = null; // the polynomial and the transport key are no longer needed
  return true;
}

async function step() {
  const state = await api(root.dataset.api);
  await renderMembers(state);
  const mine = state.members.find((m) => m.index === me);
  const stored = sessionStorage.getItem(stateKey(state.attempt)) !== null;
  for (const form of ['.ceremony-start', '.ceremony-unlock', '.ceremony-compare']) show(form, false);
  offerKeyFile(state.attempt, state);
  if (state.election_key) {
    if (witnessSeed !== null && !cosignedKey) {
      await cosignLatest(witnessSeed, mine.witness?.name);
      cosignedKey = true;
    }
    say(cosignedKey ? 'msgKeyFixed' : 'msgKeyFixedOnly');
    return false;
  }
  if (state.state !== 'key_ceremony') {
    say('msgNotCeremony');
    return false;
  }
  if (mine.confirmed) {
    say(sessionStorage.getItem(keyFileKey(state.attempt)) ? 'msgConfirmed' : 'msgWaitKey');
    return true;
  }
  if (!mine.commitment) {
    if (device === null) {
      say('msgStart');
      show('.ceremony-start', true);
      return true;
    }
  } else if (device === null) {
    say(stored ? 'msgUnlock' : 'msgLost');
    show('.ceremony-unlock', stored);
    return stored;
  }
  const all = state.members.length;
  if (Object.keys(state.commitments).length < all) {
    say('msgWaitCommitments');
    return true;
  }
  if (!mine.shares) {
    say('msgCompare');
    show('.ceremony-compare', true);
    return true;
  }
  if (!state.members.every((m) => m.shares)) {
    say('msgWaitShares');
    return true;
  }
  if (await checkAndConfirm(state)) say('msgConfirmed');
  return true;
}

let timer = null;
async function tick() {
  clearTimeout(timer);
  if (busy) return;
  busy = true;
  let again = true;
  try {
    again = await step();
  } catch (error) {
    say('msgError', { detail: error.message });
  } finally {
    busy = false;
  }
  if (again) timer = setTimeout(tick, POLL_MS);
}

async function act(work) {
  if (busy) return;
  busy = true;
  try {
    await work();
  } catch (error) {
    say('msgError', { detail: error.message });
  } finally {
    busy = false;
  }
  tick();
}

root.querySelector('.ceremony-start').addEventListener('submit', (event) => {
  event.preventDefault();
  const first = document.getElementById('ceremony-passphrase').value;
  const second = document.getElementById('ceremony-passphrase2').value;
  if ([...first].length < KF.MIN_PASSPHRASE) return say('msgShort');
  if (first !== second) return say('msgMismatch');
  act(async () => {
    const state = await api(root.dataset.api);
    await start(state, first);
  });
});

root.querySelector('.ceremony-unlock').addEventListener('submit', (event) => {
  event.preventDefault();
  const passphrase = document.getElementById('ceremony-unlock-passphrase').value;
  act(async () => {
    const state = await api(root.dataset.api);
    let secrets;
    try {
      secrets = await openState(state.attempt, passphrase);
    } catch {
      throw new Error(message(root, 'msgWrongPassphrase'));
    }
    device = {
      passphrase,
      coefficients: secrets.coefficients.map((x) => hexToBytes(x)),
      transport: T.transportFromPrivate(hexToBytes(secrets.transport)),
    };
  });
});

root.querySelector('.ceremony-compare').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!document.getElementById('ceremony-compared').checked) return say('msgNotCompared');
  act(async () => sendShares(await api(root.dataset.api)));
});

root.querySelector('.ceremony-print').addEventListener('click', () => {
  document.body.classList.add('printing-card');
  window.print();
});
window.addEventListener('afterprint', () => document.body.classList.remove('printing-card'));

await ready();
say('msgLoading');
tick();
