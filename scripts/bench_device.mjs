// node scripts/bench_device.mjs [--officials 30] [--levels 3] [--runs 9]
// The device crypto (static/js/device) in node: libsodium's operations one by one, then
// encrypt-and-prove of a whole ballot (best and median of the runs, wall-clock and CPU time:
// on a shared machine the CPU time moves less with the load). Prints JSON.
import { parseArgs } from 'node:util';

import { encryptBallot } from '../ballot_service/web/static/js/device/ballot.js';
import * as G from '../ballot_service/web/static/js/device/group.js';
import { defaultRng } from '../ballot_service/web/static/js/device/random.js';
import * as sodium from '../ballot_service/web/static/js/device/sodium.js';

const { values } = parseArgs({
  options: {
    officials: { type: 'string', default: '30' },
    levels: { type: 'string', default: '3' },
    runs: { type: 'string', default: '9' },
  },
});
const officials = Number(values.officials);
const levels = Number(values.levels);
const runs = Number(values.runs);

await sodium.ready();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function perCall(f, n = 300) {
  for (let k = 0; k < 30; k++) f();
  const times = [];
  for (let rep = 0; rep < 5; rep++) {
    const used = process.cpuUsage();
    for (let k = 0; k < n; k++) f();
    const { user, system } = process.cpuUsage(used);
    times.push((user + system) / n); // CPU µs per call
  }
  return Math.min(...times);
}

const s = G.randomScalar(defaultRng);
const key = G.mulBase(G.randomScalar(defaultRng));
const micro = {
  base_mult_us: perCall(() => sodium.scalarmultBase(s)),
  variable_base_mult_us: perCall(() => sodium.scalarmult(s, key)),
  add_us: perCall(() => sodium.add(key, key)),
  is_valid_point_us: perCall(() => sodium.isValidPoint(key)),
};

const fingerprint = defaultRng(32);
const token = defaultRng(16);
const marks = () => Array.from(defaultRng(officials), (b) => (b % (levels + 1) === levels ? null : b % (levels + 1)));
encryptBallot(fingerprint, key, token, marks(), levels); // warm-up
const times = [];
const cpu = [];
for (let k = 0; k < runs; k++) {
  const choices = marks();
  const start = performance.now();
  const used = process.cpuUsage();
  encryptBallot(fingerprint, key, token, choices, levels);
  const { user, system } = process.cpuUsage(used);
  times.push(performance.now() - start);
  cpu.push((user + system) / 1000);
}
process.stdout.write(
  `${JSON.stringify({ officials, levels, runs, ...micro, best_ms: Math.min(...times), median_ms: median(times), cpu_best_ms: Math.min(...cpu), cpu_median_ms: median(cpu) })}\n`,
);
