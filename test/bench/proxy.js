#!/usr/bin/env node
// Proxy bench (issue 3): one backend reached directly, through orrery-proxy, through
// configurable-http-proxy and through nginx (one worker, upstream keep-alive), all loaded by
// wrk; WebSocket round trips measured by a `ws` client. Each scenario runs in interleaved rounds
// and compares peers within a round (README.md says why). Prints one table and the targets. With
// --soak SECONDS it runs only the memory soak instead (proxy-soak.js): steady load through ours,
// memory sampled.
// Usage: node test/bench/proxy.js [--rounds 3] [--duration 5] [--connections 50]
//                                 [--soak 600 [--sample 5]]
// Needs: wrk and nginx on PATH (Debian: apt-get install -y wrk nginx); npm dev dependencies.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout } = require('node:timers');

const ROOT = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(
    'node test/bench/proxy.js [--rounds N (3)] [--duration SECONDS (5)] [--connections N (50)] [--soak SECONDS [--sample SECONDS (5)]]',
  );
  process.exit(0);
}
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = option('rounds', 3);
const DURATION = option('duration', 5);
const CONNECTIONS = option('connections', 50);
const SOAK = option('soak', 0);
const SAMPLE = option('sample', 5);
const TOKEN = 'bench-token';
const children = [];
let stopping = false;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-proxy-bench-'));
// nginx workers run as an unprivileged user and buffer large responses in temp files here.
fs.chmodSync(tmp, 0o755);

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`port ${port} did not open`);
}

function start(command, argv, env = {}, ipc = false) {
  const child = spawn(command, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', ...(ipc ? ['ipc'] : [])],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  child.on('exit', (code) => {
    if (!stopping && code) process.stderr.write(`${command} exited ${code}: ${stderr}\n`);
  });
  children.push(child);
  return child;
}

// The backend: `/...big` answers 1 MB, anything else 2 bytes; WebSockets echo.
const BACKEND = `
const http = require('node:http');
const { WebSocketServer } = require(${JSON.stringify(require.resolve('ws', { paths: [ROOT] }))});
const big = Buffer.alloc(1024 * 1024, 120);
const server = http.createServer((req, res) => {
  if (req.url.endsWith('/big')) { res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': big.length }); res.end(big); return; }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 }); res.end('ok');
});
new WebSocketServer({ server }).on('connection', (ws) => ws.on('message', (m, binary) => ws.send(m, { binary })));
server.listen(Number(process.argv[1]), '127.0.0.1');
`;

function nginxConfig(port, backendPort) {
  return `worker_processes 1;
daemon off;
pid ${tmp}/nginx.pid;
error_log ${tmp}/nginx-error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi; uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; }
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
}

async function addRoutes(apiPort, count, backendPort) {
  const target = `http://127.0.0.1:${backendPort}`;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await globalThis.fetch(`http://127.0.0.1:${apiPort}/api/routes/user/u${i}`, {
        method: 'POST',
        headers: { Authorization: `token ${TOKEN}` },
        body: JSON.stringify({ target, jupyterhub: true, user: `u${i}`, server_name: '' }),
      });
      if (res.status !== 201) throw new Error(`adding route ${i}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

function wrkArgs(url, connections, duration) {
  return ['-t2', `-c${connections}`, `-d${duration}s`, '--latency', url];
}

function wrk(url, connections, duration = DURATION) {
  return wrkResult(execFileSync('wrk', wrkArgs(url, connections, duration), { encoding: 'utf8' }));
}

function wrkResult(out) {
  const ms = (label) => {
    const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    if (!match) return NaN;
    return Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2]];
  };
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out);
  return {
    requests: Number(/(\d+) requests in/.exec(out)[1]),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    p50: ms('50'),
    p99: ms('99'),
    note: errors ? errors[0] : '',
  };
}

async function wsRoundTrips(url, count = 2000, warmup = 200) {
  const WebSocket = require(require.resolve('ws', { paths: [ROOT] }));
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const times = [];
  for (let i = 0; i < count + warmup; i++) {
    const started = process.hrtime.bigint();
    await new Promise((resolve) => {
      ws.once('message', resolve);
      ws.send('x'.repeat(64));
    });
    if (i >= warmup) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ws.close();
  times.sort((a, b) => a - b);
  const seconds = times.reduce((sum, t) => sum + t, 0) / 1000;
  return {
    requests: count,
    rps: count / seconds,
    p50: times[Math.floor(count * 0.5)],
    p99: times[Math.floor(count * 0.99)],
    note: '',
  };
}

const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** User plus system CPU time of processes so far, in clock ticks (/proc/PID/stat). */
function cpuTicks(pids) {
  let ticks = 0;
  for (const pid of pids) {
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

/** nginx's worker processes: the children of its master. */
function childPids(pid) {
  return fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** The node flags orrery-proxy ships with: those of its bin's `#!/usr/bin/env -S node ...` line. */
const SHIPPED_FLAGS = fs
  .readFileSync(path.join(ROOT, 'bin/orrery-proxy.js'), 'utf8')
  .split('\n', 1)[0]
  .split(/\s+/)
  .slice(3);

/**
 * orrery-proxy from source with its shipped node flags; `nodeFlags` go after them, before the
 * script, and `ipc` opens a channel to it.
 */
function startOurs(port, apiPort, nodeFlags = [], ipc = false) {
  return start(
    process.execPath,
    [
      ...SHIPPED_FLAGS,
      ...nodeFlags,
      '-r',
      path.join(ROOT, 'test/contracts/proxy/ts-register.js'),
      path.join(ROOT, 'apps/proxy/src/main.ts'),
      ...['--ip', '127.0.0.1', '--port', port, '--api-ip', '127.0.0.1', '--api-port', apiPort],
      ...['--log-level', 'warn'],
    ].map(String),
    { CONFIGPROXY_AUTH_TOKEN: TOKEN },
    ipc,
  );
}

/** The middle value; for an even count, the mean of the two middle ones. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function spread(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

// How a scenario loads one peer; `key` is the figure its rounds are ranked by.
const httpLoad = (connections) => ({
  key: 'rps',
  warmup: (url) => wrk(url, connections, 1),
  measure: (url) => wrk(url, connections),
});
const wsLoad = {
  key: 'p50',
  warmup: (url) => wsRoundTrips(url, 200),
  measure: (url) => wsRoundTrips(url),
};

/**
 * One discarded warm-up per peer (JIT, pools), then ROUNDS rounds of every peer once: the
 * machine's speed drifts by a third within a minute, so peers measured once each, one after the
 * other, would compare two moments. Odd rounds go in reverse so that a drift within rounds does not
 * always favour the peers measured first. `ref` is the peer the others are compared with.
 * Each run also records the CPU time the peer's own processes (`pids`) spent per request.
 */
async function scenario(name, urls, load, pids, ref = 'ours') {
  const peers = Object.keys(urls);
  for (const peer of peers) await load.warmup(urls[peer]);
  const runs = Object.fromEntries(peers.map((peer) => [peer, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const peer of round % 2 ? [...peers].reverse() : peers) {
      const before = cpuTicks(pids[peer]);
      const run = await load.measure(urls[peer]);
      run.cpuUs = ((cpuTicks(pids[peer]) - before) * TICK_US) / run.requests;
      runs[peer].push(run);
    }
  }
  return { name, ref, key: load.key, runs };
}

async function main() {
  const loadStart = os.loadavg();
  const ports = await Promise.all(Array.from({ length: 8 }, freePort));
  const [backendPort, oursPort, oursApi, ours10Port, ours10Api, chpPort, chpApi, nginxPort] = ports;
  start(process.execPath, ['-e', BACKEND, String(backendPort)]);
  const ours = startOurs(oursPort, oursApi);
  // Keeps 10 routes while ours gets 10,000, so that the two are compared within each round.
  const ours10 = startOurs(ours10Port, ours10Api);
  const chp = start(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/configurable-http-proxy/bin/configurable-http-proxy'),
      ...[
        '--ip',
        '127.0.0.1',
        '--port',
        chpPort,
        '--api-ip',
        '127.0.0.1',
        '--api-port',
        chpApi,
        '--log-level',
        'error',
      ],
    ].map(String),
    { CONFIGPROXY_AUTH_TOKEN: TOKEN },
  );
  fs.writeFileSync(path.join(tmp, 'nginx.conf'), nginxConfig(nginxPort, backendPort));
  const nginx = start('nginx', ['-p', tmp, '-c', path.join(tmp, 'nginx.conf')]);
  await Promise.all(ports.map(waitForPort));
  // Whose CPU time a peer's requests cost: no proxy for direct, nginx's worker, not its master.
  const pids = {
    direct: [],
    ours: [ours.pid],
    chp: [chp.pid],
    nginx: childPids(nginx.pid),
    'ours 10': [ours10.pid],
    'ours 10k': [ours.pid],
    'chp 10k': [chp.pid],
  };
  await Promise.all(
    [oursApi, ours10Api, chpApi].map((apiPort) => addRoutes(apiPort, 10, backendPort)),
  );

  const peerPorts = { direct: backendPort, ours: oursPort, chp: chpPort, nginx: nginxPort };
  const everyPeer = (scheme, route) =>
    Object.fromEntries(
      Object.entries(peerPorts).map(([peer, port]) => [
        peer,
        `${scheme}://127.0.0.1:${port}${route}`,
      ]),
    );
  const memoryBefore = { ours: rssMb(ours.pid), chp: rssMb(chp.pid) };
  const scenarios = [
    await scenario(
      `small, ${CONNECTIONS} conn, 10 routes`,
      everyPeer('http', '/user/u5/x'),
      httpLoad(CONNECTIONS),
      pids,
    ),
    await scenario(
      '1 MB, 10 conn, 10 routes',
      everyPeer('http', '/user/u5/big'),
      httpLoad(10),
      pids,
    ),
    await scenario('WebSocket round trip (msg/s)', everyPeer('ws', '/user/u5/ws'), wsLoad, pids),
  ];
  // u0 to u9 are replaced, not added: 10,000 routes in all.
  await Promise.all([
    addRoutes(oursApi, 10_000, backendPort),
    addRoutes(chpApi, 10_000, backendPort),
  ]);
  scenarios.push(
    await scenario(
      `small, ${CONNECTIONS} conn, 10 / 10,000 routes`,
      {
        'ours 10': `http://127.0.0.1:${ours10Port}/user/u5/x`,
        'ours 10k': `http://127.0.0.1:${oursPort}/user/u7777/x`,
        'chp 10k': `http://127.0.0.1:${chpPort}/user/u7777/x`,
      },
      httpLoad(CONNECTIONS),
      pids,
      'ours 10k',
    ),
  );
  const memoryAfter = { ours: rssMb(ours.pid), chp: rssMb(chp.pid) };
  report(scenarios, memoryBefore, memoryAfter, [loadStart, os.loadavg()]);
}

/** ref/peer req/s within each round: both were measured within one round of each other. */
function ratios({ ref, runs }, peer, of = ref) {
  return spread(runs[of].map((run, round) => run.rps / runs[peer][round].rps));
}

/** The round a row shows: the middle one by `key` (the lower middle for an even count). */
function middleRound(runs, key) {
  const sorted = [...runs].sort((a, b) => a[key] - b[key]);
  return { ...sorted[(sorted.length - 1) >> 1], [key]: median(runs.map((run) => run[key])) };
}

function report(scenarios, before, after, [loadStart, loadEnd]) {
  const pad = (value, width) => String(value).padStart(width);
  const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const range = ({ median, min, max }, digits = 2) =>
    `${fmt(median, digits)} (${fmt(min, digits)}–${fmt(max, digits)})`;
  const loads = (averages) => averages.map((n) => n.toFixed(2)).join(' ');
  const errors = (s, peer) =>
    s.runs[peer].map((run, round) => run.note && `round ${round + 1}: ${run.note}`).filter(Boolean);
  console.log(
    `\nProxy bench: ${ROUNDS} rounds, wrk -t2 -d${DURATION}s per peer and round, ` +
      `${os.cpus().length} CPUs, node ${process.version}`,
  );
  console.log(
    `load average (1, 5, 15 min): ${loads(loadStart)} at start, ${loads(loadEnd)} at end\n`,
  );
  console.log(
    `${'scenario'.padEnd(36)} ${'peer'.padEnd(8)} ${pad('req/s', 8)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} ${pad('cpu µs', 7)}  ours/this (min–max)`,
  );
  for (const s of scenarios) {
    for (const peer of Object.keys(s.runs)) {
      const row = middleRound(s.runs[peer], s.key);
      const ratio = peer === s.ref ? '' : range(ratios(s, peer));
      const cpuUs = median(s.runs[peer].map((run) => run.cpuUs));
      const cpu = cpuUs > 0 ? fmt(cpuUs, 1) : '-';
      const notes = errors(s, peer).join('; ');
      console.log(
        `${s.name.padEnd(36)} ${peer.padEnd(8)} ${pad(fmt(row.rps, 0), 8)} ${pad(fmt(row.p50, 3), 8)} ${pad(fmt(row.p99, 3), 8)} ${pad(cpu, 7)}  ${ratio.padEnd(19)}${notes ? '  ' + notes : ''}`.trimEnd(),
      );
    }
  }
  console.log(
    '\nreq/s is the median over rounds, p50 and p99 those of the median round (WebSocket rows:\n' +
      'the median p50 and its round); ours/this is the median of the per-round ratios (min–max).\n' +
      'ours 10 is a second orrery-proxy that keeps 10 routes while ours gets 10,000; in that\n' +
      'scenario ours/this is ours 10k/this.',
  );
  console.log(
    `RSS MB before/after (10 -> 10,000 routes): ours ${before.ours}/${after.ours}, chp ${before.chp}/${after.chp}`,
  );

  const [small, , ws, routes] = scenarios;
  // A ratio says nothing when either side of it answered errors: an error page is fast.
  const ratioTarget = (label, s, peer, floor, target = `>= ${floor}`) => ({
    label,
    value: ratios(s, peer),
    target,
    met: (v) => v >= floor,
    failed: [s.ref, peer].some((p) => errors(s, p).length > 0),
  });
  const overhead = ws.runs.ours.map((run, round) => run.p50 - ws.runs.direct[round].p50);
  const targets = [
    ratioTarget(`ours/nginx small ${CONNECTIONS} conn`, small, 'nginx', 0.5),
    ratioTarget(`ours/CHP   small ${CONNECTIONS} conn`, small, 'chp', 5),
    ratioTarget('ours 10k/10 routes', routes, 'ours 10', 0.9, 'flat (>= 0.9)'),
    {
      label: 'WS p50 overhead',
      value: spread(overhead),
      digits: 3,
      unit: ' ms',
      target: '< 0.2 ms',
      met: (v) => v < 0.2,
    },
  ];
  console.log('\ntargets (median of per-round ratios or differences, min–max):');
  for (const { label, value, digits, unit = '', target, met, failed } of targets) {
    const verdict = failed ? 'requests failed, see above' : met(value.median) ? 'met' : 'NOT met';
    console.log(
      `  ${label.padEnd(26)} ${(range(value, digits) + unit).padEnd(22)} target ${target.padEnd(14)} ${verdict}`,
    );
  }
  // The proxies' own CPU per request, free of what the load tool and backend take from the
  // same two cores: the req/s ratios above are diluted by their share.
  const cpuRatio = (peer) =>
    spread(small.runs[peer].map((run, round) => run.cpuUs / small.runs.ours[round].cpuUs));
  console.log(
    `  ${'CPU per request CHP/ours'.padEnd(26)} ${range(cpuRatio('chp')).padEnd(22)} ` +
      `(nginx/ours ${range(cpuRatio('nginx'))})`,
  );
  // How far the reference itself is from CHP in this run: 5x CHP asks for this share of nginx.
  const nginxOverChp = ratios(small, 'chp', 'nginx');
  console.log(
    `  ${'reference: nginx/CHP'.padEnd(26)} ${range(nginxOverChp).padEnd(22)} ` +
      `(5x CHP is ${fmt(5 / nginxOverChp.median)} of nginx in this run)`,
  );
}

function cleanup() {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}

process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
const soakTools = { freePort, waitForPort, start, startOurs, addRoutes, wrkArgs, wrkResult };
(SOAK > 0
  ? require('./proxy-soak').soak({
      ...soakTools,
      BACKEND,
      CONNECTIONS,
      TOKEN,
      SOAK,
      SAMPLE,
      wsRoundTrips,
    })
  : main()
)
  .catch((error) => {
    process.stderr.write(`proxy bench failed: ${error.stack}\n`);
    process.exitCode = 1;
  })
  .finally(cleanup);
