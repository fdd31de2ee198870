import * as fs from 'node:fs';
import * as path from 'node:path';
import { satisfies } from 'semver';

/**
 * The README promises Node 20: every package the lock installs (dev dependencies and the
 * packages bundled under others included) must accept the Node running the suite, so `npm ci`
 * prints no EBADENGINE warning. configurable-http-proxy 5.3 asks for commander 15 (Node >= 22.12);
 * package.json overrides it with commander 14, which CHP runs with (the proxy contracts run CHP).
 */
const ROOT = path.resolve(__dirname, '../..');

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

it('installs no package that refuses this Node', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const refusing = Object.entries(lock.packages)
    .filter(([where]) => where !== '')
    .flatMap(([where, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range && !satisfies(process.versions.node, range, { includePrerelease: true })
        ? [`${where}@${entry.version} wants node ${range}`]
        : [];
    });
  expect(refusing).toEqual([]);
});
