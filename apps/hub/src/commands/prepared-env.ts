import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** The checkout this file runs from (sources or dist/): the first folder up with Orrery's package.json. */
export function checkoutRoot(from = __dirname): string | null {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'orrery')
        return dir;
    } catch {
      // a package.json that is not JSON is not ours
    }
  }
  return null;
}

/**
 * Puts the checkout's prepared single-user environment (`.venv/singleuser`, made by `npm
 * start`) first on the PATH the servers inherit, so `orrery start --config FILE` runs the same
 * jupyterhub-singleuser as `npm start` rather than an older one elsewhere on the PATH (Debian's
 * 3.0 under root). Returns the folder it added, or null when there is none or it is first already.
 */
export function preparedEnvOnPath(
  env: NodeJS.ProcessEnv = process.env,
  root: string | null = checkoutRoot(),
): string | null {
  if (!root) return null;
  const bin = join(root, '.venv/singleuser/bin');
  if (!existsSync(join(bin, 'jupyterhub-singleuser'))) return null;
  const path = env.PATH ?? '';
  if (path.split(delimiter)[0] === bin) return null;
  env.PATH = path ? `${bin}${delimiter}${path}` : bin;
  return bin;
}
