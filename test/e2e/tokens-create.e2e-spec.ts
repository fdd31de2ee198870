import { ApiTokenEntity } from '@orrery/core';
import { HubFixture, PERSONAS_CONFIG, PersonaTokens, startHub } from './fixtures/hub-fixture';

/** Personas for quirk 6 on top of the shared ones. */
const MINTER_TOKEN = 'e2e-token-minter-0123456789';
const TOKEN_PERSONAS = {
  JupyterHub: {
    services: [...PERSONAS_CONFIG.JupyterHub.services, { name: 'minter', api_token: MINTER_TOKEN }],
    load_roles: [
      ...PERSONAS_CONFIG.JupyterHub.load_roles,
      { name: 'alice-tokens', scopes: ['tokens!user=alice'], services: ['minter'] },
      { name: 'staff-tokens', scopes: ['tokens!group=staff'], users: ['dave'] },
    ],
  },
};

type Caller = keyof PersonaTokens | 'minter' | 'dave';

describe('tokens: POST /users/{name}/tokens', () => {
  let hub: HubFixture;
  let dave: string;
  const tokenOf = (caller: Caller) =>
    caller === 'minter' ? MINTER_TOKEN : caller === 'dave' ? dave : hub.tokens[caller];
  const post = (caller: Caller | null, name: string, body?: unknown) => {
    const req = hub.http().post(`/hub/api/users/${name}/tokens`);
    if (caller) req.set(hub.auth(tokenOf(caller)));
    return body === undefined ? req : req.send(body as object);
  };
  const tokenRows = () => hub.dataSource.getRepository(ApiTokenEntity).count();

  beforeAll(async () => {
    hub = await startHub(TOKEN_PERSONAS);
    dave = await hub.userToken('dave');
  });
  afterAll(async () => {
    await hub.close();
  });

  it('issues a token with the requested scopes, expanded in the model', async () => {
    const response = await post('alice', 'alice', {
      note: 'ci',
      expires_in: 3600,
      scopes: ['read:users!user'],
    }).expect(201);
    expect(response.body).toMatchObject({
      user: 'alice',
      kind: 'api_token',
      roles: [],
      note: 'ci',
      oauth_client: 'JupyterHub',
      session_id: null,
      last_activity: null,
      scopes: [
        'read:users!user=alice',
        'read:users:activity!user=alice',
        'read:users:groups!user=alice',
        'read:users:name!user=alice',
      ],
    });
    expect(response.body.token).toMatch(/^[0-9a-f]{32}$/);
    expect(response.body.id).toMatch(/^a\d+$/);
    const lifetime = Date.parse(response.body.expires_at) - Date.parse(response.body.created);
    expect(Math.abs(lifetime - 3600_000)).toBeLessThan(5_000);
    const whoami = await hub
      .http()
      .get('/hub/api/user')
      .set(hub.auth(response.body.token))
      .expect(200);
    expect(whoami.body.name).toBe('alice');
  });

  it.each([
    ['an admin user', 'admin', 'alice', 'Requested via api by user root'],
    ['the admin service', 'adminService', 'alice', 'Requested via api by service admin-svc'],
    ['a plain user on self', 'alice', 'alice', 'Requested via api'],
    ['a user with a group-filtered tokens role', 'dave', 'bob', 'Requested via api by user dave'],
  ] as [string, Caller, string, string][])(
    'lets %s (%s) issue a token for %s, noted "%s"',
    async (_label, caller, name, note) => {
      const response = await post(caller, name, {}).expect(201);
      expect(response.body.note).toBe(note);
      expect(response.body.user).toBe(name);
      // the default `token` role is `inherit`: the owner's whole scopes
      expect(response.body.scopes).toContain(`tokens!user=${name}`);
    },
  );

  it.each([
    ['a plain user on another user', 'alice', 'bob', 'User bob'],
    ['a narrowed token', 'aliceNarrow', 'alice', 'User alice'],
    ['a service with a custom role', 'readerService', 'alice', 'Service alice'],
    ['a group-filtered role without tokens', 'carol', 'alice', 'User alice'],
    ['a service with tokens!user=alice (quirk 6)', 'minter', 'alice', 'Service alice'],
    ['a group-filtered tokens role outside its group', 'dave', 'carol', 'User carol'],
    ['an admin, for an unknown user', 'admin', 'nobody', 'User nobody'],
  ] as [string, Caller, string, string][])(
    'refuses %s (%s) a token for %s',
    async (_label, caller, name, who) => {
      const before = await tokenRows();
      const response = await post(caller, name, {}).expect(403);
      expect(response.body.message).toBe(`${who} not found or no permissions to generate tokens`);
      expect(await tokenRows()).toBe(before);
    },
  );

  it('refuses a request without credentials (no authenticator takes body.auth)', async () => {
    const before = await tokenRows();
    const response = await post(null, 'alice', { auth: { username: 'alice' } }).expect(403);
    expect(response.body).toEqual({ status: 403, message: null });
    expect(await tokenRows()).toBe(before);
  });

  it.each([
    ['a list body', [1], 'Body must be a JSON dict or empty'],
    ['a string body', '"x"', 'Body must be a JSON dict or empty'],
    [
      'scopes not a list',
      { scopes: 'read:users' },
      "token scopes must be null or a list of strings, not 'read:users'",
    ],
    [
      'roles with a number',
      { roles: ['user', 1] },
      "token roles must be null or a list of strings, not ['user', 1]",
    ],
    [
      'expires_in a string',
      { expires_in: '60' },
      "token expires_in must be null or integer, not '60'",
    ],
    [
      'expires_in a float',
      { expires_in: 1.5 },
      'token expires_in must be null or integer, not 1.5',
    ],
    [
      'expires_in negative',
      { expires_in: -5 },
      'expires_in must be a positive integer or null, not -5',
    ],
    ['a note not a string', { note: ['x'] }, "token note must be null or a string, not ['x']"],
    [
      'both scopes and roles',
      { scopes: [], roles: [] },
      'Can only assign one of scopes or roles when creating tokens.',
    ],
    ['an unknown role', { roles: ['nope'] }, 'No such role: nope'],
    ['an unknown scope', { scopes: ['nope'] }, '"Scope \'nope\' for token does not exist"'],
    ['the draft scope all', { scopes: ['all'] }, "\"Draft scope 'all' is now called 'inherit'\""],
    [
      'an unknown filter kind',
      { scopes: ['read:users!foo=x'] },
      "\"Scope filter foo=x '!foo=x' in scope 'read:users!foo=x' for token does not exist\"",
    ],
    [
      'an empty filter value',
      { scopes: ['read:users!user='] },
      'Empty string is not a valid filter: read:users!user=',
    ],
    [
      'a scope the owner lacks',
      { scopes: ['read:users!user=bob'] },
      'Not assigning requested scopes read:users!user=bob,read:users:activity!user=bob,read:users:groups!user=bob,read:users:name!user=bob not held by User alice',
    ],
  ])('answers 400 to %s and stores nothing', async (_label, body, message) => {
    const before = await tokenRows();
    const req = hub.http().post('/hub/api/users/alice/tokens').set(hub.auth(hub.tokens.alice));
    const response = await (
      typeof body === 'string'
        ? req.set('Content-Type', 'application/json').send(body)
        : req.send(body as object)
    ).expect(400);
    expect(response.body).toEqual({ status: 400, message });
    expect(await tokenRows()).toBe(before);
  });

  it('answers 400 to malformed JSON and 413 to a huge body, storing nothing', async () => {
    const before = await tokenRows();
    // The message is the app's JSON parser's (create-hub-app), not this area's.
    await post('alice', 'alice')
      .set('Content-Type', 'application/json')
      .send('{"note": ')
      .expect(400);
    await post('alice', 'alice', { note: 'x'.repeat(2 * 1024 * 1024) }).expect(413);
    expect(await tokenRows()).toBe(before);
  });

  it.each([
    ['no body', undefined],
    ['an empty object', {}],
    ['null', null],
  ])('accepts %s as an empty request', async (_label, body) => {
    const req = post('alice', 'alice');
    const response = await (
      body === undefined
        ? req
        : req.set('Content-Type', 'application/json').send(JSON.stringify(body))
    ).expect(201);
    expect(response.body.note).toBe('Requested via api');
    expect(response.body.expires_at).toBeNull();
  });

  it('turns roles into their scopes and keeps only what the owner holds', async () => {
    const response = await post('alice', 'alice', { roles: ['user'] }).expect(201);
    expect(response.body.scopes).toContain('tokens!user=alice');
    expect(response.body.scopes).toContain('access:servers!user=alice');
    const refused = await post('alice', 'alice', { roles: ['admin'] }).expect(400);
    expect(refused.body.message).toMatch(
      /^Not assigning requested scopes .* not held by User alice$/,
    );
  });

  it('lets a group-filtered role ask for scopes held through the group', async () => {
    const carol = await post('admin', 'carol', { scopes: ['read:users!user=alice'] }).expect(201);
    expect(carol.body.scopes).toContain('read:users!user=alice');
    expect(carol.body.scopes).toContain('read:users:name!user=carol');
  });

  it('gives a token with no scopes (roles: []) only its identity', async () => {
    const response = await post('alice', 'alice', { roles: [] }).expect(201);
    expect(response.body.scopes).toEqual([
      'read:users:groups!user=alice',
      'read:users:name!user=alice',
    ]);
  });

  it('treats expires_in 0 as never', async () => {
    const response = await post('alice', 'alice', { expires_in: 0 }).expect(201);
    expect(response.body.expires_at).toBeNull();
  });
});

describe('tokens: POST with JupyterHub.token_expires_in_max_seconds', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub({ JupyterHub: { token_expires_in_max_seconds: 600 } });
  });
  afterAll(async () => {
    await hub.close();
  });
  const post = (body: object) =>
    hub.http().post('/hub/api/users/alice/tokens').set(hub.auth(hub.tokens.alice)).send(body);
  const lifetime = (body: Record<string, string>) =>
    Date.parse(body.expires_at) - Date.parse(body.created);

  it('gives a token without expires_in the maximum lifetime', async () => {
    const response = await post({}).expect(201);
    expect(Math.abs(lifetime(response.body) - 600_000)).toBeLessThan(5_000);
  });

  it('keeps expires_in 0 as never even with a maximum (quirk 10)', async () => {
    const response = await post({ expires_in: 0 }).expect(201);
    expect(response.body.expires_at).toBeNull();
  });

  it('refuses a lifetime above the maximum', async () => {
    const response = await post({ expires_in: 601 }).expect(400);
    expect(response.body.message).toBe('token expires_in: 601 must not exceed 600');
  });
});
