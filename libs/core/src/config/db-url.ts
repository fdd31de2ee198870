/**
 * `JupyterHub.db_url` in JupyterHub's SQLAlchemy form, read into what TypeORM needs.
 * `sqlite:///jupyterhub.sqlite` is relative to the working directory, `sqlite:////var/x.sqlite`
 * is absolute (SQLAlchemy's rule), `sqlite://` and `sqlite:///:memory:` are in memory.
 */
export type DbTarget =
  | { readonly type: 'sqlite'; readonly path: string }
  | {
      readonly type: 'postgres';
      readonly host: string;
      readonly port: number;
      readonly username?: string;
      readonly password?: string;
      readonly database: string;
    };

const UNSUPPORTED = 'expected sqlite:///PATH or postgresql://user:password@host:port/database';

/** The database a db_url names, or a string saying what is wrong with it. */
export function parseDbUrl(url: string): DbTarget | string {
  if (url === 'sqlite://') return { type: 'sqlite', path: ':memory:' };
  if (url.startsWith('sqlite:///')) {
    const path = url.slice('sqlite:///'.length);
    return path ? { type: 'sqlite', path } : UNSUPPORTED;
  }
  // `+driver` (e.g. postgresql+psycopg2) is SQLAlchemy's; Orrery always uses node-postgres.
  const scheme = /^(postgres|postgresql)(\+\w+)?:\/\//.exec(url);
  if (!scheme) return UNSUPPORTED;
  let parsed: URL;
  try {
    parsed = new URL(`postgresql://${url.slice(scheme[0].length)}`);
  } catch {
    // URL throws on text it cannot read, which is all this check needs to know.
    return UNSUPPORTED;
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname || !database) return `${UNSUPPORTED} (host and database are required)`;
  return {
    type: 'postgres',
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : 5432,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
  };
}

export function checkDbUrl(url: string): string | null {
  const target = parseDbUrl(url);
  return typeof target === 'string' ? target : null;
}
