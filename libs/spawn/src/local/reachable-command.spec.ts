import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HubConfig } from '@orrery/core';
import { checkCommandReachable } from './local.spawner';
import { blockedForOthers, closedFolderAbove, findOnPath } from './reachable-command';

describe('blockedForOthers and checkCommandReachable', () => {
  let dir: string;
  const file = (relative: string, text: string, mode: number) => {
    const full = path.join(dir, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true, mode: 0o755 });
    fs.writeFileSync(full, text, { mode });
    return full;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-reachable-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes a script whose folders, file and interpreter others may use', () => {
    const python = file('env/bin/python', '\x7fELF', 0o755);
    const server = file('env/bin/server', `#!${python}\n`, 0o755);
    expect(blockedForOthers(server)).toBeNull();
  });

  it('names the private folder of an interpreter, as a pyenv under /root', () => {
    const python = file('root/.pyenv/bin/python', '\x7fELF', 0o755);
    fs.chmodSync(path.join(dir, 'root'), 0o700);
    const server = file('env/bin/server', `#!${python}\n`, 0o755);
    expect(blockedForOthers(server)).toBe(path.join(dir, 'root'));
  });

  it('names a script others cannot read', () => {
    const server = file('env/bin/server', '#!/bin/sh\n', 0o711);
    expect(blockedForOthers(server)).toBe(server);
  });

  it('finds a bare command on the PATH', () => {
    const server = file('bin/server', '#!/bin/sh\n', 0o755);
    expect(findOnPath('server', `/nonexistent:${path.dirname(server)}`)).toBe(server);
    expect(findOnPath('missing', path.dirname(server))).toBeNull();
  });

  it('stops a hub run as root whose servers could not run Spawner.cmd, and says why', () => {
    fs.mkdirSync(path.join(dir, 'private'), { mode: 0o700 });
    const server = file('private/server', '#!/bin/sh\n', 0o755);
    const config = new HubConfig();
    config.LocalProcessSpawner.home_dir_template = path.join(dir, 'homes', '{username}');
    config.Spawner.cmd = [server];
    expect(() => checkCommandReachable(config, '', 0)).toThrow(
      `Spawner.cmd ${server}: servers run under their own uids (LocalProcessSpawner.uid_range), which cannot pass ${path.join(dir, 'private')}`,
    );
    // servers as the hub's own user need nothing of others
    expect(() => checkCommandReachable(config, '', 1000)).not.toThrow();
    config.LocalProcessSpawner.run_as_hub_user = true;
    expect(() => checkCommandReachable(config, '', 0)).not.toThrow();
  });

  it('stops a hub run as root whose homes sit in a folder others cannot pass, as the data dir', () => {
    fs.mkdirSync(path.join(dir, 'data'), { mode: 0o700 });
    const config = new HubConfig();
    config.LocalProcessSpawner.home_dir_template = path.join(dir, 'data', 'homes', '{username}');
    config.Spawner.cmd = ['/bin/sh'];
    expect(() => checkCommandReachable(config, '', 0)).toThrow(
      `LocalProcessSpawner.home_dir_template: servers run under their own uids (LocalProcessSpawner.uid_range), which cannot pass ${path.join(dir, 'data')} to reach their homes`,
    );
    expect(closedFolderAbove(path.join(dir, 'open', 'homes', 'x'))).toBeNull();
  });
});
