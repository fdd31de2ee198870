// `npm run bench -- <name> [options]`: runs test/bench/<name>.js in its own process.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const benches = {
  api: 'REST API of Orrery against the real JupyterHub (api.js)',
  proxy: 'proxying of Orrery against configurable-http-proxy (proxy.js)',
  spawn: 'server start and stop (spawn.js)',
  docker: 'container servers and the warm pool on the real engine (docker.js)',
};

const [name, ...args] = process.argv.slice(2);
if (!name || !(name in benches)) {
  console.error('usage: npm run bench -- <name> [options]   (--help after the name lists them)');
  for (const [key, what] of Object.entries(benches)) console.error(`  ${key.padEnd(6)} ${what}`);
  process.exit(2);
}
const file = path.join(__dirname, `${name}.js`);
if (!fs.existsSync(file)) {
  console.error(`bench '${name}' is not yet available (no test/bench/${name}.js)`);
  process.exit(2);
}
const { status, signal } = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
process.exit(status ?? (signal ? 1 : 0));
