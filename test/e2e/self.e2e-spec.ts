import { HubFixture, PersonaTokens, startHub } from './fixtures/hub-fixture';

/** The scopes JupyterHub's `self` metascope expands to for user `name` (section 4.2). */
function selfScopes(name: string): string[] {
  return [
    'access:servers',
    'delete:servers',
    'read:servers',
    'read:shares',
    'read:tokens',
    'read:users',
    'read:users:activity',
    'read:users:groups',
    'read:users:name',
    'read:users:shares',
    'servers',
    'start:servers',
    'tokens',
    'users:activity',
    'users:shares',
  ].map((scope) => `${scope}!user=${name}`);
}

describe('whoami: GET /hub/api/user', () => {
  let hub: HubFixture;
  let tokens: PersonaTokens;

  const whoami = (token: string) => hub.http().get('/hub/api/user').set(hub.auth(token));
  const tokenId = async (token: string) => {
    const prefix = token.slice(0, 4);
    const rows: { id: number }[] = await hub.dataSource
      .createQueryBuilder()
      .select('t.id', 'id')
      .from('api_tokens', 't')
      .where('t.prefix = :prefix', { prefix })
      .getRawMany();
    return rows.map((row) => `a${row.id}`);
  };

  beforeAll(async () => {
    hub = await startHub();
    tokens = hub.tokens;
  });
  afterAll(async () => {
    await hub?.close();
  });

  it("gives a user's full-power token the user's model, token id and expanded scopes", async () => {
    const response = await whoami(tokens.alice).expect(200);
    expect(response.body).toMatchObject({
      kind: 'user',
      name: 'alice',
      admin: false,
      roles: ['user'],
      groups: ['staff'],
      server: null,
      servers: {},
      session_id: null,
      scopes: selfScopes('alice').sort(),
    });
    expect(response.body).not.toHaveProperty('auth_state');
    expect(await tokenId(tokens.alice)).toContain(response.body.token_id);
  });

  it('lists an admin user its unfiltered scopes and shows auth_state (null)', async () => {
    const response = await whoami(tokens.admin).expect(200);
    expect(response.body).toMatchObject({
      kind: 'user',
      name: 'root',
      admin: true,
      auth_state: null,
    });
    expect(response.body.roles).toEqual(['admin', 'user']);
    expect(response.body.scopes).toEqual(
      expect.arrayContaining(['admin:users', 'read:users', 'list:users']),
    );
    expect(response.body.scopes).toEqual([...response.body.scopes].sort());
  });

  it('shows a narrowed token only the identify fields and its own scopes', async () => {
    const response = await whoami(tokens.aliceNarrow).expect(200);
    expect(response.body).toEqual({
      kind: 'user',
      name: 'alice',
      admin: false,
      groups: ['staff'],
      user_info: null,
      token_id: expect.stringMatching(/^a\d+$/),
      session_id: null,
      scopes: ['read:users:groups!user=alice', 'read:users:name!user=alice'],
    });
  });

  it('identifies a token without any scopes, listing only its identify scopes', async () => {
    const token = await hub.userToken('bob', []);
    const response = await whoami(token).expect(200);
    expect(response.body).toMatchObject({ kind: 'user', name: 'bob', groups: ['staff'] });
    expect(response.body.scopes).toEqual([
      'read:users:groups!user=bob',
      'read:users:name!user=bob',
    ]);
  });

  it('shows an admin service its service model', async () => {
    const response = await whoami(tokens.adminService).expect(200);
    expect(response.body).toMatchObject({
      kind: 'service',
      name: 'admin-svc',
      admin: true,
      roles: ['admin'],
      token_id: expect.stringMatching(/^a\d+$/),
      session_id: null,
    });
    expect(response.body.scopes).toContain('admin:services');
  });

  it('identifies the custom-role service without listing the scope added to identify it', async () => {
    const response = await whoami(tokens.readerService).expect(200);
    expect(response.body).toEqual({
      kind: 'service',
      name: 'reader',
      admin: false,
      token_id: expect.stringMatching(/^a\d+$/),
      session_id: null,
      scopes: [
        'list:users',
        'read:users',
        'read:users:activity',
        'read:users:groups',
        'read:users:name',
      ],
    });
  });

  it('lists the group-filtered role as group filters for a full-power token', async () => {
    const response = await whoami(tokens.carol).expect(200);
    expect(response.body.scopes).toEqual(
      expect.arrayContaining(['read:users!group=staff', 'list:users!group=staff']),
    );
  });

  it.each([
    ['a staff member: kept, as a concrete user filter', 'alice', ['read:users!user=alice']],
    ['a non-member: dropped', 'root', []],
  ])('resolves a token narrowed through the group role to %s', async (_label, target, kept) => {
    const token = await hub.userToken('carol', [`read:users!user=${target}`]);
    const response = await whoami(token).expect(200);
    const granted = (response.body.scopes as string[]).filter((scope) =>
      scope.startsWith('read:users!'),
    );
    expect(granted).toEqual(kept);
  });

  it.each([
    ['no credentials', undefined],
    ['an unknown token', 'token 0123456789abcdef0123456789abcdef'],
    ['a malformed header', 'Basic YWxpY2U6c2VjcmV0'],
  ])('refuses %s with 403 (never 401)', async (_label, header) => {
    const request = hub.http().get('/hub/api/user');
    if (header) request.set('Authorization', header);
    const response = await request.expect(403);
    expect(response.body).toEqual({ status: 403, message: 'Missing or invalid credentials.' });
  });
});
