import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The hub image installs `dependencies` only (`npm ci --omit=dev`): every package the built
 * code imports must be one of them. `ws` was a dev dependency while the remote tunnel's
 * gateway imported it, and the image's hub died at start with "Cannot find module 'ws'".
 */
const ROOT = path.resolve(__dirname, '../..');
const SOURCES = ['apps', 'libs', 'migrations'];
const IMPORT = /^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gms;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(file);
    return /\.ts$/.test(entry.name) && !/\.spec\.ts$|spec-helper\.ts$/.test(entry.name)
      ? [file]
      : [];
  });
}

function packageOf(specifier: string): string | null {
  if (
    specifier.startsWith('.') ||
    specifier.startsWith('@orrery/') ||
    specifier.startsWith('node:')
  )
    return null;
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0];
  return builtinModules.includes(name) ? null : name;
}

it('imports in the built code only packages of dependencies', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const missing = SOURCES.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((match) => packageOf(match[1]))
      .filter((name): name is string => name !== null && !(name in manifest.dependencies))
      .map((name) => `${path.relative(ROOT, file)} imports ${name}`),
  );
  expect(missing).toEqual([]);
});
