import { loginAs } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('the admin page /hub/admin (admin-ui)', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it('shows an admin the users table shell and its script, with no user list in the page', async () => {
    await loginAs(hub, 'alice');
    const root = await loginAs(hub, 'root');
    const page = await hub.http().get('/hub/admin').set('Cookie', root.cookie).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<table id="admin-user-table">');
    expect(page.text).toContain('<label for="admin-name-filter">Search by name</label>');
    expect(page.text).toMatch(/src="\/hub\/static\/admin\.js(\?[^"]*)?"/);
    expect(page.text).not.toContain('data-user="alice"');
  });

  it('answers a logged-in user without admin-ui with the 403 page', async () => {
    const alice = await loginAs(hub, 'alice');
    const page = await hub.http().get('/hub/admin').set('Cookie', alice.cookie).expect(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('403');
    expect(page.text).toContain('requires any of [admin-ui]');
  });

  it('sends a browser without a login to the login page', async () => {
    const response = await hub.http().get('/hub/admin').expect(302);
    expect(response.headers.location).toBe('/hub/login?next=%2Fhub%2Fadmin');
  });

  it('serves the admin script without login, like the other static files', async () => {
    const script = await hub.http().get('/hub/static/admin.js').expect(200);
    expect(script.text).toContain('application/jupyterhub-pagination+json');
  });
});
