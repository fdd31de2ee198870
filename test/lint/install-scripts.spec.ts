import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * npm 11 warns at `npm ci` about every install script nobody reviewed, and npm 12 will skip
 * them: each package of the lock that has one is named in package.json's `allowScripts`.
 * better-sqlite3's builds the database binding (needed); ssh2's and cpu-features' build an
 * optional crypto binding ssh2 runs without; protobufjs' only checks its own CLI's packages.
 */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

it('names every locked package with an install script in allowScripts', () => {
  const lock = read('package-lock.json') as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  const allowed = Object.keys(
    (read('package.json') as { allowScripts?: object }).allowScripts ?? {},
  );
  const unreviewed = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([where]) => where.split('node_modules/').pop() as string)
    .filter((name) => !allowed.includes(name));
  expect(unreviewed).toEqual([]);
});
