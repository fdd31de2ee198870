import * as fs from 'node:fs';
import * as path from 'node:path';
import { HubFixture } from './fixtures/hub-fixture';
import {
  leftovers,
  NOTHING_LEFT,
  recordedPid,
  serverHub,
  spawnConfig,
  viaProxy,
} from './servers-helpers';

/**
 * The hooks as one node script, acting as the user's name says: `fail-*` exits 3 with a line
 * of stderr, `hang-*` never ends; any other user's hook writes its environment and working
 * directory to `<pre|post>-hook.json` in that directory.
 */
const HOOK = `
const [stage] = process.argv.slice(1);
const user = process.env.JUPYTERHUB_USER;
if (stage === 'pre' && user.startsWith('fail-')) {
  console.error('fetching course material');
  console.error('no course material for ' + user);
  process.exit(3);
}
if (stage === 'pre' && user.startsWith('hang-')) setInterval(() => undefined, 60000);
else require('fs').writeFileSync(stage + '-hook.json', JSON.stringify({ env: process.env, cwd: process.cwd() }));
`;

describe('Spawner.pre_spawn_hook and post_stop_hook', () => {
  let hub: HubFixture;
  let home: string;
  serverHub(
    (dir) =>
      spawnConfig(dir, 'ok', {
        start_timeout: 2,
        pre_spawn_hook: [process.execPath, '-e', HOOK, 'pre'],
        post_stop_hook: [process.execPath, '-e', HOOK, 'post'],
      }),
    (started, dir) => {
      hub = started;
      home = dir;
    },
  );

  const asAdmin = () => hub.auth(hub.tokens.admin);
  const start = async (user: string, options: Record<string, unknown> = {}) => {
    await hub.userToken(user, []);
    return hub.http().post(`/hub/api/users/${user}/server`).set(asAdmin()).send(options);
  };
  const hookOutput = (user: string, stage: 'pre' | 'post') =>
    JSON.parse(fs.readFileSync(path.join(home, user, `${stage}-hook.json`), 'utf8'));

  it("runs the pre-spawn hook before the start, in the user's directory with the server's environment and the user options", async () => {
    expect((await start('hooked', { course: 'intro' })).status).toBe(201);
    const { env, cwd } = hookOutput('hooked', 'pre');
    const server = JSON.parse((await viaProxy(hub, '/user/hooked/env')).body);
    expect(cwd).toBe(fs.realpathSync(path.join(home, 'hooked')));
    expect(env).toMatchObject({
      JUPYTERHUB_USER_OPTIONS: '{"course":"intro"}',
      JUPYTERHUB_API_TOKEN: server.JUPYTERHUB_API_TOKEN,
      HOME: path.join(home, 'hooked'),
      USER: 'hooked',
    });
    // the same JUPYTERHUB_* variables, except the address the server was given at its start
    for (const [key, value] of Object.entries(server)) {
      if (key.startsWith('JUPYTERHUB_') && key !== 'JUPYTERHUB_SERVICE_URL') {
        expect([key, env[key]]).toEqual([key, value]);
      }
    }
  });

  it('runs the post-stop hook after the stop, without the deleted token', async () => {
    await hub.http().delete('/hub/api/users/hooked/server').set(asAdmin()).expect(204);
    const { env, cwd } = hookOutput('hooked', 'post');
    expect(cwd).toBe(fs.realpathSync(path.join(home, 'hooked')));
    expect(env).toMatchObject({
      JUPYTERHUB_USER: 'hooked',
      JUPYTERHUB_SERVICE_PREFIX: '/user/hooked/',
      JUPYTERHUB_USER_OPTIONS: '{"course":"intro"}',
    });
    expect(env.JUPYTERHUB_API_TOKEN).toBeUndefined();
    expect(env.JPY_API_TOKEN).toBeUndefined();
  });

  it('fails the start with 500 naming the hook, its status and its last stderr line, and leaves nothing', async () => {
    const response = await start('fail-a');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      status: 500,
      message: 'Spawner.pre_spawn_hook failed [status=3]: no course material for fail-a',
    });
    expect(await leftovers(hub, 'fail-a')).toEqual(NOTHING_LEFT);
    expect(await recordedPid(hub, 'fail-a')).toBe(0);
  });

  it('fails the start with 500 when the hook does not finish within start_timeout', async () => {
    const response = await start('hang-a');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      status: 500,
      message: 'Spawner.pre_spawn_hook did not finish in 2 seconds',
    });
    expect(await leftovers(hub, 'hang-a')).toEqual(NOTHING_LEFT);
  });
});
