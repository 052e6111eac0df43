// The hall display: asks the service for the poll's figures every few seconds and shows them.
// Only what the JSON carries is shown (state, ballot cards issued, ballots cast, delegates
// present); the display never shows a result.

const root = document.getElementById('display');
const numbers = new Intl.NumberFormat(document.documentElement.lang || 'vi');
const counted = new Set((root?.dataset.counted ?? '').split(' '));
const FIGURES = ['cards_issued', 'ballots_cast', 'delegates_present'];

function show(status) {
  for (const name of FIGURES) {
    const cell = root.querySelector(`[data-figure="${name}"]`);
    if (cell && Number.isInteger(status[name])) cell.textContent = numbers.format(status[name]);
  }
  const state = root.querySelector('[data-figure="state_label"]');
  if (state && typeof status.state_label === 'string') {
    state.textContent = status.state_label;
    state.dataset.state = String(status.state);
  }
  root.querySelector('.display-counted')?.toggleAttribute('hidden', !counted.has(status.state));
}

async function refresh() {
  const offline = root.querySelector('.display-offline');
  try {
    const response = await fetch(root.dataset.statusUrl, {
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    show(await response.json());
    offline?.setAttribute('hidden', '');
  } catch {
    offline?.removeAttribute('hidden');
  }
}

if (root) {
  const interval = Number(root.dataset.interval) || 2000;
  // One request at a time: the next one starts `interval` after the previous one ended.
  const loop = async () => {
    await refresh();
    setTimeout(loop, interval);
  };
  setTimeout(loop, interval);
}
