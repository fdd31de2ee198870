import { FakeClock, HubConfig } from '@orrery/core';
import { DataSource } from 'typeorm';
import { AuthResult, LoginError, UserDirectory } from './authenticator';
import { AuthenticatorRegistry, findAuthenticator } from './authenticator-registry.service';

const validName = (name: string) => name.length > 0 && !name.includes('/');

function registry(settings: Record<string, unknown> = {}, authenticator = 'dummy') {
  const config = new HubConfig();
  Object.assign(config.JupyterHub, {
    authenticator_class: authenticator,
    bind_url: 'http://127.0.0.1:8000',
  });
  Object.assign(config.Authenticator, settings);
  return new AuthenticatorRegistry(config, {} as DataSource, new FakeClock());
}

const existing = new Set(['old']);
const users: UserDirectory = {
  find: async (name) => (existing.has(name) ? { id: 1 } : null),
  ensure: async () => ({ id: 1 }),
};

describe('findAuthenticator', () => {
  it.each([
    ['first-use', 'first-use'],
    ['firstuseauthenticator.FirstUseAuthenticator', 'first-use'],
    ['dummy', 'dummy'],
    ['jupyterhub.auth.DummyAuthenticator', 'dummy'],
  ])('%s -> %s', (name, expected) => expect(findAuthenticator(name).name).toBe(expected));

  it('names the known authenticators when the configured one is unknown', () => {
    expect(() => findAuthenticator('gihtub')).toThrow(
      /unknown authenticator "gihtub"; known: first-use, dummy/,
    );
  });
});

describe('AuthenticatorRegistry.login', () => {
  const login = (r: AuthenticatorRegistry, username: string) =>
    r.login({ username, password: '' }, users, validName);

  it('normalises the name to lowercase', async () => {
    await expect(login(registry(), 'Alice')).resolves.toEqual({
      ok: true,
      name: 'alice',
      admin: undefined,
      result: { name: 'alice' },
    });
  });

  it('makes admin_users admins', async () => {
    await expect(login(registry({ admin_users: ['Root'] }), 'root')).resolves.toMatchObject({
      admin: true,
    });
  });

  it('refuses blocked users, names outside allowed_users and invalid names', async () => {
    const refused = (reason: RegExp) => ({
      ok: false,
      message: null,
      reason: expect.stringMatching(reason),
    });
    await expect(login(registry({ blocked_users: ['eve'] }), 'Eve')).resolves.toEqual(
      refused(/eve is in blocked_users/),
    );
    await expect(login(registry({ allowed_users: ['bob'] }), 'alice')).resolves.toEqual(
      refused(/alice is not allowed/),
    );
    await expect(login(registry(), 'a/b')).resolves.toEqual(refused(/invalid username/));
  });

  it('with allow_existing_users, admits only users already in the database', async () => {
    const r = registry({ allow_existing_users: true });
    await expect(login(r, 'old')).resolves.toMatchObject({ ok: true });
    await expect(login(r, 'new')).resolves.toMatchObject({ ok: false });
  });

  it("shows the authenticator's reason when it gives one", async () => {
    const r = registry();
    jest.spyOn(r.authenticator, 'authenticate').mockRejectedValue(new LoginError('why not'));
    await expect(login(r, 'x')).resolves.toEqual({
      ok: false,
      message: 'why not',
      reason: 'why not',
    });
  });
});

describe('AuthenticatorRegistry name rules', () => {
  const admit = (r: AuthenticatorRegistry, name: string) => r.admit({ name }, users, validName);

  it('maps names with username_map before the other rules', async () => {
    const r = registry({ username_map: { 'Dr.Who': 'who' }, allowed_users: ['who'] });
    await expect(admit(r, 'DR.WHO')).resolves.toMatchObject({ ok: true, name: 'who' });
  });

  it('refuses names outside username_pattern', async () => {
    const r = registry({ username_pattern: 's[0-9]{4}' });
    await expect(admit(r, 'S1234')).resolves.toMatchObject({ ok: true, name: 's1234' });
    await expect(admit(r, 'teacher')).resolves.toMatchObject({
      ok: false,
      reason: 'invalid username "teacher"',
    });
  });
});

describe('AuthenticatorRegistry.admit', () => {
  const admit = (r: AuthenticatorRegistry, result: AuthResult) => r.admit(result, users, validName);

  it("lets the authenticator's own allow rule admit a user no common rule allows", async () => {
    const r = registry({ allowed_users: ['bob'] }, 'first-use');
    await expect(admit(r, { name: 'Carol' })).resolves.toMatchObject({ ok: false });
    await expect(admit(r, { name: 'Carol', allowed: true })).resolves.toMatchObject({
      ok: true,
      name: 'carol',
    });
  });

  it('keeps blocked users out even when the authenticator allows them', async () => {
    const r = registry({ blocked_users: ['mallory'] });
    await expect(admit(r, { name: 'mallory', allowed: true })).resolves.toMatchObject({
      ok: false,
      reason: 'mallory is in blocked_users',
    });
  });

  it("takes the authenticator's admin verdict unless admin_users makes the user admin", async () => {
    const r = registry({ admin_users: ['root'] });
    await expect(admit(r, { name: 'root', admin: false })).resolves.toMatchObject({ admin: true });
    await expect(admit(r, { name: 'ann', admin: false })).resolves.toMatchObject({ admin: false });
    await expect(admit(r, { name: 'ann' })).resolves.toMatchObject({ admin: undefined });
  });
});
