import { UserEntity } from '@orrery/core';
import { HubFixture, PersonaTokens, startHub } from './fixtures/hub-fixture';
import {
  addSpawner,
  forbidden,
  FULL_USER_KEYS,
  PAGINATION,
  snapshot,
  USER_MANAGER_CONFIG,
} from './users-helpers';

describe('users list and bulk create: GET/POST /hub/api/users', () => {
  let hub: HubFixture;
  let tokens: PersonaTokens;
  /** every user name in id order, as the database holds them after seeding */
  let allNames: string[];
  let userManager: string;

  const names = (body: { name: string }[]) => body.map((model) => model.name);
  const get = (path: string, token: string) => hub.http().get(path).set(hub.auth(token));
  /** Every page of a paginated listing, following `_pagination.next` as the idle culler does. */
  async function listAll(token: string, query = ''): Promise<{ names: string[]; total: number }> {
    const collected: string[] = [];
    let path: string | null = `/hub/api/users${query}`;
    let total = -1;
    while (path) {
      const response: {
        body: {
          items: { name: string }[];
          _pagination: { total: number; next: { url: string } | null };
        };
      } = await get(path, token).set('Accept', PAGINATION).expect(200);
      collected.push(...names(response.body.items));
      total = response.body._pagination.total;
      const next = response.body._pagination.next;
      path = next ? new URL(next.url).pathname + new URL(next.url).search : null;
    }
    return { names: collected, total };
  }
  const post = (body: unknown, token = tokens.admin) =>
    hub
      .http()
      .post('/hub/api/users')
      .set(hub.auth(token))
      .send(body as object);

  beforeAll(async () => {
    hub = await startHub({
      JupyterHub: {
        ...USER_MANAGER_CONFIG.JupyterHub,
        api_page_default_limit: 3,
        api_page_max_limit: 5,
      },
    });
    tokens = hub.tokens;
    userManager = await hub.userToken('umgr');
    for (const name of ['dave', 'erin', 'al_x']) await hub.userToken(name, []);
    await addSpawner(hub, 'dave', '', { active: true, userActivity: '2026-01-03T00:00:00Z' });
    await addSpawner(hub, 'erin', 'gpu', { userActivity: '2026-01-02T00:00:00Z' });
    const rows = await hub.dataSource.getRepository(UserEntity).find({ order: { id: 'ASC' } });
    allNames = rows.map((row) => row.name);
    // the activity bookkeeping of the tokens above must not change what the sort tests see
    await hub.dataSource.query(
      "UPDATE users SET last_activity = NULL WHERE name NOT IN ('dave', 'erin')",
    );
  });
  afterAll(async () => {
    await hub?.close();
  });

  describe('listing', () => {
    it('gives an admin the first users in id order with the full model (no header: max limit)', async () => {
      const response = await get('/hub/api/users?limit=100', tokens.adminService).expect(200);
      expect(names(response.body)).toEqual(allNames.slice(0, 5));
      const rest = await get('/hub/api/users?offset=5', tokens.adminService).expect(200);
      expect(names(rest.body)).toEqual(allNames.slice(5, 10));
      response.body.push(...rest.body);
      for (const model of response.body) expect(Object.keys(model).sort()).toEqual(FULL_USER_KEYS);
      const dave = response.body.find((model: { name: string }) => model.name === 'dave');
      expect(dave).toMatchObject({
        kind: 'user',
        admin: false,
        roles: ['user'],
        server: '/user/dave/',
        last_activity: '2026-01-03T00:00:00Z',
        servers: { '': { name: '', ready: true, stopped: false, url: '/user/dave/' } },
      });
      expect(dave.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    });

    it.each([
      ['the admin user', 'admin', () => allNames],
      ['the admin service', 'adminService', () => allNames],
      ['the service with the custom role user-reader', 'readerService', () => allNames],
      ['carol with the group-filtered role', 'carol', () => ['alice', 'bob']],
    ] as const)('lets %s list the users it may see', async (_label, persona, expected) => {
      expect(await listAll(tokens[persona])).toEqual({
        names: expected(),
        total: expected().length,
      });
    });

    it('shows read:users fields but no servers without read:servers', async () => {
      const response = await get('/hub/api/users?name_filter=dave', tokens.readerService).expect(
        200,
      );
      expect(Object.keys(response.body[0]).sort()).toEqual(
        FULL_USER_KEYS.filter((key) => !['auth_state', 'servers'].includes(key)),
      );
    });

    it.each([
      ['a plain user', 'alice'],
      ['a narrowed token', 'aliceNarrow'],
    ] as const)('refuses %s without list:users with 403', async (_label, persona) => {
      const response = await get('/hub/api/users', tokens[persona]).expect(403);
      expect(response.body).toEqual({
        status: 403,
        message: forbidden('list:users'),
      });
    });

    it('refuses a request without credentials with 403', async () => {
      await hub.http().get('/hub/api/users').expect(403);
    });

    it('lists only the named user, name fields only, for list:users!user=', async () => {
      const token = await hub.userToken('root', ['list:users!user=alice']);
      const response = await get('/hub/api/users', token).expect(200);
      expect(response.body).toEqual([
        { kind: 'user', name: 'alice', admin: false, user_info: null },
      ]);
    });

    it('refuses a list:users filter that cannot select users (server=) with 403', async () => {
      const token = await hub.userToken('root', ['list:users!server=alice/']);
      const response = await get('/hub/api/users', token).expect(403);
      expect(response.body.status).toBe(403);
    });
  });

  describe('query parameters', () => {
    beforeAll(async () => {
      // requests by user tokens record activity; services' do not, so only they are used here
      await hub.dataSource.query(
        "UPDATE users SET last_activity = NULL WHERE name NOT IN ('dave', 'erin')",
      );
    });

    it.each([
      ['active', () => ['dave']],
      ['ready', () => ['dave']],
      ['inactive', () => allNames.filter((name) => name !== 'dave')],
    ])('filters state=%s in the database', async (state, expected) => {
      expect(await listAll(tokens.adminService, `?state=${state}`)).toEqual({
        names: expected(),
        total: expected().length,
      });
    });

    it.each([
      ['name', () => [...allNames].sort()],
      ['-name', () => [...allNames].sort().reverse()],
      [
        'last_activity',
        () => [...allNames.filter((n) => !['dave', 'erin'].includes(n)), 'erin', 'dave'],
      ],
      [
        '-last_activity',
        () => ['dave', 'erin', ...allNames.filter((n) => !['dave', 'erin'].includes(n))],
      ],
      ['-id', () => [...allNames].reverse()],
    ])('sorts by %s (NULL activity first ascending, last descending)', async (sort, expected) => {
      const collected: string[] = [];
      for (let offset = 0; offset < allNames.length; offset += 5) {
        const response = await get('/hub/api/users', tokens.adminService)
          .query({ sort, offset, limit: 5 })
          .expect(200);
        collected.push(...names(response.body));
      }
      expect(collected).toEqual(expected());
    });

    it.each([
      ['state=running', "Unrecognized state filter: 'running'"],
      ['sort=created', "sort must be 'id', 'name', or 'last_activity', not 'created'"],
      ['offset=x', 'Invalid argument type, offset and limit must be integers'],
      ['limit=1.5', 'Invalid argument type, offset and limit must be integers'],
    ])('answers %s with 400', async (query, message) => {
      const response = await get(`/hub/api/users?${query}`, tokens.admin).expect(400);
      expect(response.body).toEqual({ status: 400, message });
    });

    it.each([
      ['AL', ['alice', 'al_x']],
      ['l_', ['al_x']],
      ['%', []],
    ])(
      'matches name_filter=%s as a case-insensitive substring, wildcards literal',
      async (filter, expected) => {
        const response = await get('/hub/api/users', tokens.admin)
          .query({ name_filter: filter })
          .expect(200);
        expect(names(response.body).sort()).toEqual([...expected].sort());
      },
    );

    it.each([
      ['', true],
      ['=1', true],
      ['=0', false],
      [null, false],
    ])('shows stopped servers with include_stopped_servers%s: %s', async (value, included) => {
      const query = value === null ? '' : `&include_stopped_servers${value}`;
      const response = await get(`/hub/api/users?name_filter=erin${query}`, tokens.admin).expect(
        200,
      );
      expect(response.body[0].servers).toEqual(
        included
          ? { gpu: expect.objectContaining({ name: 'gpu', stopped: true, ready: false }) }
          : {},
      );
    });
  });

  describe('pagination', () => {
    it('pages with the Accept header (configured default limit) and links the next page', async () => {
      const first = await get('/hub/api/users', tokens.admin).set('Accept', PAGINATION).expect(200);
      expect(names(first.body.items)).toEqual(allNames.slice(0, 3));
      const { _pagination: page } = first.body;
      expect(page).toMatchObject({ offset: 0, limit: 3, total: allNames.length });
      expect(page.next).toMatchObject({ offset: 3, limit: 3 });
      const nextUrl = new URL(page.next.url);
      expect(nextUrl.pathname).toBe('/hub/api/users');
      expect(nextUrl.searchParams.get('offset')).toBe('3');
      const second = await get(nextUrl.pathname + nextUrl.search, tokens.admin)
        .set('Accept', PAGINATION)
        .expect(200);
      expect(names(second.body.items)).toEqual(allNames.slice(3, 6));
    });

    it('ends with next: null and clamps limit to the maximum', async () => {
      const response = await get('/hub/api/users', tokens.admin)
        .set('Accept', PAGINATION)
        .query({ offset: allNames.length - 2, limit: 1000 })
        .expect(200);
      expect(response.body._pagination).toEqual({
        offset: allNames.length - 2,
        limit: 5,
        total: allNames.length,
        next: null,
      });
      expect(response.body.items).toHaveLength(2);
    });

    it('answers an offset past the end with an empty page', async () => {
      const response = await get('/hub/api/users?offset=1000', tokens.admin).expect(200);
      expect(response.body).toEqual([]);
    });
  });

  describe('creating many', () => {
    it('creates the new names (normalized to lower case), skips existing ones, answers 201', async () => {
      const before = await snapshot(hub);
      const response = await post({ usernames: ['New1', 'alice', 'new2', 'new1'] }).expect(201);
      expect(names(response.body)).toEqual(['new1', 'new2']);
      expect(response.body[0]).toMatchObject({
        kind: 'user',
        admin: false,
        roles: ['user'],
        groups: [],
      });
      const after = await snapshot(hub);
      expect(after.users).toHaveLength(before.users.length + 2);
    });

    it('makes admins when asked by an admin', async () => {
      const response = await post(
        { usernames: ['boss1'], admin: true },
        tokens.adminService,
      ).expect(201);
      expect(response.body[0]).toMatchObject({
        name: 'boss1',
        admin: true,
        roles: ['admin', 'user'],
      });
    });

    it('lets a non-admin holder of admin:users create plain users', async () => {
      const response = await post({ usernames: ['managed1'] }, userManager).expect(201);
      expect(names(response.body)).toEqual(['managed1']);
    });

    it.each([
      ['all names exist', { usernames: ['alice', 'bob'] }, 409, 'All 2 users already exist'],
      ['an invalid name', { usernames: ['ok-name', ' pad'] }, 400, 'Invalid username:  pad'],
      ['invalid names', { usernames: ['a/b', ''] }, 400, 'Invalid usernames: a/b, '],
      ['a non-string name', { usernames: ['fine', 5] }, 400, 'Invalid username: 5'],
      ['no usernames', {}, 400, 'Must specify at least one user to create'],
      ['empty usernames', { usernames: [] }, 400, 'Must specify at least one user to create'],
      [
        'usernames not a list',
        { usernames: 'abc' },
        400,
        'Must specify at least one user to create',
      ],
      ['a body that is a list', ['x'], 400, 'Must specify at least one user to create'],
      [
        'admin of the wrong type',
        { usernames: ['x1'], admin: 'yes' },
        400,
        "user.admin must be <class 'bool'>, not: <class 'str'>",
      ],
      [
        'an unknown key',
        { usernames: ['x1'], color: 'red' },
        400,
        "Invalid JSON keys: {'color': 'red'}",
      ],
    ])('refuses %s and changes nothing', async (_label, body, status, message) => {
      const before = await snapshot(hub);
      const response = await post(body).expect(status);
      expect(response.body).toEqual({ status, message });
      expect(await snapshot(hub)).toEqual(before);
    });

    it('refuses admin creation by a non-admin with 403 and changes nothing', async () => {
      const before = await snapshot(hub);
      const response = await post({ usernames: ['x2'], admin: true }, userManager).expect(403);
      expect(response.body.message).toBe('Only admins can grant admin permissions');
      expect(await snapshot(hub)).toEqual(before);
    });

    it.each([
      ['a plain user', 'alice'],
      ['the service with a read-only custom role', 'readerService'],
      ['carol with the group-filtered role', 'carol'],
    ] as const)('refuses %s with 403', async (_label, persona) => {
      const response = await post({ usernames: ['x3'] }, tokens[persona]).expect(403);
      expect(response.body.message).toContain('admin:users');
    });

    it.each(['text/plain', 'application/octet-stream'])(
      'refuses malformed JSON sent as %s with 400 and changes nothing',
      async (type) => {
        const before = await snapshot(hub);
        const bad = await hub
          .http()
          .post('/hub/api/users')
          .set(hub.auth(tokens.admin))
          .set('Content-Type', type)
          .send('{"usernames": [')
          .expect(400);
        expect(bad.body).toEqual({ status: 400, message: 'Invalid JSON in body of request' });
        expect(await snapshot(hub)).toEqual(before);
      },
    );

    it('refuses a huge body with 413 and changes nothing', async () => {
      const before = await snapshot(hub);
      const many = Array.from({ length: 120_000 }, (_, i) => `bulk${i}`);
      await post({ usernames: many }).expect(413);
      expect(await snapshot(hub)).toEqual(before);
    });
  });
});
