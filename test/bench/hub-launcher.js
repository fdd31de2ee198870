// Starts Orrery or the real JupyterHub on free loopback ports in a temp dir, from one config
// object keyed by JupyterHub traitlet names, and kills the whole process group on stop (also
// when this process exits). Shared by the API benchmark and the schemathesis runner (test/schema).
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const YAML = require('yaml');

const repo = path.resolve(__dirname, '../..');
const jupyterhubBin = path.join(repo, '.venv/jupyterhub/bin/jupyterhub');
const orreryBin = path.join(repo, 'bin/orrery.js');
const orreryBuilt = path.join(repo, 'dist/apps/hub/src/main.js');
const nodeBin = path.join(repo, 'node_modules/.bin');

const running = new Set();
process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});
// The hubs run in their own process groups, so a Ctrl-C does not reach them: exit through the
// 'exit' handler above instead of dying on the signal.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function newToken() {
  return crypto.randomBytes(16).toString('hex');
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    // ESRCH: the group is already gone, which is what we wanted.
    if (err.code !== 'ESRCH') throw err;
  }
}

// What each kind needs beyond the shared config: the files it reads and the command that runs it.
const kinds = {
  orrery: {
    check() {
      if (!fs.existsSync(orreryBuilt)) throw new Error('Orrery is not built: run `npm run build`');
    },
    prepare(dir, config) {
      const file = path.join(dir, 'orrery.yaml');
      const inDir = {
        ...config,
        // the hub's state and the homes in dir, never in /var/lib or the home of whoever runs this;
        // servers as the hub's own user, as JupyterHub's are here
        JupyterHub: { data_dir: dir, ...config.JupyterHub },
        LocalProcessSpawner: {
          home_dir_template: path.join(dir, 'users', '{username}'),
          run_as_hub_user: true,
          ...config.LocalProcessSpawner,
        },
      };
      fs.writeFileSync(file, YAML.stringify(inDir));
      return [orreryBin, ['start', '--config', file]];
    },
  },
  jupyterhub: {
    check() {
      if (!fs.existsSync(jupyterhubBin)) {
        throw new Error('JupyterHub is not installed: run `bash scripts/python-peers.sh`');
      }
      if (!fs.existsSync(path.join(nodeBin, 'configurable-http-proxy'))) {
        throw new Error('configurable-http-proxy is missing from node_modules: run `npm ci`');
      }
    },
    async prepare(dir, config) {
      const jsonFile = path.join(dir, 'hub-config.json');
      const jhConfig = {
        ...config,
        // The default PAM authenticator refuses API-created users that are not system users;
        // the null authenticator is the plain base class (no login form, same API handlers).
        JupyterHub: { ...config.JupyterHub, authenticator_class: 'null' },
        ConfigurableHTTPProxy: { api_url: `http://127.0.0.1:${await freePort()}` },
      };
      fs.writeFileSync(jsonFile, JSON.stringify(jhConfig, null, 2));
      const pyFile = path.join(dir, 'jupyterhub_config.py');
      fs.writeFileSync(
        pyFile,
        [
          'import json',
          `for section, values in json.load(open(${JSON.stringify(jsonFile)})).items():`,
          '    for key, value in values.items():',
          '        setattr(getattr(c, section), key, value)',
          '',
        ].join('\n'),
      );
      return [jupyterhubBin, ['-f', pyFile]];
    },
  },
};

/**
 * Starts a hub and waits until its API answers.
 * @param {'orrery'|'jupyterhub'} kind
 * @param {{dir: string, extraConfig?: object}} options dir: an empty temp dir the hub may fill
 * @returns {Promise<{kind, publicUrl, apiUrl, token, logFile, stop: () => Promise<void>}>}
 */
async function launchHub(kind, { dir, extraConfig = {} }) {
  const spec = kinds[kind];
  if (!spec) throw new Error(`unknown hub kind '${kind}' (known: ${Object.keys(kinds)})`);
  spec.check();
  const [publicPort, hubPort] = [await freePort(), await freePort()];
  const token = newToken();
  const config = {
    ...extraConfig,
    JupyterHub: {
      bind_url: `http://127.0.0.1:${publicPort}`,
      hub_bind_url: `http://127.0.0.1:${hubPort}`,
      // Relative to the hub's working directory (dir), as in JupyterHub's own default.
      db_url: `sqlite:///${kind}.sqlite`,
      services: [{ name: 'bench', api_token: token, admin: true }],
      ...extraConfig.JupyterHub,
    },
  };
  const [command, args] = await spec.prepare(dir, config);
  const logFile = path.join(dir, `${kind}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, PATH: `${nodeBin}:${process.env.PATH}` },
  });
  fs.closeSync(log);
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const hub = {
    kind,
    publicUrl: `http://127.0.0.1:${publicPort}`,
    apiUrl: `http://127.0.0.1:${hubPort}/hub/api`,
    token,
    logFile,
    async stop() {
      if (!running.delete(child)) return;
      killGroup(child, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      // The hub's own children (JupyterHub's proxy) share its group; take them down too.
      killGroup(child, 'SIGKILL');
      if (!gone) await exited;
    },
  };
  try {
    await waitReady(hub, exited);
  } catch (err) {
    await hub.stop();
    throw new Error(
      `${kind} did not start: ${err.message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`,
    );
  }
  return hub;
}

async function waitReady(hub, exited, timeoutMs = 60000) {
  let exitCode;
  exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`exited with ${exitCode}`);
    try {
      const res = await globalThis.fetch(`${hub.apiUrl}/`);
      if (res.ok) return;
    } catch (err) {
      // ECONNREFUSED until the hub listens: keep polling.
      if (err.cause?.code !== 'ECONNREFUSED') throw err;
    }
    await sleep(200);
  }
  throw new Error(`no answer from ${hub.apiUrl}/ within ${timeoutMs / 1000} s`);
}

function tail(file, lines = 30) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text.split('\n').slice(-lines).join('\n');
}

/** One API call with the hub's admin service token; throws unless the status is `expect`. */
async function api(hub, method, route, body, expect) {
  const res = await globalThis.fetch(`${hub.apiUrl}${route}`, {
    method,
    headers: { Authorization: `token ${hub.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (expect !== undefined && res.status !== expect) {
    throw new Error(
      `${method} ${route} -> ${res.status} (expected ${expect}): ${text.slice(0, 300)}`,
    );
  }
  return text ? JSON.parse(text) : null;
}

/** Creates users through `POST /users` in batches (the same call on both hubs). */
async function seedUsers(hub, names, batchSize = 1000) {
  for (let i = 0; i < names.length; i += batchSize) {
    await api(hub, 'POST', '/users', { usernames: names.slice(i, i + batchSize) }, 201);
  }
}

/** A new API token of `user`, requested by the admin service. */
async function userToken(hub, user) {
  const model = await api(hub, 'POST', `/users/${user}/tokens`, {}, 201);
  return model.token;
}

/** True when a command is on PATH (for the peers that are not ours, like wrk). */
function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

module.exports = { launchHub, api, seedUsers, userToken, onPath, freePort, repo };
