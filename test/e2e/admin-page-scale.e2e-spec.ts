import { UserEntity } from '@orrery/core';
import { performance } from 'node:perf_hooks';
import { loginAs } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/**
 * The admin page at 10,000 users: the page itself carries no user, and the first page of the
 * users table is one paginated API call. Prints the times; asserts only what was answered.
 */
const USERS = 10_000;
const CHUNK = 500;

describe('the admin page at 10,000 users', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub();
    const repository = hub.dataSource.getRepository(UserEntity);
    const created = new Date('2026-01-01T00:00:00Z');
    for (let start = 0; start < USERS; start += CHUNK) {
      const rows = Array.from({ length: CHUNK }, (_, i) => ({
        name: `learner-${String(start + i).padStart(5, '0')}`,
        admin: false,
        created,
        lastActivity: null,
        cookieId: `scale-cookie-${start + i}`,
      }));
      await repository.insert(rows);
    }
  }, 120_000);
  afterAll(() => hub.close());

  it('renders the page and its first page of 50 users, with the totals, from the server', async () => {
    const root = await loginAs(hub, 'root');
    let started = performance.now();
    const page = await hub.http().get('/hub/admin').set('Cookie', root.cookie).expect(200);
    const pageMs = performance.now() - started;
    expect(page.text).not.toContain('learner-00000');

    started = performance.now();
    const first = await hub
      .http()
      .get('/hub/api/users?offset=0&limit=50&sort=name&include_stopped_servers=1')
      .set(hub.auth(hub.tokens.admin))
      .set('Accept', 'application/jupyterhub-pagination+json')
      .expect(200);
    const apiMs = performance.now() - started;
    expect(first.body.items).toHaveLength(50);
    expect(first.body._pagination.total).toBeGreaterThanOrEqual(USERS);

    started = performance.now();
    const filtered = await hub
      .http()
      .get('/hub/api/users?offset=0&limit=50&name_filter=learner-0999')
      .set(hub.auth(hub.tokens.admin))
      .set('Accept', 'application/jupyterhub-pagination+json')
      .expect(200);
    const filterMs = performance.now() - started;
    expect(filtered.body._pagination.total).toBe(10);
    console.log(
      `admin page at ${USERS} users: page ${pageMs.toFixed(1)} ms, first 50 users ${apiMs.toFixed(1)} ms, name filter ${filterMs.toFixed(1)} ms`,
    );
  });
});
