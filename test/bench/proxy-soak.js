// Memory soak of orrery-proxy (`npm run bench -- proxy --soak SECONDS`), started by proxy.js with
// its helpers: wrk keeps small requests flowing through ours for SECONDS while a second loop
// adds, uses and deletes a route and opens a WebSocket for a few round trips, over and over;
// every SAMPLE seconds the proxy reports its RSS and its live heap (fixtures/memory-probe.js).
// Flat means: the last sample is within 10% of the first one after warm-up (a fifth of the
// run, at most 60 s); README.md says why. Exits 1 when not flat or when requests failed.
'use strict';
const path = require('node:path');
const { execFile } = require('node:child_process');
const { setTimeout } = require('node:timers/promises');

const MB = 1024 * 1024;

async function soak(tools) {
  const { SOAK, SAMPLE, CONNECTIONS, BACKEND } = tools;
  const [backendPort, port, apiPort] = await Promise.all([1, 2, 3].map(tools.freePort));
  tools.start(process.execPath, ['-e', BACKEND, String(backendPort)]);
  const probe = path.join(__dirname, 'fixtures/memory-probe.js');
  const ours = tools.startOurs(port, apiPort, ['--expose-gc', '-r', probe], true);
  await Promise.all([backendPort, port, apiPort].map(tools.waitForPort));
  await tools.addRoutes(apiPort, 10, backendPort);

  const url = `http://127.0.0.1:${port}/user/u5/x`;
  const load = new Promise((resolve, reject) =>
    execFile('wrk', tools.wrkArgs(url, CONNECTIONS, SOAK), { encoding: 'utf8' }, (error, out) =>
      error ? reject(error) : resolve(tools.wrkResult(out)),
    ),
  );
  let running = true;
  const churned = churn(tools, port, apiPort, backendPort, () => running);
  const samples = [];
  const started = Date.now();
  while (Date.now() - started < SOAK * 1000) {
    samples.push({ t: (Date.now() - started) / 1000, ...(await sample(ours)) });
    await setTimeout(SAMPLE * 1000);
  }
  const result = await load;
  running = false;
  const cycles = await churned;
  samples.push({ t: (Date.now() - started) / 1000, ...(await sample(ours)) });
  return report(samples, result, cycles, tools);
}

function sample(child) {
  return new Promise((resolve) => {
    child.once('message', ({ rss, heapUsed }) => resolve({ rss: rss / MB, heap: heapUsed / MB }));
    child.send('sample');
  });
}

/** Route churn and short WebSocket sessions, one cycle after another, while `going()`. */
async function churn(tools, port, apiPort, backendPort, going) {
  let cycles = 0;
  const routeApi = (method, name, body) =>
    globalThis.fetch(`http://127.0.0.1:${apiPort}/api/routes/user/${name}`, {
      method,
      headers: { Authorization: `token ${tools.TOKEN}` },
      body: body && JSON.stringify(body),
    });
  while (going()) {
    const name = `churn${cycles % 100}`;
    await routeApi('POST', name, { target: `http://127.0.0.1:${backendPort}`, user: name });
    await (await globalThis.fetch(`http://127.0.0.1:${port}/user/${name}/x`)).text();
    await tools.wsRoundTrips(`ws://127.0.0.1:${port}/user/${name}/ws`, 20, 0);
    await routeApi('DELETE', name);
    cycles++;
    await setTimeout(200);
  }
  return cycles;
}

/** start, value after warm-up, max, end, and the least-squares slope after warm-up (per minute). */
function summary(samples, key, warmup) {
  const after = samples.filter((s) => s.t >= warmup);
  const base = after[0] ?? samples[samples.length - 1];
  const end = samples[samples.length - 1];
  const n = after.length;
  const meanT = after.reduce((sum, s) => sum + s.t, 0) / n;
  const meanV = after.reduce((sum, s) => sum + s[key], 0) / n;
  const sxy = after.reduce((sum, s) => sum + (s.t - meanT) * (s[key] - meanV), 0);
  const sxx = after.reduce((sum, s) => sum + (s.t - meanT) ** 2, 0);
  return {
    start: samples[0][key],
    base: base[key],
    max: Math.max(...samples.map((s) => s[key])),
    end: end[key],
    slope: sxx > 0 ? (sxy / sxx) * 60 : 0,
    flat: end[key] <= base[key] * 1.1,
  };
}

function report(samples, load, cycles, { SOAK, SAMPLE, CONNECTIONS }) {
  const warmup = Math.min(60, SOAK / 5);
  const fmt = (n) => n.toFixed(1).padStart(8);
  console.log(
    `\nProxy soak: ${SOAK} s of wrk -t2 -c${CONNECTIONS} small responses through ours, ` +
      `${cycles} route + WebSocket cycles; ${samples.length} samples every ${SAMPLE} s; ` +
      `warm-up ${warmup} s\n`,
  );
  console.log(
    `${'MB'.padEnd(22)} ${'start'.padStart(8)} ${'warm'.padStart(8)} ${'max'.padStart(8)} ${'end'.padStart(8)} ${'slope/min'.padStart(10)}  flat`,
  );
  let flat = true;
  for (const [label, key] of [
    ['RSS', 'rss'],
    ['heap (live, after GC)', 'heap'],
  ]) {
    const s = summary(samples, key, warmup);
    flat &&= s.flat;
    console.log(
      `${label.padEnd(22)} ${fmt(s.start)} ${fmt(s.base)} ${fmt(s.max)} ${fmt(s.end)} ${s.slope.toFixed(3).padStart(10)}  ${s.flat ? 'yes' : 'NO'}`,
    );
  }
  console.log(
    `\nrequests ${load.requests} (${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms)` +
      `${load.note ? ', ' + load.note : ''}`,
  );
  if (!flat || load.note) process.exitCode = 1;
}

module.exports = { soak };
