// The delegate's voting page (templates/vote/ballot.html). The card token comes from the URL
// fragment (/vote/<poll>#<token>) or is typed; it never leaves this tablet: the Worker derives the
// public credential X, and only X goes to the server (the card's status) with the signed ballot.
// The Worker starts encrypting (everything but the marks) while the delegate reads; "Review"
// finishes the encryption, so its tracking code is fixed before the delegate chooses between
// casting it and checking it (Benaloh: the checked encryption is discarded, a fresh one is made).
// A cast that does not reach the server is sent again as the same ballot (the server answers a
// repeat with the same receipt).
import { parseToken, tokenText } from './card_code.js';
import { BallotEncrypter } from './device/encrypter.js';

const root = document.getElementById('vote');
const status = root.querySelector('.vote-status');
const msg = root.dataset;
const hex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const fill = (template, values) =>
  Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, String(value)), template);

const state = {
  election: msg.election ? JSON.parse(msg.election) : null, // as GET …/election gives it
  token: null, // hex (as the Worker takes it), from the fragment or typed
  encrypter: null,
  prepared: null, // the Promise of the pending 'prepare'
  encrypted: null, // {ballot, nonces, tracking_code, short_code} of the choices under review
  choices: null,
};

function show(screen, { focus = true } = {}) {
  for (const element of root.querySelectorAll('.vote-screen')) {
    element.classList.toggle('hidden', element.dataset.screen !== screen);
  }
  const shown = root.querySelector(`.vote-screen[data-screen="${screen}"]`);
  const heading = shown?.querySelector('h2[tabindex]');
  if (focus && heading) heading.focus();
}

function say(text) {
  status.textContent = text;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? String(response.status));
  return body;
}

// --- opening the card ---------------------------------------------------------------------------

function askForToken(error = '') {
  root.dataset.state = 'token';
  say('');
  root.querySelector('#token-error').textContent = error;
  show('token');
  document.getElementById('token-input').focus();
}

function unavailable(text, name) {
  root.dataset.state = name;
  say('');
  root.querySelector('.unavailable-text').textContent = text;
  show('unavailable');
}

async function open(token) {
  state.token = token;
  root.dataset.state = 'loading';
  say(msg.msgLoading);
  const election = state.election ?? (await getJson(msg.electionUrl));
  state.election = election;
  performance.mark('vote-election');
  if (election.state !== 'open') {
    const closed = ['closed', 'tallied', 'published'].includes(election.state);
    unavailable(closed ? msg.msgClosed : msg.msgNotOpen, closed ? 'closed' : 'not_open');
    return;
  }
  state.encrypter ??= new BallotEncrypter();
  const card = { election: election.fingerprint, key: election.election_key, token };
  const { credential } = await state.encrypter.credential(card); // after libsodium has loaded
  performance.mark('vote-credential');
  prepare(); // the Worker goes on while the card's status comes back
  const found = await getJson(msg.cardUrl.replace('CREDENTIAL', credential));
  performance.mark('vote-card');
  if (found.status === 'used') {
    showReceipt(found.receipt, 'used');
  } else if (found.status === 'voided' || found.status === 'unknown') {
    state.encrypter.terminate(); // this card casts nothing
    state.encrypter = null;
    root.dataset.state = found.status;
    say('');
    show(found.status);
  } else {
    buildBallot();
    root.dataset.state = 'ballot';
    say('');
    show('ballot', { focus: false });
    const prepared = await state.prepared;
    performance.mark('vote-ready', { detail: { prepare_ms: prepared?.elapsed_ms ?? null } });
    root.dataset.prepared = 'true';
  }
}

function prepare() {
  const { election } = state;
  state.prepared = state.encrypter
    .prepare({
      election: election.fingerprint,
      key: election.election_key,
      token: state.token,
      officials: election.officials,
      levels: election.levels.length,
    })
    .catch(() => null); // 'encrypt' then encrypts from scratch
}

// --- marking ------------------------------------------------------------------------------------

function officialRow(official, levels) {
  const row = document.createElement('fieldset');
  row.className = 'vote-row';
  row.dataset.official = String(official.index);
  const legend = document.createElement('legend');
  const name = document.createElement('span');
  name.className = 'official-name';
  name.textContent = official.name;
  const positions = document.createElement('span');
  positions.className = 'official-positions';
  positions.textContent = official.positions.join('; ');
  legend.append(name, positions);
  const choices = document.createElement('div');
  choices.className = 'vote-levels';
  levels.forEach((level, j) => {
    const label = document.createElement('label');
    label.className = `vote-level level-${level.code}`;
    const input = document.createElement('input');
    Object.assign(input, { type: 'radio', name: `row-${official.index}`, value: String(j) });
    input.id = `row-${official.index}-${j}`;
    label.htmlFor = input.id;
    const text = document.createElement('span');
    text.textContent = level.label;
    label.append(input, text);
    choices.append(label);
  });
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.className = 'vote-clear';
  clear.textContent = msg.msgClearShort;
  clear.setAttribute('aria-label', fill(msg.msgClear, { name: official.name }));
  clear.title = clear.getAttribute('aria-label');
  clear.addEventListener('click', () => {
    for (const input of choices.querySelectorAll('input')) input.checked = false;
    choices.querySelector('input').focus();
  });
  choices.append(clear);
  row.append(legend, choices);
  return row;
}

function buildBallot() {
  const holder = root.querySelector('.vote-blocs');
  if (holder.childElementCount) return;
  const { blocs, levels } = state.election;
  for (const bloc of blocs) {
    const section = document.createElement('section');
    section.className = 'vote-bloc';
    const heading = document.createElement('h2');
    heading.textContent = bloc.label;
    section.append(heading, ...bloc.officials.map((official) => officialRow(official, levels)));
    holder.append(section);
  }
}

function readChoices() {
  const form = document.getElementById('marks');
  const choices = [];
  for (let i = 0; i < state.election.officials; i++) {
    const checked = form.querySelector(`input[name="row-${i}"]:checked`);
    choices.push(checked ? Number(checked.value) : null);
  }
  return choices;
}

function officialsInOrder() {
  return state.election.blocs.flatMap((bloc) => bloc.officials);
}

// --- review: the encryption is made, then cast or checked ---------------------------------------

async function review() {
  if (root.dataset.state !== 'ballot') return; // a second tap while encrypting
  state.choices = readChoices();
  root.dataset.state = 'encrypting';
  say(msg.msgEncrypting);
  const { election } = state;
  try {
    await state.prepared;
    state.encrypted = await state.encrypter.encrypt({
      election: election.fingerprint,
      key: election.election_key,
      token: state.token,
      choices: state.choices,
      levels: election.levels.length,
    });
  } catch (error) {
    failed(fill(msg.msgCrypto, { reason: error.message }), { retry: false });
    return;
  }
  const list = root.querySelector('.review-list');
  const blanks = state.choices.filter((c) => c === null).length;
  list.replaceChildren(
    ...officialsInOrder().map((official) => {
      const choice = state.choices[official.index];
      const item = document.createElement('li');
      const level = choice === null ? msg.msgNotRated : election.levels[choice].label;
      item.textContent = fill(msg.msgLevelOf, { name: official.name, level });
      item.dataset.choice = choice === null ? '' : String(choice);
      item.classList.toggle('not-rated', choice === null);
      return item;
    }),
  );
  const blank = root.querySelector('.review-blank');
  blank.textContent = blanks ? fill(msg.msgBlankRows, { count: blanks, total: state.choices.length }) : msg.msgAllRated;
  blank.classList.toggle('warning', blanks > 0);
  for (const code of root.querySelectorAll('.short-code')) code.textContent = state.encrypted.short_code;
  root.dataset.state = 'review';
  say('');
  show('review');
}

function discardEncryption() {
  state.encrypted = null; // its nonces are gone with it
  prepare(); // a fresh encryption, made while the delegate reads again
}

function backToBallot() {
  discardEncryption();
  root.dataset.state = 'ballot';
  show('ballot', { focus: false });
  root.querySelector('.vote-row input')?.focus();
}

function challenge() {
  const { election, encrypted } = state;
  const file = {
    version: 1,
    election_key: election.election_key,
    ballot: encrypted.ballot,
    nonces: encrypted.nonces.nonces,
    officials: officialsInOrder().map((o) => o.name),
  };
  const text = JSON.stringify(file);
  state.encrypted = null; // this encryption can never be cast now
  const link = document.getElementById('challenge-file');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  document.getElementById('challenge-text').value = text;
  root.dataset.state = 'challenge';
  show('challenge');
}

function challengeDone() {
  const link = document.getElementById('challenge-file');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = '#';
  document.getElementById('challenge-text').value = '';
  backToBallot();
}

// --- casting ------------------------------------------------------------------------------------

async function cast() {
  if (state.encrypted === null) return;
  performance.mark('vote-cast-pressed');
  root.dataset.state = 'casting';
  say(msg.msgCasting);
  for (const button of root.querySelectorAll('[data-screen="review"] button')) button.disabled = true;
  let response;
  let body;
  try {
    const sent = JSON.stringify(state.encrypted.ballot); // the same bytes every time
    for (;;) {
      response = await fetch(msg.castUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: sent,
        cache: 'no-store',
      });
      body = await response.json();
      if (response.status !== 429) break;
      // The whole hall is casting at once: the service asks for the ballot again later.
      // The page says so and sends it again by itself, up to twice as late as asked, at a
      // random moment, so that the hall's tablets do not all come back together.
      root.dataset.busy = 'true';
      say(msg.msgBusy);
      const asked = Math.min(30, Number(response.headers.get('Retry-After')) || body.retry_after || 2);
      const later = (crypto.getRandomValues(new Uint16Array(1))[0] / 65536) * asked;
      await new Promise((resolve) => setTimeout(resolve, (asked + later) * 1000));
    }
  } catch {
    failed(msg.msgOffline, { retry: true });
    return;
  } finally {
    delete root.dataset.busy;
    for (const button of root.querySelectorAll('[data-screen="review"] button')) button.disabled = false;
  }
  if (response.status === 201 || response.status === 200) {
    showReceipt(body.receipt, 'cast');
  } else if (response.status === 409 && body.receipt) {
    showReceipt(body.receipt, 'used');
  } else {
    failed(fill(msg.msgFailed, { reason: body.error ?? response.status }), { retry: response.status >= 500 });
  }
}

function failed(text, { retry }) {
  root.dataset.state = 'failed';
  say('');
  root.querySelector('.failed-text').textContent = text;
  document.getElementById('retry').classList.toggle('hidden', !retry);
  show('failed');
  document.getElementById(retry ? 'retry' : 'back-to-review').focus();
}

function showReceipt(receipt, how) {
  state.encrypted = null;
  state.encrypter?.terminate(); // nothing more to encrypt with this card
  state.encrypter = null;
  const code = receipt.tracking_code;
  const screen = root.querySelector('[data-screen="receipt"]');
  screen.querySelector('.receipt-title').textContent = how === 'cast' ? msg.msgCast : msg.msgUsed;
  screen.querySelector('.short-code').textContent = receipt.short_code;
  screen.querySelector('.tracking-code').textContent = code;
  screen.querySelector('.receipt-link').href = msg.boardUrl.replace('CODE', code);
  screen.querySelector('.receipt-qr').src = msg.qrUrl.replace('CODE', code);
  root.dataset.state = how;
  say('');
  show('receipt');
  requestAnimationFrame(() => performance.mark('vote-receipt-shown')); // as it is painted
}

// --- wiring -------------------------------------------------------------------------------------

// The card's text from the fragment or typed (card_code.js reads it as the cards write it); the
// fragment is then rewritten to its canonical 26 characters, as the card's QR carries them (a
// typed card stays in the fragment for a reload or the language switch).
function start(text) {
  let token;
  try {
    token = parseToken(text);
  } catch {
    askForToken(text ? msg.msgBadToken : '');
    return;
  }
  const canonical = `#${tokenText(token)}`;
  if (location.hash !== canonical) history.replaceState(null, '', canonical);
  state.encrypter ??= new BallotEncrypter(); // libsodium loads while the election comes
  open(hex(token)).catch((error) => failed(fill(msg.msgFailed, { reason: error.message }), { retry: false }));
}

document.getElementById('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  start(document.getElementById('token-input').value);
});
document.getElementById('marks').addEventListener('submit', (event) => {
  event.preventDefault();
  review();
});
document.getElementById('change').addEventListener('click', backToBallot);
document.getElementById('cast').addEventListener('click', cast);
document.getElementById('challenge').addEventListener('click', challenge);
document.getElementById('challenge-done').addEventListener('click', challengeDone);
document.getElementById('retry').addEventListener('click', () => {
  show('review');
  cast();
});
// A card the poll does not know (a mistyped character, most often): back to the code field with
// the code as it was, to correct; the fragment is cleared so a reload asks for the code too.
document.getElementById('retype').addEventListener('click', () => {
  const typed = decodeURIComponent(location.hash.slice(1));
  history.replaceState(null, '', location.pathname + location.search);
  state.token = null;
  askForToken();
  const input = document.getElementById('token-input');
  input.value = typed;
  input.select();
});
document.getElementById('back-to-review').addEventListener('click', () => {
  if (state.encrypted) {
    root.dataset.state = 'review';
    show('review');
  } else if (state.election?.state === 'open' && state.token) {
    backToBallot();
  } else {
    askForToken();
  }
});
// The language links keep the card in the fragment (a redirect keeps the fragment). The marks
// are not kept (a vote is stored nowhere, not even in this tablet's storage), so a delegate who
// has marked is asked first.
for (const link of document.querySelectorAll('.lang a')) {
  link.addEventListener('click', (event) => {
    const marked = root.querySelector('.vote-blocs input:checked') !== null;
    const done = ['cast', 'used'].includes(root.dataset.state); // a receipt: nothing to lose
    if (marked && !done && !window.confirm(msg.msgLangClears)) {
      event.preventDefault();
      return;
    }
    if (location.hash) link.href = link.href.split('#')[0] + location.hash;
  });
}

// Another card scanned on the same tablet changes only the fragment: start afresh for it.
window.addEventListener('hashchange', () => location.reload());

start(decodeURIComponent(location.hash.slice(1)));
