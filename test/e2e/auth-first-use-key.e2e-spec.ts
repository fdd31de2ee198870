import { UserEntity, UserPasswordEntity } from '@orrery/core';
import { submitLoginForm } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('first-use registration key on accounts without a password', () => {
  let hub: HubFixture;
  beforeAll(
    async () =>
      (hub = await startHub({
        FirstUseAuthenticator: { registration_key: 'workshop-key' },
        Authenticator: {
          admin_users: ['boss'],
          allowed_users: ['helper'],
          allow_existing_users: true,
        },
      })),
  );
  afterAll(() => hub.close());

  const passwordOf = async (name: string) => {
    const user = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name });
    return hub.dataSource.getRepository(UserPasswordEntity).findOneBy({ userId: user.id });
  };

  it('registration key guards a pre-created admin account', async () => {
    for (const key of [undefined, 'wrong-key']) {
      const fields: Record<string, string> = { username: 'boss', password: 'anything-goes' };
      if (key) fields.registration_key = key;
      const refused = await submitLoginForm(hub, fields);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('A new user needs the correct registration key.');
    }
    expect(await passwordOf('boss')).toBeNull();
    const owner = await submitLoginForm(hub, {
      username: 'boss',
      password: 'boss-password',
      registration_key: 'workshop-key',
    });
    expect(owner.status).toBe(302);
    expect(await passwordOf('boss')).not.toBeNull();
  });

  it('registration key guards accounts made by allowed_users and the API', async () => {
    await hub
      .http()
      .post('/hub/api/users/made-by-api')
      .set(hub.auth(hub.tokens.adminService))
      .expect(201);
    for (const username of ['helper', 'made-by-api']) {
      const refused = await submitLoginForm(hub, { username, password: 'anything-goes' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('A new user needs the correct registration key.');
      expect(await passwordOf(username)).toBeNull();
    }
  });
});
