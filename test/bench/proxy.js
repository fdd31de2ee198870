#!/usr/bin/env node
// Proxy bench (issue 3): one backend reached directly, through orrery-proxy, through
// configurable-http-proxy and through nginx (one worker, upstream keep-alive), all loaded by
// wrk; WebSocket round trips measured by a `ws` client. Prints one table. With --soak SECONDS it
// runs only the memory soak instead (proxy-soak.js): steady load through ours, memory sampled.
// Usage: node test/bench/proxy.js [--duration 5] [--connections 50] [--soak 600 [--sample 5]]
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
    'node test/bench/proxy.js [--duration SECONDS (5)] [--connections N (50)] [--soak SECONDS [--sample SECONDS (5)]]',
  );
  process.exit(0);
}
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
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
    rps: count / seconds,
    p50: times[Math.floor(count * 0.5)],
    p99: times[Math.floor(count * 0.99)],
    note: '',
  };
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** orrery-proxy from source; `nodeFlags` go before the script, `ipc` opens a channel to it. */
function startOurs(port, apiPort, nodeFlags = [], ipc = false) {
  return start(
    process.execPath,
    [
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

async function main() {
  const [backendPort, oursPort, oursApi, chpPort, chpApi, nginxPort] = await Promise.all(
    Array.from({ length: 6 }, freePort),
  );
  start(process.execPath, ['-e', BACKEND, String(backendPort)]);
  const ours = startOurs(oursPort, oursApi);
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
  start('nginx', ['-p', tmp, '-c', path.join(tmp, 'nginx.conf')]);
  await Promise.all([backendPort, oursPort, oursApi, chpPort, chpApi, nginxPort].map(waitForPort));
  await Promise.all([addRoutes(oursApi, 10, backendPort), addRoutes(chpApi, 10, backendPort)]);

  const peers = {
    direct: `127.0.0.1:${backendPort}`,
    ours: `127.0.0.1:${oursPort}`,
    chp: `127.0.0.1:${chpPort}`,
    nginx: `127.0.0.1:${nginxPort}`,
  };
  const rows = [];
  const run = (scenario, url, connections) => (peer) => {
    wrk(`http://${peers[peer]}${url}`, connections, 1); // warm-up (JIT, pools), discarded
    rows.push({ scenario, peer, ...wrk(`http://${peers[peer]}${url}`, connections) });
  };
  const memoryBefore = { ours: rssMb(ours.pid), chp: rssMb(chp.pid) };
  const all = ['direct', 'ours', 'chp', 'nginx'];
  all.forEach(run(`small, ${CONNECTIONS} conn, 10 routes`, '/user/u5/x', CONNECTIONS));
  all.forEach(run('1 MB, 10 conn, 10 routes', '/user/u5/big', 10));
  for (const peer of all) {
    await wsRoundTrips(`ws://${peers[peer]}/user/u5/ws`, 200);
    const scenario = 'WebSocket round trip (msg/s), 10 routes';
    rows.push({ scenario, peer, ...(await wsRoundTrips(`ws://${peers[peer]}/user/u5/ws`)) });
  }
  await Promise.all([
    addRoutes(oursApi, 10_000, backendPort),
    addRoutes(chpApi, 10_000, backendPort),
  ]);
  ['ours', 'chp'].forEach(
    run(`small, ${CONNECTIONS} conn, 10,000 routes`, '/user/u7777/x', CONNECTIONS),
  );
  const memoryAfter = { ours: rssMb(ours.pid), chp: rssMb(chp.pid) };
  print(rows, memoryBefore, memoryAfter);
}

function print(rows, before, after) {
  const pad = (value, width) => String(value).padStart(width);
  const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  console.log(
    `\nProxy bench: wrk -t2 -d${DURATION}s, ${os.cpus().length} CPUs, node ${process.version}\n`,
  );
  console.log(
    `${'scenario'.padEnd(42)} ${'peer'.padEnd(7)} ${pad('req/s', 9)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} ${pad('ours/this', 10)}`,
  );
  for (const row of rows) {
    const ours = rows.find((r) => r.scenario === row.scenario && r.peer === 'ours');
    const ratio = ours && row.peer !== 'ours' ? fmt(ours.rps / row.rps) : '';
    console.log(
      `${row.scenario.padEnd(42)} ${row.peer.padEnd(7)} ${pad(fmt(row.rps, 0), 9)} ${pad(fmt(row.p50), 8)} ${pad(fmt(row.p99), 8)} ${pad(ratio, 10)}${row.note ? '  ' + row.note : ''}`,
    );
  }
  console.log(
    `\nRSS MB before/after (10 -> 10,010 routes): ours ${before.ours}/${after.ours}, chp ${before.chp}/${after.chp}`,
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
