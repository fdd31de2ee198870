import { HubFixture } from './fixtures/hub-fixture';
import { serverHub, spawnConfig } from './servers-helpers';

/** JupyterHub lets an admin rename a user whose server runs; the proxy must follow the name. */
describe('renaming a user with a running server', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => ({ ...spawnConfig(dir), JupyterHub: { allow_named_servers: true } }),
    (started) => (hub = started),
  );
  const asAdmin = () => hub.auth(hub.tokens.admin);

  it('moves its routes to the new name and leaves none under the old one', async () => {
    await hub
      .http()
      .post('/hub/api/users')
      .set(asAdmin())
      .send({ usernames: ['rn-old'] });
    await hub.http().post('/hub/api/users/rn-old/server').set(asAdmin()).expect(201);
    await hub.http().post('/hub/api/users/rn-old/servers/lab').set(asAdmin()).expect(201);
    const renamed = await hub
      .http()
      .patch('/hub/api/users/rn-old')
      .set(asAdmin())
      .send({ name: 'rn-new' })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'rn-new', server: '/user/rn-new/' });
    const routes = await hub.http().get('/hub/api/proxy').set(asAdmin()).expect(200);
    expect(routes.body['/user/rn-new/']).toMatchObject({
      data: { user: 'rn-new', server_name: '' },
    });
    expect(routes.body['/user/rn-new/lab/']).toMatchObject({
      data: { user: 'rn-new', server_name: 'lab' },
    });
    expect(Object.keys(routes.body).filter((spec) => spec.includes('rn-old'))).toEqual([]);
    await hub.http().delete('/hub/api/users/rn-new/server').set(asAdmin()).expect(204);
    await hub.http().delete('/hub/api/users/rn-new/servers/lab').set(asAdmin()).expect(204);
  });
});
