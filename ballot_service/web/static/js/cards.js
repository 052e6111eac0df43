// The committee's Ballot cards page: make cards in this browser — a token per card from
// crypto.getRandomValues, X = x·B (device/credentials.js) — register ONLY the public credentials,
// then show the A4 sheet to print (QR of https://<hall>/vote/<poll>#<token>, the code to type,
// title, fingerprint's short form, number and ID). The tokens live only in this page's memory
// and DOM until the sheet is closed. A credentials file written by `ballot-cards` is uploaded
// the same way.
import { groupToken, tokenText } from './card_code.js';
import { cardId } from './card_id.js';
import { credentialFromToken, newToken } from './device/credentials.js';
import { bytesToHex, hexToBytes } from './device/group.js';
import { ready } from './device/sodium.js';
import { encodeQr, qrSvg } from './qr.js';

const MAX_CARDS = 5000;
const root = document.getElementById('make-cards');
const data = root.dataset;
const status = root.querySelector('.cards-status');
const printBar = root.querySelector('.cards-print');
const sheet = document.getElementById('card-sheet');
const buttons = root.querySelectorAll('button');
const fingerprint = hexToBytes(data.election, 32, 'election fingerprint');

const fill = (template, values) =>
  Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, String(value)), template);

function say(text, state) {
  status.textContent = text;
  root.dataset.state = state;
}

function busy(on) {
  for (const button of buttons) button.disabled = on;
}

/** POST the credentials file's JSON; the answer's JSON, or throw with the server's reason. */
async function register(body) {
  let response;
  try {
    response = await fetch(data.upload, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRFToken': document.querySelector('meta[name="csrf-token"]').content,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error(data.msgNetwork);
  }
  const answer = await response.json().catch(() => ({}));
  if (response.status !== 201) {
    throw new Error(fill(data.msgRefused, { reason: answer.error || response.status }));
  }
  return answer;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function cardNode(card) {
  const url = `${data.url}#${card.text}`;
  const symbol = encodeQr(url, { ecc: 'M' });
  const svg = new DOMParser().parseFromString(
    qrSvg(symbol, { label: fill(data.msgQr, { n: card.number }) }),
    'image/svg+xml',
  ).documentElement;
  const qr = element('div', 'card-qr');
  qr.dataset.version = String(symbol.version);
  qr.dataset.mask = String(symbol.mask);
  qr.append(document.importNode(svg, true));
  const header = element('header');
  header.append(element('strong', 'card-title', data.title), element('span', 'card-council', data.council));
  const text = element('div', 'card-text');
  text.append(
    element('p', 'card-kind', data.msgKind),
    element('p', 'card-how', fill(data.msgHow, { url: data.url })),
    element('p', 'card-token', groupToken(card.text)),
    element('p', 'card-meta', fill(data.msgNumber, { n: card.number, id: card.id })),
    element('p', 'card-election', fill(data.msgElection, { fp: data.electionShort })),
    element('p', 'card-secret', data.msgSecret),
  );
  const node = element('article', 'ballot-card');
  node.append(header, qr, text);
  return node;
}

function closeSheet() {
  sheet.replaceChildren();
  sheet.classList.add('hidden');
  printBar.classList.add('hidden');
}

async function makeCards(event) {
  event.preventDefault();
  const count = Number(document.getElementById('card-count').value);
  const spares = Number(document.getElementById('card-spares').value);
  const total = count + spares;
  if (!Number.isInteger(total) || count < 0 || spares < 0 || total < 1 || total > MAX_CARDS) {
    say(fill(data.msgCount, {}), 'failed');
    return;
  }
  closeSheet();
  busy(true);
  say(fill(data.msgMaking, { n: total }), 'working');
  try {
    await ready();
    let cards = [];
    for (let number = 1; number <= total; number += 1) {
      const token = newToken();
      const pub = credentialFromToken(fingerprint, token).public;
      cards.push({ number, text: tokenText(token), pub, id: cardId(pub) });
      token.fill(0);
    }
    say(data.msgUploading, 'working');
    try {
      await register({
        version: 1,
        kind: 'ballot-card-credentials',
        poll: Number(data.poll),
        election: data.election,
        credentials: cards.map((card) => bytesToHex(card.pub)),
      });
    } catch (error) {
      cards = []; // refused: these cards are not registered, so they are never printed
      throw error;
    }
    sheet.replaceChildren(...cards.map(cardNode));
    sheet.classList.remove('hidden');
    printBar.classList.remove('hidden');
    say(fill(data.msgIssued, { n: total }), 'issued');
  } catch (error) {
    say(error.message, 'failed');
  } finally {
    busy(false);
  }
}

async function uploadFile(event) {
  event.preventDefault();
  const file = document.getElementById('credentials-file').files[0];
  if (!file) return;
  busy(true);
  try {
    let body;
    try {
      body = JSON.parse(await file.text());
    } catch {
      throw new Error(data.msgNotJson);
    }
    say(data.msgUploading, 'working');
    const answer = await register(body);
    say(fill(data.msgFileIssued, { n: answer.issued }), 'issued');
  } catch (error) {
    say(error.message, 'failed');
  } finally {
    busy(false);
  }
}

document.getElementById('make-form').addEventListener('submit', makeCards);
document.getElementById('file-form').addEventListener('submit', uploadFile);
// The buttons come disabled: a press before this script ran would submit the form to the page
// itself and make nothing.
busy(false);
document.getElementById('print-button').addEventListener('click', () => window.print());
document.getElementById('close-button').addEventListener('click', () => {
  closeSheet(); // the codes leave the page; the reload lists the new cards
  window.location.reload();
});
say('', 'idle');
