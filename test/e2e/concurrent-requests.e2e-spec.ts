import request from 'supertest';
import { submitLoginForm } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { count, leftovers, NOTHING_LEFT, serverHub, spawnConfig } from './servers-helpers';

/**
 * The same write sent four times at once, as a double-clicking admin or a retrying client
 * does. SQLite runs one transaction at a time; PostgreSQL runs them side by side, so every
 * check-then-insert here meets a unique key there and must answer JupyterHub's conflict,
 * never a 500. CI runs this file on both databases.
 */
const TIMES = 4;

async function together(send: () => request.Test): Promise<number[]> {
  const responses = await Promise.all(Array.from({ length: TIMES }, () => send()));
  return responses.map((response) => response.status).sort();
}

describe('the same request sent four times at once', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => ({ ...spawnConfig(dir), JupyterHub: { allow_named_servers: true } }),
    (started) => (hub = started),
  );
  const admin = () => hub.auth(hub.tokens.admin);

  it('creates a user once (201) and answers the others 409', async () => {
    const statuses = await together(() => hub.http().post('/hub/api/users/u1').set(admin()));
    expect(statuses).toEqual([201, 409, 409, 409]);
    expect(await count(hub, 'users', 'name = ?', ['u1'])).toBe(1);
  });

  it('creates a list of users once (201) and answers the others 409', async () => {
    const statuses = await together(() =>
      hub
        .http()
        .post('/hub/api/users')
        .set(admin())
        .send({ usernames: ['u2', 'u3'] }),
    );
    expect(statuses).toEqual([201, 409, 409, 409]);
    expect(await count(hub, 'users', 'name IN (?, ?)', ['u2', 'u3'])).toBe(2);
  });

  it('makes a user admin four times at once (200 each)', async () => {
    await hub.http().post('/hub/api/users/u4').set(admin()).expect(201);
    const statuses = await together(() =>
      hub.http().patch('/hub/api/users/u4').set(admin()).send({ admin: true }),
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
    const model = await hub.http().get('/hub/api/users/u4').set(admin()).expect(200);
    expect(model.body).toMatchObject({ admin: true, roles: ['admin', 'user'] });
  });

  it('renames two users to one new name: one 200, the others 400 (name taken)', async () => {
    for (const name of ['r1', 'r2', 'r3', 'r4']) {
      await hub.http().post(`/hub/api/users/${name}`).set(admin()).expect(201);
    }
    let next = 0;
    const statuses = await together(() =>
      hub.http().patch(`/hub/api/users/r${++next}`).set(admin()).send({ name: 'renamed' }),
    );
    expect(statuses).toEqual([200, 400, 400, 400]);
    expect(await count(hub, 'users', 'name = ?', ['renamed'])).toBe(1);
  });

  it('deletes a user once (204) and answers the others 404', async () => {
    await hub.http().post('/hub/api/users/gone').set(admin()).expect(201);
    const statuses = await together(() => hub.http().delete('/hub/api/users/gone').set(admin()));
    expect(statuses).toEqual([204, 404, 404, 404]);
  });

  it('starts one server once (201) and answers the others 202 (starting) or 400 (running)', async () => {
    await hub.http().post('/hub/api/users/s1').set(admin()).expect(201);
    const statuses = await together(() => hub.http().post('/hub/api/users/s1/server').set(admin()));
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => [201, 202, 400].includes(status))).toBe(true);
    expect(await count(hub, 'spawners', "name = ''", [])).toBeGreaterThan(0);
    expect((await leftovers(hub, 's1')).servers).toBe(1);
  });

  it('stops one server four times at once (204 or 202), leaving nothing behind', async () => {
    const statuses = await together(() =>
      hub.http().delete('/hub/api/users/s1/server').set(admin()),
    );
    expect(statuses.every((status) => [202, 204].includes(status))).toBe(true);
    expect(await leftovers(hub, 's1')).toEqual(NOTHING_LEFT);
  });

  it('creates a named server once (PUT 201) and answers the others 409', async () => {
    const statuses = await together(() =>
      hub.http().put('/hub/api/users/s1/servers/lab').set(admin()),
    );
    expect(statuses).toEqual([201, 409, 409, 409]);
  });

  it('starts a new named server once (201) and answers the others 202 or 400', async () => {
    const statuses = await together(() =>
      hub.http().post('/hub/api/users/s1/servers/fresh').set(admin()),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => [201, 202, 400].includes(status))).toBe(true);
    await hub.http().delete('/hub/api/users/s1/servers/fresh').set(admin()).expect(204);
  });

  it('renames two named servers to one new name: one 200, the others 409', async () => {
    for (const name of ['n1', 'n2', 'n3', 'n4']) {
      await hub.http().put(`/hub/api/users/s1/servers/${name}`).set(admin()).expect(201);
    }
    let next = 0;
    const statuses = await together(() =>
      hub.http().patch(`/hub/api/users/s1/servers/n${++next}`).set(admin()).send({ name: 'same' }),
    );
    expect(statuses).toEqual([200, 409, 409, 409]);
  });

  it('creates a group once (201) and answers the others 409', async () => {
    const statuses = await together(() => hub.http().post('/hub/api/groups/g1').set(admin()));
    expect(statuses).toEqual([201, 409, 409, 409]);
  });

  it('adds the same member to a group four times at once (200 each)', async () => {
    const statuses = await together(() =>
      hub
        .http()
        .post('/hub/api/groups/g1/users')
        .set(admin())
        .send({ users: ['u1'] }),
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  it('creates a service once (201) and answers the others 409', async () => {
    const statuses = await together(() =>
      hub
        .http()
        .post('/hub/api/services/svc1')
        .set(admin())
        .send({ url: 'http://127.0.0.1:10102' }),
    );
    expect(statuses).toEqual([201, 409, 409, 409]);
  });

  it('shares a server with the same user four times at once (200 each, one share)', async () => {
    const statuses = await together(() =>
      hub.http().post('/hub/api/shares/s1/lab').set(admin()).send({ user: 'u1' }),
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(await count(hub, 'shares', 'user_id IS NOT NULL', [])).toBe(1);
  });
});

describe('the first login of a new name sent four times at once (first-use)', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it('registers the user and its password once, and logs every request in', async () => {
    const responses = await Promise.all(
      Array.from({ length: TIMES }, () =>
        submitLoginForm(hub, { username: 'newbie', password: 'long-enough-password' }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([302, 302, 302, 302]);
    expect(await count(hub, 'users', 'name = ?', ['newbie'])).toBe(1);
    expect(await count(hub, 'user_passwords', '1=1', [])).toBe(1);
  });

  it('lets only the password that claimed the name first log in', async () => {
    const passwords = ['first-password-1', 'first-password-2', 'first-password-3'];
    const responses = await Promise.all(
      passwords.map((password) => submitLoginForm(hub, { username: 'contested', password })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 302)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 302).every((s) => s < 500)).toBe(true);
  });
});
