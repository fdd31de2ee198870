import { rawQuery } from '@orrery/core';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { createTestDatabase, TestDatabase } from './fixtures/test-database';
import { killServers, spawnConfig, tempHome, viaProxy } from './servers-helpers';

const OLD_KEY = randomBytes(32).toString('hex');
const NEW_KEY = randomBytes(32).toString('base64');
const AUTH_STATE_ON = { Authenticator: { enable_auth_state: true } };

/** Starts a hub that reads `keys` from JUPYTERHUB_CRYPT_KEY, as a real hub reads its env. */
async function hubWithKeys(
  keys: string | undefined,
  database?: TestDatabase,
  extra: Parameters<typeof startHub>[0] = {},
) {
  const saved = process.env.JUPYTERHUB_CRYPT_KEY;
  if (keys === undefined) delete process.env.JUPYTERHUB_CRYPT_KEY;
  else process.env.JUPYTERHUB_CRYPT_KEY = keys;
  try {
    return await startHub({ ...AUTH_STATE_ON, ...extra }, undefined, database);
  } finally {
    if (saved === undefined) delete process.env.JUPYTERHUB_CRYPT_KEY;
    else process.env.JUPYTERHUB_CRYPT_KEY = saved;
  }
}

async function storedAuthState(hub: HubFixture, name: string): Promise<string | null> {
  const rows = await rawQuery<{ encrypted_auth_state: string | null }>(
    hub.dataSource,
    'SELECT encrypted_auth_state FROM users WHERE name = ?',
    [name],
  );
  return rows[0]?.encrypted_auth_state ?? null;
}

describe('auth state, encrypted at rest', () => {
  let database: TestDatabase;
  let hub: HubFixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    hub = await hubWithKeys(OLD_KEY, database);
  });
  afterAll(async () => {
    await hub?.close();
    await database.drop();
  });

  it('is written by PATCH, shown to admin:auth_state, stored encrypted', async () => {
    const admin = hub.auth(hub.tokens.admin);
    const state = { access_token: 'gho_secret-token', teams: ['staff'] };
    const patched = await hub
      .http()
      .patch('/hub/api/users/alice')
      .set(admin)
      .send({ auth_state: state })
      .expect(200);
    expect(patched.body.auth_state).toEqual(state);
    const read = await hub.http().get('/hub/api/users/alice').set(admin).expect(200);
    expect(read.body.auth_state).toEqual(state);
    const stored = await storedAuthState(hub, 'alice');
    expect(stored).toMatch(/^aesgcm1:/);
    expect(stored).not.toContain('gho_secret-token');
  });

  it('is hidden from a token without admin:auth_state, even the user’s own', async () => {
    const own = await hub.http().get('/hub/api/users/alice').set(hub.auth(hub.tokens.alice));
    expect(own.status).toBe(200);
    expect(own.body).not.toHaveProperty('auth_state');
  });

  it('is still read after the key is rotated (new key first, old one kept)', async () => {
    await hub.close();
    hub = await hubWithKeys(`${NEW_KEY};${OLD_KEY}`, database);
    const read = await hub
      .http()
      .get('/hub/api/users/alice')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(read.body.auth_state).toEqual({ access_token: 'gho_secret-token', teams: ['staff'] });
  });

  it('reads as null once the key that wrote it is gone', async () => {
    await hub.close();
    hub = await hubWithKeys(NEW_KEY, database);
    const read = await hub
      .http()
      .get('/hub/api/users/alice')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(read.body.auth_state).toBeNull();
  });
});

describe('auth state without a key', () => {
  it('stops the hub at start when enable_auth_state is on', async () => {
    await expect(hubWithKeys(undefined)).rejects.toThrow(
      /enable_auth_state is on but JUPYTERHUB_CRYPT_KEY is not set/,
    );
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expect(hubWithKeys('abcd')).rejects.toThrow(/JUPYTERHUB_CRYPT_KEY key 1/);
  });
});

describe('auth state in the environment of servers', () => {
  let hub: HubFixture;
  let home: string;
  beforeAll(async () => {
    home = tempHome();
    const spawn = spawnConfig(home);
    hub = await hubWithKeys(OLD_KEY, undefined, {
      ...spawn,
      Spawner: {
        ...spawn.Spawner,
        auth_state_env: { GITHUB_TOKEN: 'access_token', GITHUB_LOGIN: 'github_user.login' },
        environment: { FIXTURE_REPORT_ENV: 'GITHUB_TOKEN,GITHUB_LOGIN' },
      },
    });
  });
  afterAll(async () => {
    await killServers(hub);
    await hub.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('gives a server the variables Spawner.auth_state_env takes from its user', async () => {
    const admin = hub.auth(hub.tokens.admin);
    const state = { access_token: 'gho_for-the-server', github_user: { login: 'bob-gh' } };
    await hub.http().patch('/hub/api/users/bob').set(admin).send({ auth_state: state }).expect(200);
    const started = await hub.http().post('/hub/api/users/bob/server').set(admin);
    expect([201, 202]).toContain(started.status);
    await hub.http().get('/hub/api/users/bob/server/progress').set(admin);
    const env = JSON.parse((await viaProxy(hub, '/user/bob/env')).body);
    expect(env).toMatchObject({ GITHUB_TOKEN: 'gho_for-the-server', GITHUB_LOGIN: 'bob-gh' });
    const other = await hub.http().post('/hub/api/users/alice/server').set(admin);
    expect([201, 202]).toContain(other.status);
    await hub.http().get('/hub/api/users/alice/server/progress').set(admin);
    const aliceEnv = JSON.parse((await viaProxy(hub, '/user/alice/env')).body);
    expect(aliceEnv).not.toHaveProperty('GITHUB_TOKEN');
  });
});
