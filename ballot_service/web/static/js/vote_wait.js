// The page of a card scanned before voting opened: it asks the service now and then whether
// the committee has opened the poll and, once it has, loads the ballot by itself. The card stays
// in the URL's fragment, so the delegate need not scan it again. Each tablet asks every 10 to
// 15 s, at a random moment, so that a hall waiting for the opening asks little of the service.
const root = document.getElementById('vote');
const { electionUrl, waitingStates } = root.dataset;
const waiting = new Set(waitingStates.split(' '));

function later() {
  const spread = crypto.getRandomValues(new Uint16Array(1))[0] / 65536;
  setTimeout(ask, 10_000 + spread * 5_000);
}

async function ask() {
  try {
    const response = await fetch(electionUrl, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (response.ok) {
      const election = await response.json();
      if (!waiting.has(election.state)) {
        location.reload(); // open now (or closed): the service shows the page for it
        return;
      }
    }
  } catch {
    // the Wi-Fi dropped for a moment: ask again later
  }
  later();
}

later();
