import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The folder of libs/web's `templates` or `static`, found by walking up from this file: tsc
 * does not copy them to dist/, so from `dist/libs/web/src/render` the walk reaches the
 * repository's `libs/web/<name>`, and from the sources (ts-jest) it finds `libs/web/<name>`.
 */
export function findWebAssetDir(name: 'templates' | 'static', start = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, name), path.join(dir, 'libs', 'web', name)]) {
      if (fs.existsSync(path.join(candidate, '.web-assets'))) return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`libs/web/${name} not found above ${start}`);
    }
  }
}
