import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('hub info: GET /hub/api and /hub/api/info', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it.each(['/hub/api', '/hub/api/'])(
    'answers %s without credentials with the JupyterHub version',
    async (path) => {
      const response = await hub.http().get(path).expect(200);
      expect(response.body).toEqual({ version: hub.config.JupyterHub.jupyterhub_version });
      expect(response.headers['x-jupyterhub-version']).toBe(
        hub.config.JupyterHub.jupyterhub_version,
      );
      expect(response.headers['access-control-allow-origin']).toBe('*');
    },
  );

  it('sends the version and the API CSP on errors too', async () => {
    const response = await hub.http().get('/hub/api/info').expect(403);
    expect(response.body).toEqual({ status: 403, message: 'Missing or invalid credentials.' });
    expect(response.headers['x-jupyterhub-version']).toBe(hub.config.JupyterHub.jupyterhub_version);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('gives /info to a holder of read:hub', async () => {
    const response = await hub
      .http()
      .get('/hub/api/info')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(response.body).toMatchObject({
      version: hub.config.JupyterHub.jupyterhub_version,
      spawner: { class: 'local' },
    });
  });

  it.each([
    ['a plain user', 'alice'],
    ['a service with a custom role', 'readerService'],
  ] as const)('refuses /info to %s with 403', async (_label, persona) => {
    const response = await hub
      .http()
      .get('/hub/api/info')
      .set(hub.auth(hub.tokens[persona]))
      .expect(403);
    expect(response.body.message).toContain('read:hub');
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const response = await hub
      .http()
      .get('/hub/api/no-such-thing')
      .set(hub.auth(hub.tokens.admin))
      .expect(404);
    expect(response.body.status).toBe(404);
  });

  it.each([['Bearer'], ['token'], ['TOKEN']])(
    'accepts the %s authorization scheme',
    async (scheme) => {
      await hub
        .http()
        .get('/hub/api/user')
        .set('Authorization', `${scheme} ${hub.tokens.alice}`)
        .expect(200);
    },
  );

  it('never accepts a token in the URL', async () => {
    await hub.http().get(`/hub/api/user?token=${hub.tokens.alice}`).expect(403);
  });
});
