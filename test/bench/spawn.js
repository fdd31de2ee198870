// `npm run bench -- spawn`: server start and stop through Orrery and through the real JupyterHub
// (its SimpleLocalProcessSpawner), same machine, same run, same trivial server command
// (test/fixtures/single-user-server.js in its `ok` mode). Rows: one spawn at a time (median of --single runs), --concurrent
// spawns at once (until all are ready, then until all are stopped), and a real
// jupyterhub-singleuser spawned through each hub against that process's own start-up time.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { parseArgs } = require('node:util');
const { launchHub, api, seedUsers, userToken, freePort, repo } = require('./hub-launcher');

const tinyServer = [process.execPath, path.join(repo, 'test/fixtures/single-user-server.js')];
const singleuser = path.join(repo, '.venv/singleuser/bin/jupyterhub-singleuser');

const usage = `usage: npm run bench -- spawn [options]
  --hubs LIST         comma-separated, of orrery,jupyterhub (default both)
  --single N          sequential spawns of the one-at-a-time row (default 20)
  --concurrent N      spawns at once (default 200)
  --singleuser N      runs of the jupyterhub-singleuser row (default 5; 0 skips it)
  --json FILE         also write the results as JSON`;

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      hubs: { type: 'string', default: 'orrery,jupyterhub' },
      single: { type: 'string', default: '20' },
      concurrent: { type: 'string', default: '200' },
      singleuser: { type: 'string', default: '5' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return {
    ...values,
    hubs: values.hubs.split(',').filter(Boolean),
    single: Number(values.single),
    concurrent: Number(values.concurrent),
    singleuser: Number(values.singleuser),
  };
}

function hubConfig(kind, cmd, args = []) {
  return {
    JupyterHub: {
      // both run the command as the hub's own user, in a directory of its own
      spawner_class: kind === 'jupyterhub' ? 'simple' : 'local',
      concurrent_spawn_limit: 0,
      active_server_limit: 0,
      // JupyterHub's last_activity_interval would otherwise add proxy traffic mid-run
      last_activity_interval: 3600,
    },
    Spawner: { cmd, args, start_timeout: 120, http_timeout: 120, poll_interval: 3600 },
  };
}

function tempDir(kind) {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return fs.mkdtempSync(path.join(base, `orrery-bench-spawn-${kind}-`));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Waits until `user`'s default server is ready (wanted = true) or gone (wanted = false). */
async function waitServer(hub, user, wanted) {
  for (;;) {
    const model = await api(hub, 'GET', `/users/${user}`, undefined, 200);
    const server = model.servers?.[''];
    if (wanted ? server?.ready : !server) return;
    await sleep(20);
  }
}

/** POST returns 201 once the server is ready (202: still starting); seconds until ready. */
async function startOne(hub, user) {
  const t0 = process.hrtime.bigint();
  const res = await globalThis.fetch(`${hub.apiUrl}/users/${user}/server`, {
    method: 'POST',
    headers: { Authorization: `token ${hub.token}` },
  });
  await res.arrayBuffer();
  if (res.status === 202) await waitServer(hub, user, true);
  else if (res.status !== 201) throw new Error(`start ${user} -> ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function stopOne(hub, user) {
  const t0 = process.hrtime.bigint();
  const res = await globalThis.fetch(`${hub.apiUrl}/users/${user}/server`, {
    method: 'DELETE',
    headers: { Authorization: `token ${hub.token}` },
  });
  await res.arrayBuffer();
  if (res.status === 202) await waitServer(hub, user, false);
  else if (res.status !== 204) throw new Error(`stop ${user} -> ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function withHub(kind, config, run) {
  const dir = tempDir(kind);
  let hub;
  try {
    hub = await launchHub(kind, { dir, extraConfig: config });
    hub.version = (await api(hub, 'GET', '/', undefined, 200)).version;
    return await run(hub);
  } finally {
    if (hub) await hub.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function tinyRows(kind, opts) {
  return withHub(kind, hubConfig(kind, tinyServer, ['ok']), async (hub) => {
    const names = (n, tag) => Array.from({ length: n }, (_, i) => `${tag}-${i}`);
    const singles = names(opts.single, 'single');
    const many = names(opts.concurrent, 'many');
    await seedUsers(hub, [...singles, ...many]);
    const startTimes = [];
    const stopTimes = [];
    for (const user of singles) {
      startTimes.push(await startOne(hub, user));
      stopTimes.push(await stopOne(hub, user));
    }
    const t0 = process.hrtime.bigint();
    await Promise.all(many.map((user) => startOne(hub, user)));
    const allReady = Number(process.hrtime.bigint() - t0) / 1e9;
    const t1 = process.hrtime.bigint();
    await Promise.all(many.map((user) => stopOne(hub, user)));
    const allStopped = Number(process.hrtime.bigint() - t1) / 1e9;
    const result = {
      version: hub.version,
      singleStart: median(startTimes),
      singleStop: median(stopTimes),
      allReady,
      allStopped,
    };
    console.error(`bench spawn: ${kind} ${JSON.stringify(result)}`);
    return result;
  });
}

/**
 * jupyterhub-singleuser started by hand with a hub's environment, polled like the hub polls
 * (`GET <url>api`, any status below 500): the process's own start-up time, the baseline.
 */
async function ownStartup(hub, user, token) {
  const port = await freePort();
  const prefix = `/user/${user}/`;
  const env = {
    PATH: process.env.PATH,
    HOME: os.tmpdir(),
    JUPYTERHUB_API_TOKEN: token,
    JUPYTERHUB_API_URL: hub.apiUrl,
    JUPYTERHUB_BASE_URL: '/',
    JUPYTERHUB_CLIENT_ID: `jupyterhub-user-${user}`,
    JUPYTERHUB_OAUTH_CALLBACK_URL: `${prefix}oauth_callback`,
    JUPYTERHUB_SERVICE_PREFIX: prefix,
    JUPYTERHUB_SERVICE_URL: `http://127.0.0.1:${port}${prefix}`,
    JUPYTERHUB_USER: user,
    JUPYTERHUB_SERVER_NAME: '',
  };
  const t0 = process.hrtime.bigint();
  const child = spawn(singleuser, ['--allow-root'], { env, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      const status = await globalThis
        .fetch(`http://127.0.0.1:${port}${prefix}api`, { redirect: 'manual' })
        .then((res) => res.arrayBuffer().then(() => res.status))
        .catch(() => 600);
      if (status < 500) return Number(process.hrtime.bigint() - t0) / 1e9;
      if (child.exitCode !== null) throw new Error(`singleuser exited with ${child.exitCode}`);
      await sleep(10);
    }
  } finally {
    process.kill(-child.pid, 'SIGKILL');
  }
}

async function singleuserRow(kind, opts) {
  return withHub(kind, hubConfig(kind, [singleuser], ['--allow-root']), async (hub) => {
    const users = Array.from({ length: opts.singleuser }, (_, i) => `su-${i}`);
    await seedUsers(hub, [...users, 'by-hand']);
    const token = await userToken(hub, 'by-hand');
    const own = [];
    const through = [];
    for (const user of users) {
      own.push(await ownStartup(hub, 'by-hand', token));
      through.push(await startOne(hub, user));
      await stopOne(hub, user);
    }
    const result = { own: median(own), through: median(through) };
    console.error(`bench spawn: ${kind} singleuser ${JSON.stringify(result)}`);
    return result;
  });
}

function table(opts, measured) {
  const o = measured.orrery ?? {};
  const j = measured.jupyterhub ?? {};
  const s = (v) => (v === undefined ? '-' : v.toFixed(3));
  const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${(b / a).toFixed(1)}x`);
  const rows = [
    ['one spawn, median s', o.singleStart, j.singleStart],
    ['one stop, median s', o.singleStop, j.singleStop],
    [`${opts.concurrent} spawns at once, s until all ready`, o.allReady, j.allReady],
    [`${opts.concurrent} stops at once, s until all stopped`, o.allStopped, j.allStopped],
    ['jupyterhub-singleuser through the hub, median s', o.su?.through, j.su?.through],
    ['jupyterhub-singleuser started by hand, median s', o.su?.own, j.su?.own],
  ];
  const lines = rows.map(([name, a, b]) => [name, s(a), s(b), ratio(a, b)]);
  const overhead = (su) => (su ? `${(((su.through - su.own) / su.own) * 100).toFixed(1)}%` : '-');
  const header = ['row', 'Orrery', 'JupyterHub', 'JupyterHub/Orrery'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    `Spawn benchmark: Orrery ${o.version ?? '-'}, JupyterHub ${j.version ?? '-'}; ` +
      `trivial server: test/fixtures/single-user-server.js`,
    fmt(header),
    fmt(widths.map((w) => '-'.repeat(w))),
    ...lines.map(fmt),
    `singleuser start-up overhead of the hub: Orrery ${overhead(o.su)}, JupyterHub ${overhead(j.su)}`,
  ].join('\n');
}

async function main(argv) {
  const opts = options(argv);
  if (opts.help) {
    console.log(usage);
    return 0;
  }
  const measured = {};
  for (const kind of opts.hubs) {
    measured[kind] = await tinyRows(kind, opts);
    if (opts.singleuser > 0) measured[kind].su = await singleuserRow(kind, opts);
  }
  console.log(table(opts, measured));
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ opts, measured }, null, 2));
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`bench spawn: ${err.stack ?? err}`);
      process.exit(1);
    },
  );
}
