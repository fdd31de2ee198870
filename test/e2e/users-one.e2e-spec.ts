import { UserEntity } from '@orrery/core';
import { HubFixture, PersonaTokens, startHub } from './fixtures/hub-fixture';
import {
  addSpawner,
  forbidden,
  FULL_USER_KEYS,
  NOT_FOUND,
  snapshot,
  USER_MANAGER_CONFIG,
} from './users-helpers';

const SELF_KEYS = FULL_USER_KEYS.filter((key) => key !== 'auth_state');
const READ_KEYS = SELF_KEYS.filter((key) => key !== 'servers');
/** a token narrowed to read:users:name still holds the identify scopes (name, groups) */
const IDENTIFY_KEYS = ['admin', 'groups', 'kind', 'name', 'user_info'];

describe('one user: GET/POST /hub/api/users/{name}', () => {
  let hub: HubFixture;
  let tokens: PersonaTokens;
  let userManager: string;

  const url = (name: string) => `/hub/api/users/${encodeURIComponent(name)}`;
  const userRow = (name: string) => hub.dataSource.getRepository(UserEntity).findOneBy({ name });

  beforeAll(async () => {
    hub = await startHub(USER_MANAGER_CONFIG);
    tokens = hub.tokens;
    userManager = await hub.userToken('umgr');
    await addSpawner(hub, 'bob', 'gpu');
  });
  afterAll(async () => {
    await hub?.close();
  });

  describe('GET', () => {
    it('gives an admin the full model, auth_state null without encryption', async () => {
      const response = await hub.http().get(url('alice')).set(hub.auth(tokens.admin)).expect(200);
      expect(Object.keys(response.body).sort()).toEqual(FULL_USER_KEYS);
      expect(response.body).toMatchObject({
        kind: 'user',
        name: 'alice',
        admin: false,
        roles: ['user'],
        groups: ['staff'],
        server: null,
        pending: null,
        servers: {},
        auth_state: null,
        user_info: null,
      });
    });

    it.each([
      ['admin user', 'admin', 'bob', 200, FULL_USER_KEYS],
      ['admin service', 'adminService', 'bob', 200, FULL_USER_KEYS],
      ['plain user on self', 'alice', 'alice', 200, SELF_KEYS],
      ['plain user on another user', 'alice', 'bob', 404, null],
      ['narrowed token on self', 'aliceNarrow', 'alice', 200, IDENTIFY_KEYS],
      ['narrowed token on another user', 'aliceNarrow', 'bob', 404, null],
      ['custom-role service', 'readerService', 'bob', 200, READ_KEYS],
      ['group-filtered role on a member', 'carol', 'alice', 200, READ_KEYS],
      ['group-filtered role on a non-member', 'carol', 'root', 404, null],
    ] as const)('%s: GET %s -> %s', async (_label, persona, target, status, keys) => {
      const response = await hub
        .http()
        .get(url(target))
        .set(hub.auth(tokens[persona]))
        .expect(status);
      if (keys) expect(Object.keys(response.body).sort()).toEqual([...keys].sort());
      else expect(response.body).toEqual({ status: 404, message: NOT_FOUND });
    });

    it('refuses a request without credentials with 403', async () => {
      const response = await hub.http().get(url('alice')).expect(403);
      expect(response.body).toEqual({ status: 403, message: 'Missing or invalid credentials.' });
    });

    it('answers an unknown user with 404 for a caller allowed to see everyone', async () => {
      const response = await hub.http().get(url('nobody')).set(hub.auth(tokens.admin)).expect(404);
      expect(response.body).toEqual({ status: 404, message: 'No such user: nobody' });
    });

    it.each([
      ['', false],
      ['?include_stopped_servers', true],
      ['?include_stopped_servers=1', true],
      ['?include_stopped_servers=false', false],
    ])('lists stopped servers only when asked (%s)', async (query, included) => {
      const response = await hub
        .http()
        .get(`${url('bob')}${query}`)
        .set(hub.auth(tokens.admin))
        .expect(200);
      expect(response.body.servers).toEqual(
        included
          ? { gpu: expect.objectContaining({ name: 'gpu', stopped: true, ready: false }) }
          : {},
      );
    });
  });

  describe('POST', () => {
    it('creates a user (201) with an empty body', async () => {
      const response = await hub.http().post(url('newbie')).set(hub.auth(tokens.admin)).expect(201);
      expect(response.body).toMatchObject({
        kind: 'user',
        name: 'newbie',
        admin: false,
        roles: ['user'],
      });
      expect(await userRow('newbie')).not.toBeNull();
    });

    it('creates an admin when an admin asks', async () => {
      const response = await hub
        .http()
        .post(url('boss'))
        .set(hub.auth(tokens.adminService))
        .send({ admin: true })
        .expect(201);
      expect(response.body).toMatchObject({ name: 'boss', admin: true, roles: ['admin', 'user'] });
    });

    it('keeps a name with spaces and capitals as given (URL-decoded)', async () => {
      const response = await hub
        .http()
        .post(url('Odd Name'))
        .set(hub.auth(userManager))
        .send({})
        .expect(201);
      expect(response.body.name).toBe('Odd Name');
    });

    it.each([
      ['an existing user', 'alice', {}, 'admin', 409, 'User alice already exists'],
      [
        'a non-admin granting admin',
        'x1',
        { admin: true },
        'umgr',
        403,
        'Only admins can grant admin permissions',
      ],
      [
        'admin of the wrong type',
        'x1',
        { admin: 1 },
        'admin',
        400,
        "user.admin must be <class 'bool'>, not: <class 'int'>",
      ],
      [
        'an unknown key',
        'x1',
        { shell: 'bash' },
        'admin',
        400,
        "Invalid JSON keys: {'shell': 'bash'}",
      ],
      ['a body that is a string', 'x1', 'abc', 'admin', 400, "Invalid JSON data: 'abc'"],
      ['an invalid name', ' x1', {}, 'admin', 400, 'Invalid username:  x1'],
      ['a plain user', 'x1', {}, 'alice', 403, forbidden('admin:users')],
      [
        'the read-only custom-role service',
        'x1',
        {},
        'readerService',
        403,
        forbidden('admin:users'),
      ],
      ['the group-filtered role', 'x1', {}, 'carol', 403, forbidden('admin:users')],
    ] as const)(
      'refuses %s and changes nothing',
      async (_label, name, body, persona, status, message) => {
        const before = await snapshot(hub);
        const token = persona === 'umgr' ? userManager : tokens[persona];
        const response = await hub
          .http()
          .post(url(name))
          .set(hub.auth(token))
          .set('Content-Type', 'text/plain')
          .send(JSON.stringify(body))
          .expect(status);
        expect(response.body).toEqual({ status, message });
        expect(await snapshot(hub)).toEqual(before);
      },
    );

    it('refuses malformed JSON with 400 and changes nothing', async () => {
      const before = await snapshot(hub);
      const response = await hub
        .http()
        .post(url('x1'))
        .set(hub.auth(tokens.admin))
        .set('Content-Type', 'text/plain')
        .send('{"admin": tru')
        .expect(400);
      expect(response.body).toEqual({ status: 400, message: 'Invalid JSON in body of request' });
      expect(await snapshot(hub)).toEqual(before);
    });
  });
});
