import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import {
  killServers,
  leftovers,
  NOTHING_LEFT,
  recordedPid,
  spawnConfig,
  tempHome,
  viaProxy,
} from './servers-helpers';

/** `Uid:` and `Gid:` of /proc/<pid>/status: real, effective, saved and filesystem ids. */
function processIds(pid: number): { uid: string; gid: string } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(status)?.[1] ?? '';
  return { uid: field('Uid'), gid: field('Gid') };
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const isRoot = process.getuid?.() === 0;

// Switching a server to another user needs root; on a hub that is not root the config refuses
// run_as_system_user (see local-process-spawner.config.ts), so there is nothing to run.
(isRoot ? describe : describe.skip)(
  'LocalProcessSpawner.run_as_system_user (needs root: it creates a system user)',
  () => {
    const name = `orrery${randomBytes(4).toString('hex')}`;
    let hub: HubFixture;
    let home: string;
    let account: { uid: number; gid: number; home: string; shell: string };
    beforeAll(async () => {
      run('useradd', ['--create-home', '--shell', '/bin/sh', name]);
      const [, , uid, gid, , dir, shell] = run('getent', ['passwd', name]).trim().split(':');
      account = { uid: Number(uid), gid: Number(gid), home: dir, shell };
      home = tempHome();
      const config = spawnConfig(home, 'ok');
      hub = await startHub({
        ...config,
        LocalProcessSpawner: { ...config.LocalProcessSpawner, run_as_system_user: true },
      });
    });
    afterAll(async () => {
      try {
        if (hub) {
          await killServers(hub);
          await hub.close();
        }
      } finally {
        spawnSync('userdel', ['-r', name]);
        fs.rmSync(home, { recursive: true, force: true });
      }
    });

    const start = async (user: string) => {
      await hub.userToken(user, []);
      return hub.http().post(`/hub/api/users/${user}/server`).set(hub.auth(hub.tokens.admin));
    };

    it("runs the server with the system user's uid and gid, HOME and SHELL, in its home", async () => {
      expect((await start(name)).status).toBe(201);
      const env = JSON.parse((await viaProxy(hub, `/user/${name}/env`)).body);
      expect(env).toMatchObject({
        JUPYTERHUB_USER: name,
        USER: name,
        HOME: account.home,
        cwd: account.home,
      });
      const ids = processIds(await recordedPid(hub, name));
      expect(ids.uid.split(/\s+/)).toEqual(Array(4).fill(String(account.uid)));
      expect(ids.gid.split(/\s+/)).toEqual(Array(4).fill(String(account.gid)));
      const environ = fs.readFileSync(`/proc/${await recordedPid(hub, name)}/environ`, 'utf8');
      expect(environ.split('\0')).toContain(`SHELL=${account.shell}`);
    });

    it('fails the start with 500 when the user has no system account, and leaves nothing', async () => {
      const missing = `${name}x`;
      const response = await start(missing);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        status: 500,
        message: `No system user named ${missing}: LocalProcessSpawner.run_as_system_user runs each server as the system user of the same name`,
      });
      expect(await leftovers(hub, missing)).toEqual(NOTHING_LEFT);
    });
  },
);
