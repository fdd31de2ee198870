import { submitLoginForm } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { NUL_REFUSED } from '../../libs/api/src/http/nul-characters';
import { userNames, userRow } from './fixtures/login-checks';

/** Names no user may have: the parent folder, separators, invisible and reordering characters. */
const UNSAFE_NAMES = [
  '..',
  '.',
  'a\\b',
  'a\u0000b',
  'a\u0007b',
  'adm\u202eni',
  'a\u2066b',
  'a\u200bb',
];

describe('user names that could escape a folder or look like another', () => {
  let hub: HubFixture;
  // many refused logins from one address: the throttle (auth-login-throttle) would answer 429
  beforeAll(async () => (hub = await startHub({ Authenticator: { login_throttle: false } })));
  afterAll(() => hub.close());

  const api = () => ({ ...hub.auth(hub.tokens.adminService) });

  it('refuses the user name .. in the API and at login', async () => {
    const one = await hub.http().post('/hub/api/users/%2E%2E').set(api()).expect(400);
    expect(one.body).toEqual({ status: 400, message: 'Invalid username: ..' });
    const many = await hub
      .http()
      .post('/hub/api/users')
      .set(api())
      .send({ usernames: ['..'] })
      .expect(400);
    expect(many.body).toEqual({ status: 400, message: 'Invalid username: ..' });
    const login = await submitLoginForm(hub, { username: '..', password: 'long-enough' });
    expect(login.status).toBe(403);
    expect(login.text).toContain('Invalid username or password');
    expect(await userRow(hub, '..')).toBeNull();
  });

  it.each(UNSAFE_NAMES)(
    'refuses the user name %j in the API, at login and as a rename',
    async (name) => {
      // a NUL is refused for the whole request before the name is looked at (PostgreSQL cannot hold one)
      const message = name.includes('\u0000') ? NUL_REFUSED : `Invalid username: ${name}`;
      const created = await hub
        .http()
        .post('/hub/api/users')
        .set(api())
        .send({ usernames: [name] })
        .expect(400);
      expect(created.body.message).toBe(message);
      await hub
        .http()
        .post(`/hub/api/users/${encodeURIComponent(name)}`)
        .set(api())
        .expect(400);
      await hub.http().post('/hub/api/users/renamed-src').set(api());
      const renamed = await hub
        .http()
        .patch('/hub/api/users/renamed-src')
        .set(api())
        .send({ name })
        .expect(400);
      expect(renamed.body).toEqual({ status: 400, message });
      const login = await submitLoginForm(hub, { username: name, password: 'long-enough' });
      expect(login.status).toBe(403);
      expect(await userNames(hub)).not.toContain(name);
    },
  );

  it('Kelvin sign collapses to k', async () => {
    const kelvin = '\u212Aate';
    const first = await submitLoginForm(hub, { username: kelvin, password: 'kate-password' });
    expect(first.status).toBe(302);
    expect(await userRow(hub, 'kate')).not.toBeNull();
    expect(await userRow(hub, kelvin)).toBeNull();
    const plain = await submitLoginForm(hub, { username: 'Kate', password: 'kate-password' });
    expect(plain.status).toBe(302);
    const taken = await submitLoginForm(hub, { username: kelvin, password: 'other-password' });
    expect(taken.status).toBe(403);
    await hub
      .http()
      .post(`/hub/api/users/${encodeURIComponent(kelvin)}`)
      .set(api())
      .expect(400);
    const listed = await hub
      .http()
      .post('/hub/api/users')
      .set(api())
      .send({ usernames: ['\uFF2Bim'] })
      .expect(201);
    expect(listed.body.map((user: { name: string }) => user.name)).toEqual(['kim']);
  });

  it('refuses to start with admin_users or allowed_users no login could have', async () => {
    await expect(startHub({ Authenticator: { admin_users: ['..'] } })).rejects.toThrow(
      /Authenticator\.admin_users: invalid user names "\.\."/,
    );
    await expect(startHub({ Authenticator: { allowed_users: ['a\u200bb'] } })).rejects.toThrow(
      /Authenticator\.allowed_users: invalid user names/,
    );
  });
});

describe('admin_users are kept in their normal form', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub({ Authenticator: { admin_users: ['\u212Aelly'] } })));
  afterAll(() => hub.close());

  it('creates the Kelvin-sign admin as the k-name its owner logs in with', async () => {
    expect(await userRow(hub, 'kelly')).toEqual(expect.objectContaining({ admin: true }));
    expect(await userRow(hub, '\u212Aelly')).toBeNull();
  });
});
