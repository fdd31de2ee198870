// `npm run bench -- docker`: container servers through Orrery's docker spawner on the real
// engine, in one run: time from a spawn request to a ready server for one container (median of
// --single) and for --concurrent at once, then time-to-notebook of an arriving anonymous user
// (tmp authenticator: from /hub/tmplogin to JupyterLab's page, through the OAuth dance) without
// and with the warm pool. Needs `npm run build`, a running engine and images/build.sh's images.
const { execFile, execFileSync } = require('node:child_process');
const { URL } = require('node:url');
const { promisify } = require('node:util');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { parseArgs } = require('node:util');
const { launchHub, api, seedUsers, freePort } = require('./hub-launcher');

const execFileAsync = promisify(execFile);

const usage = `usage: npm run bench -- docker [options]
  --image NAME        single-user image (default orrery/singleuser:local)
  --single N          sequential spawns of the one-container row (default 5)
  --concurrent N      containers spawned at once (default 20)
  --arrivals N        anonymous arrivals measured with and without the pool (default 5)
  --json FILE         also write the results as JSON`;

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      image: { type: 'string', default: 'orrery/singleuser:local' },
      single: { type: 'string', default: '5' },
      concurrent: { type: 'string', default: '20' },
      arrivals: { type: 'string', default: '5' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return {
    ...values,
    single: Number(values.single),
    concurrent: Number(values.concurrent),
    arrivals: Number(values.arrivals),
  };
}

const LABEL = 'org.orrery.bench';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

function docker(...args) {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** Removes every container a bench run created (they carry its label). */
function removeContainers(run) {
  const ids = docker('ps', '-aq', '--filter', `label=${LABEL}=${run}`).split('\n').filter(Boolean);
  if (ids.length) docker('rm', '-f', '-v', ...ids);
}

function hubConfig(image, run, extra = {}) {
  return {
    ...extra,
    JupyterHub: {
      spawner_class: 'docker',
      concurrent_spawn_limit: 0,
      active_server_limit: 0,
      last_activity_interval: 3600,
      ...extra.JupyterHub,
    },
    Spawner: { default_url: '/lab', start_timeout: 180, http_timeout: 180, poll_interval: 3600 },
    DockerSpawner: {
      image,
      // the hub listens on 127.0.0.1 only: containers share the host's network to reach it
      network_name: 'host',
      pull_policy: 'never',
      remove: true,
      extra_create_kwargs: { Labels: { [LABEL]: run } },
    },
  };
}

async function withHub(image, extra, body) {
  const run = `bench-${crypto.randomBytes(4).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-bench-docker-'));
  const hub = await launchHub('orrery', { dir, extraConfig: hubConfig(image, run, extra) });
  try {
    return await body(hub);
  } catch (error) {
    // the hub's log says why a server failed; the temp dir goes below
    const log = fs.readFileSync(hub.logFile, 'utf8').split('\n');
    console.error(`--- ${hub.logFile} (last 40 lines) ---\n${log.slice(-40).join('\n')}`);
    throw error;
  } finally {
    await hub.stop();
    removeContainers(run);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether something answers 200 on 127.0.0.1:`port` at `path`. */
function answers(port, path) {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

/**
 * The baseline of the same run: `count` containers of the same image started straight with
 * `docker run` (plain JupyterLab, no hub, host network), seconds until all answer.
 */
async function directRun(image, run, count) {
  const ports = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const t0 = process.hrtime.bigint();
  await Promise.all(
    ports.map(async (port) => {
      const args = ['run', '-d', '--network', 'host', '--label', `${LABEL}=${run}`, image];
      const command = [
        'jupyter',
        'lab',
        '--ip=127.0.0.1',
        `--port=${port}`,
        '--IdentityProvider.token=',
      ];
      await execFileAsync('docker', [...args, ...command]);
      for (;;) {
        if (await answers(port, '/api/status')) return;
        await sleep(50);
      }
    }),
  );
  return seconds(t0);
}

/** Seconds from POST .../server until the API calls the server ready. */
async function spawnReady(hub, user) {
  const t0 = process.hrtime.bigint();
  const started = await globalThis.fetch(`${hub.apiUrl}/users/${user}/server`, {
    method: 'POST',
    headers: { Authorization: `token ${hub.token}` },
  });
  if (started.status !== 201 && started.status !== 202) {
    throw new Error(`spawn of ${user}: ${started.status} ${await started.text()}`);
  }
  for (;;) {
    const model = await api(hub, 'GET', `/users/${user}`, undefined, 200);
    if (model.servers?.['']?.ready) return seconds(t0);
    if (!model.servers?.[''] && !model.pending) throw new Error(`${user}'s server failed`);
    await sleep(20);
  }
}

async function stopAll(hub, users) {
  await Promise.all(
    users.map((user) => api(hub, 'DELETE', `/users/${user}/server`, undefined, undefined)),
  );
}

/** A browser's cookies: by name and path, sent to the paths they cover, most specific first. */
class CookieJar {
  constructor() {
    this.cookies = new Map();
  }

  store(lines, requestPath) {
    for (const line of lines) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(name.length + 1);
      const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith('path='));
      const path = pathAttribute ? pathAttribute.slice(5) : requestPath.replace(/[^/]*$/, '');
      const expires = attributes.find((a) => a.toLowerCase().startsWith('expires='));
      const expired =
        attributes.some((a) => a.toLowerCase() === 'max-age=0') ||
        (expires && Date.parse(expires.slice(8)) < Date.now());
      const key = `${name};${path}`;
      if (expired || value === '' || value === '""') this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(pathname) {
    return [...this.cookies.values()]
      .filter((c) => pathname === c.path.replace(/\/$/, '') || pathname.startsWith(c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/**
 * A page load as a browser makes it. Not fetch(): it always says `Sec-Fetch-Mode: cors`, and
 * the server's cookie auth takes cookies without an XSRF token only from navigations.
 */
function navigate(url, cookie) {
  return new Promise((resolve, reject) => {
    const headers = { Cookie: cookie, 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' };
    http
      .get(url, { headers }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            location: res.headers.location,
            setCookies: res.headers['set-cookie'] ?? [],
          }),
        );
      })
      .on('error', reject);
  });
}

/**
 * A browser's arrival: GET /hub/tmplogin, follow every redirect with its cookies (the hub's
 * login, the OAuth dance with the server), wait on spawn-pending as its page script does,
 * until JupyterLab's page answers 200. Seconds taken.
 */
async function arrive(hub) {
  const jar = new CookieJar();
  let url = new URL(`${hub.publicUrl}/hub/tmplogin`);
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const res = await navigate(url, jar.header(url.pathname));
    jar.store(res.setCookies, url.pathname);
    if (res.location) {
      url = new URL(res.location, url);
      continue;
    }
    if (res.status === 200 && /^\/user\/[^/]+\/lab/.test(url.pathname)) return seconds(t0);
    if (res.status === 200 && url.pathname.startsWith('/hub/spawn-pending/')) {
      await sleep(50);
      continue;
    }
    throw new Error(`arrival stopped at ${url} with ${res.status}`);
  }
  throw new Error('arrival did not reach JupyterLab');
}

/** Waits (bounded) until the pool holds `size` users with ready servers. */
async function poolFilled(hub, size) {
  for (let i = 0; i < 1200; i++) {
    const users = await api(hub, 'GET', '/users', undefined, 200);
    const ready = users.filter((user) => user.servers?.['']?.ready).length;
    if (ready >= size) return;
    await sleep(100);
  }
  throw new Error(`the pool never reached ${size} ready servers`);
}

async function main() {
  const o = options(process.argv.slice(2));
  if (o.help) return console.log(usage);
  docker('image', 'inspect', o.image);
  const result = {};
  const baselineRun = `bench-direct-${crypto.randomBytes(4).toString('hex')}`;
  try {
    const direct = [];
    for (let i = 0; i < o.single; i++) {
      direct.push(await directRun(o.image, baselineRun, 1));
      removeContainers(baselineRun);
    }
    result.directOne = median(direct);
    result.directConcurrent = await directRun(o.image, baselineRun, o.concurrent);
    console.log(
      `docker run, no hub: one ${result.directOne.toFixed(2)} s, ${o.concurrent} at once ${result.directConcurrent.toFixed(2)} s`,
    );
  } finally {
    removeContainers(baselineRun);
  }

  await withHub(o.image, {}, async (hub) => {
    const users = Array.from({ length: o.concurrent }, (_, i) => `many-${i}`);
    const singles = Array.from({ length: o.single }, (_, i) => `one-${i}`);
    await seedUsers(hub, [...singles, ...users]);
    const single = [];
    for (let i = 0; i < o.single; i++) {
      single.push(await spawnReady(hub, `one-${i}`));
      await stopAll(hub, [`one-${i}`]);
    }
    result.one = median(single);
    console.log(
      `one container: median ${result.one.toFixed(2)} s of ${single.map((s) => s.toFixed(2))}`,
    );
    const t0 = process.hrtime.bigint();
    await Promise.all(users.map((user) => spawnReady(hub, user)));
    result.concurrent = seconds(t0);
    console.log(`${o.concurrent} at once: ${result.concurrent.toFixed(2)} s`);
    await stopAll(hub, users);
  });

  const tmp = { JupyterHub: { authenticator_class: 'tmp' } };
  await withHub(o.image, tmp, async (hub) => {
    const times = [];
    for (let i = 0; i < o.arrivals; i++) times.push(await arrive(hub));
    result.coldArrival = median(times);
    console.log(
      `arrival, no pool: median ${result.coldArrival.toFixed(2)} s of ${times.map((s) => s.toFixed(2))}`,
    );
  });
  await withHub(o.image, { ...tmp, Pool: { size: o.arrivals } }, async (hub) => {
    await poolFilled(hub, o.arrivals);
    const times = [];
    for (let i = 0; i < o.arrivals; i++) times.push(await arrive(hub));
    result.warmArrival = median(times);
    console.log(
      `arrival, warm pool: median ${result.warmArrival.toFixed(2)} s of ${times.map((s) => s.toFixed(2))}`,
    );
  });

  const ratio = result.concurrent / result.one;
  const directRatio = result.directConcurrent / result.directOne;
  const rows = [
    ['row', 'Orrery s', 'baseline: docker run, no hub, s', 'target', 'met'],
    ['---', '---', '---', '---', '---'],
    [
      `one container, request to ready (median of ${o.single})`,
      result.one.toFixed(2),
      result.directOne.toFixed(2),
      '',
      '',
    ],
    [
      `${o.concurrent} containers at once, until all ready`,
      `${result.concurrent.toFixed(2)} (${ratio.toFixed(2)}x one)`,
      `${result.directConcurrent.toFixed(2)} (${directRatio.toFixed(2)}x one)`,
      '< 3x one',
      ratio < 3 ? 'yes' : 'NO',
    ],
    [
      `anonymous arrival to JupyterLab, no pool (median of ${o.arrivals})`,
      result.coldArrival.toFixed(2),
      '',
      '',
      '',
    ],
    [
      `anonymous arrival to JupyterLab, warm pool (median of ${o.arrivals})`,
      result.warmArrival.toFixed(2),
      '',
      '< 1 s',
      result.warmArrival < 1 ? 'yes' : 'NO',
    ],
  ];
  console.log('');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ ...result, ratio, directRatio }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
