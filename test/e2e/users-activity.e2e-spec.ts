import { TokensService } from '@orrery/api';
import { FakeClock, SpawnerEntity, UserEntity } from '@orrery/core';
import { HubFixture, PersonaTokens, startHub } from './fixtures/hub-fixture';
import { forbidden, NOT_FOUND } from './users-helpers';

const NOW = '2026-03-01T12:00:00.000Z';
const FORBIDDEN = forbidden('users:activity');
const SHAPE = 'servers must be a dict of the form {server_name: {last_activity: timestamp}}';

describe('activity: POST /hub/api/users/{name}/activity', () => {
  let hub: HubFixture;
  let tokens: PersonaTokens;
  /** alice's server token: `users:activity!user=alice`, noted like a spawner's token */
  let serverToken: string;

  const post = (name: string, body: unknown, token: string) =>
    hub
      .http()
      .post(`/hub/api/users/${encodeURIComponent(name)}/activity`)
      .set(hub.auth(token))
      .set('Content-Type', 'text/plain')
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  async function activity(name: string): Promise<Record<string, string | null>> {
    const user = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name });
    const spawners = await hub.dataSource.getRepository(SpawnerEntity).findBy({ userId: user.id });
    const iso = (date: Date | null) => (date ? date.toISOString() : null);
    return Object.fromEntries([
      ['user', iso(user.lastActivity)],
      ...spawners.map((spawner) => [`server:${spawner.name}`, iso(spawner.lastActivity)]),
    ]);
  }

  async function setActivity(name: string, at: string | null) {
    const user = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name });
    const lastActivity = at ? new Date(at) : null;
    await hub.dataSource.getRepository(UserEntity).update(user.id, { lastActivity });
    await hub.dataSource.getRepository(SpawnerEntity).update({ userId: user.id }, { lastActivity });
  }

  beforeAll(async () => {
    hub = await startHub({}, new FakeClock(NOW));
    tokens = hub.tokens;
    for (const name of ['alice', 'bob']) {
      const user = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name });
      for (const server of ['', 'gpu']) {
        await hub.dataSource.getRepository(SpawnerEntity).save({ userId: user.id, name: server });
      }
    }
    const alice = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'alice' });
    const issued = await hub.app.get(TokensService).issue({
      owner: { userId: alice.id },
      scopes: ['users:activity!user=alice'],
      note: 'Server at /user/alice/',
    });
    serverToken = issued.token;
  });
  afterAll(async () => {
    await hub?.close();
  });

  beforeEach(async () => {
    await setActivity('alice', '2026-03-01T10:00:00Z');
    await setActivity('bob', null);
  });

  it('records the user and server times a single-user server reports (200, empty body)', async () => {
    const response = await post(
      'alice',
      {
        last_activity: '2026-03-01T11:00:00Z',
        servers: { '': { last_activity: '2026-03-01T11:30:00.250+01:00' } },
      },
      serverToken,
    ).expect(200);
    expect(response.text).toBe('');
    expect(await activity('alice')).toEqual({
      user: '2026-03-01T11:00:00.000Z',
      'server:': '2026-03-01T10:30:00.250Z',
      'server:gpu': '2026-03-01T10:00:00.000Z',
    });
  });

  it('never moves a time backwards', async () => {
    await post(
      'alice',
      {
        last_activity: '2026-03-01T09:00:00Z',
        servers: { gpu: { last_activity: '2026-02-01T00:00:00Z' } },
      },
      serverToken,
    ).expect(200);
    expect(await activity('alice')).toEqual({
      user: '2026-03-01T10:00:00.000Z',
      'server:': '2026-03-01T10:00:00.000Z',
      'server:gpu': '2026-03-01T10:00:00.000Z',
    });
  });

  it('sets times that were never set, servers alone leaving the user as it was', async () => {
    // sent as application/json, as jupyterhub-singleuser does
    await hub
      .http()
      .post('/hub/api/users/bob/activity')
      .set(hub.auth(tokens.adminService))
      .send({ servers: { gpu: { last_activity: '2026-03-01T11:00:00' } } })
      .expect(200);
    expect(await activity('bob')).toEqual({
      user: null,
      'server:': null,
      'server:gpu': '2026-03-01T11:00:00.000Z',
    });
  });

  it('accepts a time 59 minutes ahead and refuses one a millisecond later', async () => {
    await post('bob', { last_activity: '2026-03-01T12:59:00Z' }, tokens.adminService).expect(200);
    const response = await post(
      'bob',
      { last_activity: '2026-03-01T12:59:00.001Z' },
      tokens.adminService,
    ).expect(400);
    expect(response.body.message).toBe(
      'Rejecting activity from more than an hour in the future: 2026-03-01T12:59:00.001000Z',
    );
    expect((await activity('bob')).user).toBe('2026-03-01T12:59:00.000Z');
  });

  it.each([
    ['the server token on its user', 'server', 'alice', 200, null],
    ['the server token on another user', 'server', 'bob', 404, NOT_FOUND],
    ['a plain user on self', 'alice', 'alice', 200, null],
    ['a plain user on another user', 'alice', 'bob', 404, NOT_FOUND],
    ['the admin user', 'admin', 'bob', 200, null],
    ['the admin service', 'adminService', 'bob', 200, null],
    ['a narrowed token', 'aliceNarrow', 'alice', 403, FORBIDDEN],
    ['the custom-role service (read only)', 'readerService', 'bob', 403, FORBIDDEN],
    // carol's role only reads staff; her own `self` scopes cover only carol
    ['the group-filtered role holder on a staff member', 'carol', 'alice', 404, NOT_FOUND],
  ] as const)('%s: %s -> %s', async (_label, persona, target, status, message) => {
    const token = persona === 'server' ? serverToken : tokens[persona];
    const response = await post(target, { last_activity: '2026-03-01T11:00:00Z' }, token).expect(
      status,
    );
    if (message) expect(response.body).toEqual({ status, message });
  });

  it('refuses a request without credentials with 403', async () => {
    await hub.http().post('/hub/api/users/alice/activity').send({ last_activity: NOW }).expect(403);
  });

  it.each([
    ['an unknown user', 'nobody', { last_activity: '2026-03-01T11:00:00Z' }],
    ['an unknown user, even with a bad body', 'nobody', [1]],
    ['an unknown user, even with a bad time', 'nobody', { last_activity: 'noon' }],
    ['an unknown user reporting servers', 'nobody', { servers: { '': { last_activity: NOW } } }],
  ])('answers %s with 404', async (_label, name, body) => {
    const response = await post(name, body, tokens.adminService).expect(404);
    expect(response.body).toEqual({ status: 404, message: "No such user: 'nobody'" });
  });

  it.each([
    ['no body', '', 'body must be a json dict'],
    ['a list', [1], 'body must be a json dict'],
    ['malformed JSON', '{"last_activity": ', 'Invalid JSON in body of request'],
    ['neither field', {}, 'body must contain at least one of `last_activity` or `servers`'],
    [
      'empty fields',
      { last_activity: '', servers: {} },
      'body must contain at least one of `last_activity` or `servers`',
    ],
    ['servers not a dict', { servers: ['gpu'] }, SHAPE],
    [
      'an unknown server',
      { servers: { lab: { last_activity: NOW } } },
      "No such server 'lab' for user alice",
    ],
    ['a server without last_activity', { servers: { gpu: {} } }, SHAPE],
    ['a server entry not a dict', { servers: { gpu: 5 } }, SHAPE],
    [
      'a bad server time',
      { servers: { gpu: { last_activity: 'noon' } } },
      "Not a valid timestamp: 'noon'",
    ],
    ['a bad user time', { last_activity: 'noon' }, "Not a valid timestamp: 'noon'"],
    ['a number for a time', { last_activity: 1700000000 }, 'Not a valid timestamp: 1700000000'],
    [
      'a good server with a bad user time',
      { last_activity: 'noon', servers: { '': { last_activity: '2026-03-01T11:00:00Z' } } },
      "Not a valid timestamp: 'noon'",
    ],
    [
      'a time hours ahead',
      { last_activity: '2026-03-01T15:00:00Z' },
      'Rejecting activity from more than an hour in the future: 2026-03-01T15:00:00Z',
    ],
  ])('refuses %s with 400 and changes nothing', async (_label, body, message) => {
    const before = await activity('alice');
    const response = await post('alice', body, tokens.adminService).expect(400);
    expect(response.body).toEqual({ status: 400, message });
    expect(await activity('alice')).toEqual(before);
  });
});
