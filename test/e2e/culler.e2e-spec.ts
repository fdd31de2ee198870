import { Logger } from '@nestjs/common';
import { Culler } from '@orrery/api';
import { FakeClock, SpawnerEntity, UserEntity } from '@orrery/core';
import * as fs from 'node:fs';
import { loginAs } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { killServers, spawnConfig, tempHome } from './servers-helpers';

/**
 * The built-in culler (issue 16) on a fake clock: rounds are run by the test (`every` is an
 * hour), so time moves only when the test moves it. Servers are the fixture server.
 */
describe('the built-in culler', () => {
  const clock = new FakeClock(new Date());
  let hub: HubFixture;
  let home: string;
  let culler: Culler;
  beforeAll(async () => {
    home = tempHome();
    hub = await startHub(
      {
        ...spawnConfig(home),
        JupyterHub: { allow_named_servers: true, load_groups: { instructors: ['cu-ines'] } },
        Culler: {
          enabled: true,
          timeout: 60,
          every: 3600,
          cull_users: true,
          remove_named_servers: true,
          policies: [{ group: 'instructors', timeout: 600 }],
        },
      },
      clock,
    );
    culler = hub.app.get(Culler);
  });
  afterAll(async () => {
    await killServers(hub);
    await hub.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const start = async (user: string, server = '') => {
    await hub.userToken(user, []);
    const path = server ? `servers/${server}` : 'server';
    const response = await hub
      .http()
      .post(`/hub/api/users/${user}/${path}`)
      .set(hub.auth(hub.tokens.admin));
    expect(response.status).toBe(201);
  };
  const running = async (user: string, server = '') => {
    const spawner = await hub.dataSource
      .getRepository(SpawnerEntity)
      .findOne({ where: { user: { name: user }, name: server } });
    return spawner?.serverId != null;
  };
  const culls = async (user: string) =>
    (
      await hub
        .http()
        .get(`/hub/api/orrery/server-events?user=${user}&kind=cull`)
        .set(hub.auth(hub.tokens.admin))
        .expect(200)
    ).body as Record<string, string | null>[];
  const userExists = async (name: string) =>
    (await hub.dataSource.getRepository(UserEntity).countBy({ name })) === 1;

  it('culls a server idle for longer than the timeout and records why', async () => {
    await start('cu-ann');
    clock.advance(30_000);
    expect((await culler.cullOnce()).servers).toEqual([]);
    expect(await running('cu-ann')).toBe(true);
    clock.advance(31_000);
    const logged = jest.spyOn(Logger.prototype, 'log');
    expect((await culler.cullOnce()).servers).toEqual([
      { user: 'cu-ann', server: '', reason: 'idle' },
    ]);
    // one event line in the hub log per cull
    expect(
      logged.mock.calls.filter(([fields]) => fields?.event === 'cull' && fields?.user === 'cu-ann'),
    ).toEqual([
      [expect.objectContaining({ event: 'cull', reason: 'idle', user: 'cu-ann', server: '' })],
    ]);
    logged.mockRestore();
    expect(await running('cu-ann')).toBe(false);
    expect(await culls('cu-ann')).toEqual([
      expect.objectContaining({
        user: 'cu-ann',
        server: '',
        kind: 'cull',
        reason: 'idle',
        summary: expect.stringContaining('nobody had used it for more than 60 seconds'),
        details: expect.stringMatching(/^idle: idle 61 s, timeout 60 s, .*default limits$/),
      }),
    ]);
    // and its owner reads why on the home page
    const session = await loginAs(hub, 'cu-ann');
    const homePage = await hub
      .http()
      .get('/hub/home')
      .set({ Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' })
      .expect(200);
    expect(homePage.text).toContain('nobody had used it for more than 60 seconds');
  });

  it("lets a group policy's longer timeout override the default", async () => {
    await start('cu-ines');
    await start('cu-bea');
    clock.advance(61_000);
    const first = await culler.cullOnce();
    expect(first.servers).toEqual([{ user: 'cu-bea', server: '', reason: 'idle' }]);
    expect(await running('cu-ines')).toBe(true);
    clock.advance(540_000);
    expect((await culler.cullOnce()).servers).toEqual([
      { user: 'cu-ines', server: '', reason: 'idle' },
    ]);
    const [event] = await culls('cu-ines');
    expect(event.details).toMatch(/timeout 600 s, .*policies of instructors$/);
  });

  it('culls and removes an idle named server', async () => {
    await start('cu-nina', 'lab');
    clock.advance(61_000);
    expect((await culler.cullOnce()).servers).toEqual([
      { user: 'cu-nina', server: 'lab', reason: 'idle' },
    ]);
    const rows = await hub.dataSource
      .getRepository(SpawnerEntity)
      .countBy({ user: { name: 'cu-nina' }, name: 'lab' });
    expect(rows).toBe(0);
  });

  it('deletes idle users with cull_users, never admins and never users with a running server', async () => {
    await hub.userToken('cu-carl', []);
    await start('cu-dan');
    const users = hub.dataSource.getRepository(UserEntity);
    const past = new Date(clock.now().getTime() - 3_600_000);
    await users.update({ name: 'cu-carl' }, { lastActivity: past });
    await users.update({ name: 'root' }, { lastActivity: past });
    await users.update({ name: 'cu-dan' }, { lastActivity: past });
    // cu-dan's server is fresh, so it stays, and with it its user
    const dan = await users.findOneByOrFail({ name: 'cu-dan' });
    await hub.dataSource
      .getRepository(SpawnerEntity)
      .update({ userId: dan.id, name: '' }, { lastActivity: clock.now() });
    const round = await culler.cullOnce();
    expect(round.users).toContain('cu-carl');
    expect(round.users).not.toContain('root');
    expect(round.users).not.toContain('cu-dan');
    expect(await userExists('cu-carl')).toBe(false);
    expect(await userExists('root')).toBe(true);
    expect(await userExists('cu-dan')).toBe(true);
    expect(await running('cu-dan')).toBe(true);
    expect(await culls('cu-carl')).toEqual([
      expect.objectContaining({ kind: 'cull', reason: 'user_idle', server: null }),
    ]);
  });
});
