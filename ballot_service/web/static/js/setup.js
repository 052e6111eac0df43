// The tablet set-up page's check: reach the service over HTTPS (which works only once the
// device trusts the hall's CA), then send the device's clock. Retries every 3 seconds.
const box = document.getElementById("reach");

async function check() {
  const reachUrl = box.dataset.reachUrl;
  if (!reachUrl) return;
  const state = box.querySelector(".reach-state");
  try {
    const response = await fetch(reachUrl, { cache: "no-store", mode: "cors" });
    const body = await response.json();
    if (!response.ok || body.ok !== true) throw new Error("not over HTTPS");
    box.classList.remove("fail");
    box.classList.add("ok");
    state.textContent = box.dataset.ok;
    const sent = await fetch(box.dataset.clockUrl, {
      method: "POST",
      mode: "cors",
      cache: "no-store",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ time: Date.now() }),
    });
    if (sent.ok) {
      const { drift_ms: drift } = await sent.json();
      box.querySelector(".clock").textContent = box.dataset.clockOk.replace(
        "{s}",
        String(Math.round(drift / 1000)),
      );
    }
  } catch {
    box.classList.remove("ok");
    box.classList.add("fail");
    state.textContent = box.dataset.fail;
    setTimeout(check, 3000);
  }
}

check();
