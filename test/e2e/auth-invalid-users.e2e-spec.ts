import { rawQuery } from '@orrery/core';
import { startHub } from './fixtures/hub-fixture';
import { createTestDatabase, TestDatabase } from './fixtures/test-database';

/** Users whose names a changed username_pattern no longer accepts, at the next start. */
describe('Authenticator.delete_invalid_users', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const first = await startHub({}, undefined, database);
    await first.userToken('s1001');
    await first.userToken('visitor');
    await first.close();
  });
  afterAll(() => database.drop());

  // the e2e personas (root, alice, bob, carol) are configured users: the pattern admits them
  const pattern = 's[0-9]{4}|root|alice|bob|carol';

  it('stops the hub, naming the users, unless they may be deleted', async () => {
    await expect(
      startHub({ Authenticator: { username_pattern: pattern } }, undefined, database),
    ).rejects.toThrow(
      /names the authenticator does not accept: visitor; set Authenticator.delete_invalid_users/,
    );
  });

  it('deletes them with delete_invalid_users, and keeps everyone else', async () => {
    const hub = await startHub(
      { Authenticator: { username_pattern: pattern, delete_invalid_users: true } },
      undefined,
      database,
    );
    try {
      const rows = await rawQuery<{ name: string }>(
        hub.dataSource,
        'SELECT name FROM users ORDER BY name',
        [],
      );
      expect(rows.map((row) => row.name)).toEqual(['alice', 'bob', 'carol', 'root', 's1001']);
    } finally {
      await hub.close();
    }
  });
});
