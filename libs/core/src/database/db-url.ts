import * as path from 'node:path';

export type DbTarget = { type: 'sqlite'; file: string } | { type: 'postgres'; url: string };

/**
 * Read JupyterHub's `db_url` forms: `sqlite:///relative.sqlite`, `sqlite:////abs/path.sqlite`,
 * `sqlite:///:memory:`, and `postgresql://` / `postgres://` URLs (also `postgresql+psycopg2://`).
 * Relative SQLite paths are resolved against `baseDir` (the config file's folder, like JupyterHub's cwd).
 */
export function parseDbUrl(dbUrl: string, baseDir = process.cwd()): DbTarget {
  const sqlite = /^sqlite:\/\/\/(.+)$/.exec(dbUrl);
  if (sqlite) {
    const file = sqlite[1];
    if (file === ':memory:') return { type: 'sqlite', file };
    return { type: 'sqlite', file: path.resolve(baseDir, file) };
  }
  const pg = /^postgres(?:ql)?(?:\+\w+)?:\/\/(.*)$/.exec(dbUrl);
  if (pg) return { type: 'postgres', url: `postgresql://${pg[1]}` };
  throw new Error(
    `Unsupported db_url ${JSON.stringify(dbUrl)}: use sqlite:///<file> or postgresql://...`,
  );
}
