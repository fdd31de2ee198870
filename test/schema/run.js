// The real schemathesis against a running hub: JupyterHub's OpenAPI file, the admin service
// token, a few groups from config and a few users seeded through the API, the fixture server as
// every user's server. Exits with st's status.
// Options: --hub orrery|jupyterhub (default orrery), --max-examples N, --seed N; anything after
// `--` goes to `st run` as it is.
const { spawn } = require('node:child_process');
const readline = require('node:readline');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { launchHub, api, seedUsers } = require('../bench/hub-launcher');

const repo = path.resolve(__dirname, '../..');
const spec = path.resolve(repo, '../shared/reference/jupyterhub-rest-api.yml');
const st = path.join(repo, '.venv/tools/bin/st');
const configFile = path.join(__dirname, 'schemathesis.toml');
const hooksFile = path.join(__dirname, 'jupyterhub_behaviour.py');

const CHECKS = [
  'not_a_server_error',
  'response_schema_conformance',
  'status_code_conformance',
  'content_type_conformance',
  'positive_data_acceptance',
  'use_after_free',
  'ensure_resource_availability',
  'ignored_auth',
];

// Groups from config and users from the API, so list, get and membership calls have data.
const LOAD_GROUPS = {
  students: { users: ['ada', 'grace'], properties: { course: 'intro' } },
  staff: { users: ['linus'] },
  empty: { users: [] },
};
const SEEDED_USERS = ['ken', 'barbara', 'dennis'];

const FIXTURE_SERVER = path.resolve(repo, 'test/fixtures/single-user-server.js');

/**
 * Servers are the fixture server (it answers `<prefix>api` at once), homes in the run's temp
 * dir, short timeouts; named servers on, a few per user, so every server operation has work.
 * The last argument (ignored by the fixture) marks the run's servers, to find them at the end.
 */
function serverConfig(dir) {
  return {
    JupyterHub: { allow_named_servers: true, named_server_limit_per_user: 3 },
    Spawner: {
      cmd: [process.execPath, FIXTURE_SERVER],
      args: ['ok', serverMark(dir)],
      start_timeout: 5,
      http_timeout: 5,
    },
    LocalProcessSpawner: {
      home_dir_template: path.join(dir, 'users', '{username}'),
      interrupt_timeout: 1,
      term_timeout: 1,
      kill_timeout: 1,
    },
  };
}

/**
 * `config` plus the server settings. The real JupyterHub gets them through its
 * SimpleLocalProcessSpawner (same keys, no switch to system users, which would need a system
 * user for every user the run creates).
 */
function withServers(kind, dir, config) {
  const servers = serverConfig(dir);
  const merged = { ...servers, JupyterHub: { ...servers.JupyterHub, ...config.JupyterHub } };
  if (kind !== 'jupyterhub') return merged;
  const { LocalProcessSpawner, ...rest } = merged;
  return {
    ...rest,
    JupyterHub: { ...rest.JupyterHub, spawner_class: 'simple' },
    SimpleLocalProcessSpawner: LocalProcessSpawner,
  };
}

function serverMark(dir) {
  return `--orrery-schema-run=${dir}`;
}

/**
 * Servers outlive their hub (restart recovery), each in its own process group: kill the
 * groups of every process carrying this run's mark, even when the hub has crashed.
 */
function killServers(dir) {
  const mark = serverMark(dir);
  let killed = 0;
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let argv;
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // it exited while we looked, which is what we want
    }
    if (!argv.includes(mark)) continue;
    try {
      process.kill(-Number(pid), 'SIGKILL');
      killed += 1;
    } catch (err) {
      if (err.code !== 'ESRCH') throw err;
    }
  }
  return killed;
}

function options(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hub: { type: 'string', default: 'orrery' },
      'max-examples': { type: 'string', default: process.env.ORRERY_SCHEMA_MAX_EXAMPLES ?? '50' },
      seed: { type: 'string', default: process.env.ORRERY_SCHEMA_SEED ?? '20261123' },
    },
  });
  return { ...values, stArgs: positionals };
}

// schemathesis closes with a pytest-style banner ("=== 2 warnings in 35.67s ===") that CI
// would read as a pytest run with no tests; it is reprinted without the banner's frame.
const PYTEST_LIKE_BANNER = /^=+ (.* in [\d.]+s) =+$/;

function runSt(args, cwd, hub) {
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        SCHEMATHESIS_HOOKS: hooksFile,
        ORRERY_SCHEMA_API_URL: hub.apiUrl,
        ORRERY_SCHEMA_TOKEN: hub.token,
      },
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const banner = PYTEST_LIKE_BANNER.exec(line.trim());
      process.stdout.write(`${banner ? `schemathesis summary: ${banner[1]}` : line}\n`);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(argv) {
  const opts = options(argv);
  for (const [file, hint] of [
    [spec, 'the shared reference folder must sit beside the repository'],
    [st, 'run `bash scripts/python-peers.sh`'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`missing ${file}: ${hint}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `orrery-schema-${opts.hub}-`));
  let hub;
  let code = 1;
  try {
    hub = await launchHub(opts.hub, {
      dir,
      extraConfig: withServers(opts.hub, dir, { JupyterHub: { load_groups: LOAD_GROUPS } }),
    });
    await seedUsers(hub, SEEDED_USERS);
    await api(hub, 'POST', `/users/${SEEDED_USERS[0]}/tokens`, { note: 'schema run' }, 201);
    console.log(`schema: ${opts.hub} at ${hub.apiUrl}, log ${hub.logFile}`);
    const args = [
      '--config-file',
      configFile,
      'run',
      spec,
      '--url',
      hub.apiUrl,
      '--header',
      `Authorization: token ${hub.token}`,
      '--checks',
      CHECKS.join(','),
      '--max-examples',
      opts['max-examples'],
      '--seed',
      opts.seed,
      '--generation-database',
      'none',
      '--no-color',
      ...opts.stArgs,
    ];
    code = await runSt(args, dir, hub);
    return code;
  } finally {
    if (hub) await hub.stop();
    const left = killServers(dir);
    if (left) console.log(`schema: killed ${left} server process group(s) left running`);
    // A failed run keeps its temp dir (hub log, config) for reading.
    if (code === 0) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`schema: failed; hub log and config kept in ${dir}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`schema: ${err.stack ?? err}`);
    process.exit(1);
  },
);
