import { readFileSync } from 'node:fs';
import * as path from 'node:path';

function findPackageVersion(): string {
  // Compiled files live one level deeper (dist/), so look upwards for package.json.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'orrery' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: keep climbing
    }
  }
  return '0.0.0';
}

/** Orrery's own version (package.json); the JupyterHub version it reports is configured. */
export const ORRERY_VERSION = findPackageVersion();
