import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from './config-error';
import {
  defaultDataDir,
  defaultHomesRoot,
  homeDirTemplate,
  prepareDataDir,
  resolveHubPaths,
  strandedState,
} from './data-paths';
import { HubConfig } from './hub-config';

const ROOT = { uid: 0, env: { HOME: '/root', XDG_DATA_HOME: '/root/xdg' } };
const USER = { uid: 1000, env: { HOME: '/home/ada' } };
const XDG_USER = { uid: 1000, env: { HOME: '/home/ada', XDG_DATA_HOME: '/data/ada' } };

describe('default data dir and homes root', () => {
  it.each([
    ['root, whatever its environment', ROOT, '/var/lib/orrery', '/var/lib/orrery-users'],
    [
      'a user without XDG_DATA_HOME',
      USER,
      '/home/ada/.local/share/orrery',
      '/home/ada/.local/share/orrery-users',
    ],
    ['a user with XDG_DATA_HOME', XDG_USER, '/data/ada/orrery', '/data/ada/orrery-users'],
    [
      'a user with a relative XDG_DATA_HOME (ignored, as the XDG rule says)',
      { uid: 1000, env: { HOME: '/home/ada', XDG_DATA_HOME: 'rel' } },
      '/home/ada/.local/share/orrery',
      '/home/ada/.local/share/orrery-users',
    ],
  ])('for %s', (_who, identity, dataDir, homesRoot) => {
    expect(defaultDataDir(identity)).toBe(dataDir);
    expect(defaultHomesRoot(identity)).toBe(homesRoot);
    expect(homeDirTemplate(null, identity)).toBe(`${homesRoot}/{username}`);
  });

  it('asks for JupyterHub.data_dir when a user has neither HOME nor XDG_DATA_HOME', () => {
    expect(() => defaultDataDir({ uid: 1000, env: {} })).toThrow(/set JupyterHub.data_dir/);
  });

  it('keeps a configured home_dir_template', () => {
    expect(homeDirTemplate('/srv/homes/{username}', ROOT)).toBe('/srv/homes/{username}');
  });
});

describe('resolveHubPaths', () => {
  it('puts the database, cookie secret and homes outside the working directory by default', () => {
    const config = resolveHubPaths(new HubConfig(), USER);
    expect(config.JupyterHub.data_dir).toBe('/home/ada/.local/share/orrery');
    expect(config.JupyterHub.db_url).toBe(
      'sqlite:////home/ada/.local/share/orrery/jupyterhub.sqlite',
    );
    expect(config.JupyterHub.cookie_secret_file).toBe(
      '/home/ada/.local/share/orrery/jupyterhub_cookie_secret',
    );
    expect(config.LocalProcessSpawner.home_dir_template).toBe(
      '/home/ada/.local/share/orrery-users/{username}',
    );
  });

  it("resolves data_dir and home_dir_template against the config file's folder, the rest inside data_dir", () => {
    const config = new HubConfig();
    config.JupyterHub.data_dir = 'state';
    config.JupyterHub.db_url = 'sqlite:///db/hub.sqlite';
    config.JupyterHub.cookie_secret_file = 'secret';
    config.LocalProcessSpawner.home_dir_template = 'homes/{username}';
    resolveHubPaths(config, ROOT, '/etc/orrery/orrery.yaml');
    expect(config.JupyterHub.data_dir).toBe('/etc/orrery/state');
    expect(config.JupyterHub.db_url).toBe('sqlite:////etc/orrery/state/db/hub.sqlite');
    expect(config.JupyterHub.cookie_secret_file).toBe('/etc/orrery/state/secret');
    expect(config.LocalProcessSpawner.home_dir_template).toBe('/etc/orrery/homes/{username}');
  });

  it('leaves absolute paths, PostgreSQL URLs and in-memory SQLite alone', () => {
    const config = new HubConfig();
    config.JupyterHub.data_dir = '/srv/orrery';
    config.JupyterHub.db_url = 'postgresql://hub@db/hub';
    config.JupyterHub.cookie_secret_file = '/run/secrets/cookie';
    resolveHubPaths(config, USER, '/etc/orrery/orrery.yaml');
    expect(config.JupyterHub.db_url).toBe('postgresql://hub@db/hub');
    expect(config.JupyterHub.cookie_secret_file).toBe('/run/secrets/cookie');
    config.JupyterHub.db_url = 'sqlite://';
    expect(resolveHubPaths(config, USER).JupyterHub.db_url).toBe('sqlite://');
  });
});

describe('prepareDataDir', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-data-dir-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the data dir with mode 0700', () => {
    const data = path.join(dir, 'a', 'orrery');
    prepareDataDir(data);
    expect(fs.statSync(data).mode & 0o777).toBe(0o700);
  });

  it('refuses a data dir other users may enter', () => {
    fs.chmodSync(dir, 0o755);
    expect(() => prepareDataDir(dir)).toThrow(ConfigError);
    expect(() => prepareDataDir(dir)).toThrow(/other users can enter .*; chmod 700 it/);
  });
});

describe('strandedState', () => {
  const cwd = '/srv/hub';
  const unresolved = { db_url: 'sqlite:///jupyterhub.sqlite', cookie_secret_file: 'secret' };
  const resolved = {
    db_url: 'sqlite:////var/lib/orrery/jupyterhub.sqlite',
    cookie_secret_file: '/var/lib/orrery/secret',
  };

  it('names the files an older Orrery left in the working directory and where they go now', () => {
    const old = new Set(['/srv/hub/jupyterhub.sqlite', '/srv/hub/secret']);
    expect(strandedState(unresolved, resolved, cwd, (f) => old.has(f))).toEqual([
      { from: '/srv/hub/jupyterhub.sqlite', to: '/var/lib/orrery/jupyterhub.sqlite' },
      { from: '/srv/hub/secret', to: '/var/lib/orrery/secret' },
    ]);
  });

  it('says nothing once the files are in the data dir, or were never in the working directory', () => {
    const both = new Set(['/srv/hub/jupyterhub.sqlite', '/var/lib/orrery/jupyterhub.sqlite']);
    expect(strandedState(unresolved, resolved, cwd, (f) => both.has(f))).toEqual([]);
    expect(strandedState(unresolved, resolved, cwd, () => false)).toEqual([]);
    const pg = { ...unresolved, db_url: 'postgresql://hub@db/hub' };
    expect(strandedState(pg, { ...resolved, db_url: pg.db_url }, cwd, () => true)).toEqual([]);
  });
});
