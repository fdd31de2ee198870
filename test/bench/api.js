// `npm run bench -- api`: the hub REST API of Orrery against the real JupyterHub.
// Each hub in turn: start on SQLite in a temp dir, seed users via the REST API, run every row
// with wrk (same threads, connections and duration), stop. Then one table with the ratios.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { URL } = require('node:url');
const { parseArgs, promisify } = require('node:util');
const { launchHub, api, seedUsers, userToken, onPath } = require('./hub-launcher');

const USER_PREFIX = 'bench-';
const wrkDir = path.join(__dirname, 'wrk');

// The rows of the table; `args` builds the wrk script arguments from the seeded hub.
const rows = [
  {
    name: 'GET /users/{name} (service token)',
    script: 'get-user.lua',
    args: (s) => [s.hub.token, USER_PREFIX, String(s.users)],
  },
  {
    name: 'GET /user (user token)',
    script: 'get-self.lua',
    args: (s) => [s.userToken],
  },
  {
    name: 'GET /users?limit=50 (paginated)',
    script: 'list-users.lua',
    args: (s) => [s.hub.token],
  },
  {
    name: 'POST /users/{name}/activity',
    script: 'activity.lua',
    args: (s) => [s.hub.token, USER_PREFIX, String(s.users)],
  },
];

const usage = `usage: npm run bench -- api [options]
  --hubs LIST         comma-separated, of orrery,jupyterhub (default both)
  --users N           users seeded in each hub (default 10000)
  --duration S        seconds of load per row (default 10)
  --warmup S          seconds of unmeasured load before each row (default 2)
  --threads N         wrk threads (default 2)
  --connections N     wrk connections (default 50)
  --json FILE         also write the results as JSON`;

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      hubs: { type: 'string', default: 'orrery,jupyterhub' },
      users: { type: 'string', default: '10000' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      threads: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  return {
    ...values,
    hubs: values.hubs.split(',').filter(Boolean),
    users: Number(values.users),
    duration: Number(values.duration),
    warmup: Number(values.warmup),
    threads: Number(values.threads),
    connections: Number(values.connections),
  };
}

// A tmpfs dir when there is one: SQLite's fsyncs on a shared disk would otherwise dominate
// both the seeding and the write row, and vary from run to run; both hubs get the same.
function tempDir(kind) {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return fs.mkdtempSync(path.join(base, `orrery-bench-${kind}-`));
}

async function runWrk(opts, hubState, row, seconds) {
  const url = new URL(hubState.hub.apiUrl).origin;
  const args = [
    `-t${opts.threads}`,
    `-c${opts.connections}`,
    `-d${seconds}s`,
    '--timeout',
    '30s',
    '-s',
    path.join(wrkDir, row.script),
    url,
    '--',
    ...row.args(hubState),
  ];
  const { stdout } = await promisify(execFile)('wrk', args, { maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
  if (!line) throw new Error(`wrk printed no result for ${row.name}:\n${stdout}`);
  const r = JSON.parse(line.slice('WRK_RESULT '.length));
  const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
  return {
    rps: r.requests / (r.duration_us / 1e6),
    p50: r.p50_us / 1000,
    p99: r.p99_us / 1000,
    requests: r.requests,
    errors,
  };
}

// Starts one hub, seeds it, measures every row, and always stops it.
async function benchHub(kind, opts) {
  const dir = tempDir(kind);
  let hub;
  try {
    const t0 = Date.now();
    hub = await launchHub(kind, { dir });
    const startSeconds = (Date.now() - t0) / 1000;
    const names = Array.from(
      { length: opts.users },
      (_, i) => `${USER_PREFIX}${String(i).padStart(5, '0')}`,
    );
    const t1 = Date.now();
    await seedUsers(hub, names);
    const seedSeconds = (Date.now() - t1) / 1000;
    const state = { hub, users: opts.users, userToken: await userToken(hub, names[0]) };
    const version = (await api(hub, 'GET', '/', undefined, 200)).version;
    console.error(
      `bench api: ${kind} ${version} up in ${startSeconds.toFixed(1)} s, ` +
        `${opts.users} users seeded in ${seedSeconds.toFixed(1)} s`,
    );
    const results = {};
    for (const row of rows) {
      if (opts.warmup > 0) await runWrk(opts, state, row, opts.warmup);
      results[row.name] = await runWrk(opts, state, row, opts.duration);
      const r = results[row.name];
      console.error(
        `bench api: ${kind} ${row.name}: ${r.rps.toFixed(0)} req/s, ` +
          `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}`,
      );
    }
    return { version, startSeconds, seedSeconds, results };
  } finally {
    if (hub) await hub.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function cell(value, digits) {
  return value === undefined ? '-' : value.toFixed(digits);
}

function table(opts, measured) {
  const o = measured.orrery?.results ?? {};
  const j = measured.jupyterhub?.results ?? {};
  const header = [
    'row',
    'Orrery req/s',
    'p50 ms',
    'p99 ms',
    'JupyterHub req/s',
    'p50 ms',
    'p99 ms',
    'req/s ratio',
    '10x?',
    'O p99 < J p50?',
  ];
  const lines = rows.map(({ name }) => {
    const a = o[name];
    const b = j[name];
    const ratio = a && b ? a.rps / b.rps : undefined;
    const flag = (ok) => (a && b ? (ok ? 'yes' : 'NO') : '-');
    return [
      name,
      cell(a?.rps, 0),
      cell(a?.p50, 2),
      cell(a?.p99, 2),
      cell(b?.rps, 0),
      cell(b?.p50, 2),
      cell(b?.p99, 2),
      ratio === undefined ? '-' : `${ratio.toFixed(1)}x`,
      flag(ratio >= 10),
      flag(a && b && a.p99 < b.p50),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const versions = Object.entries(measured)
    .map(([kind, m]) => `${kind} ${m.version}`)
    .join(', ');
  return [
    `API benchmark: ${versions}; ${opts.users} users each, SQLite; wrk -t${opts.threads} ` +
      `-c${opts.connections} -d${opts.duration}s per row`,
    fmt(header),
    fmt(widths.map((w) => '-'.repeat(w))),
    ...lines.map(fmt),
  ].join('\n');
}

async function main(argv) {
  const opts = options(argv);
  if (opts.help) {
    console.log(usage);
    return 0;
  }
  if (!onPath('wrk')) throw new Error('wrk is not installed: run `bash scripts/system-deps.sh`');
  const measured = {};
  for (const kind of opts.hubs) measured[kind] = await benchHub(kind, opts);
  console.log(table(opts, measured));
  const errors = Object.entries(measured).flatMap(([kind, m]) =>
    Object.entries(m.results)
      .filter(([, r]) => r.errors > 0)
      .map(([row, r]) => `${kind} ${row}: ${r.errors} of ${r.requests} requests failed`),
  );
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ opts, measured }, null, 2));
  if (errors.length > 0) {
    console.error(`bench api: rows with failed requests (their figures are not valid):`);
    for (const e of errors) console.error(`  ${e}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`bench api: ${err.stack ?? err}`);
      process.exit(1);
    },
  );
}

module.exports = { main };
