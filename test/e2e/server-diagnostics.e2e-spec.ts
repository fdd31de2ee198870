import { loginAs } from './fixtures/browser-login';
import { HubFixture } from './fixtures/hub-fixture';
import { serverHub, spawnConfig } from './servers-helpers';

/**
 * Spawn diagnostics (issue 16): a server that fails to start or dies keeps why, in the owner's
 * words on the home and spawn-pending pages, in full for admins (`GET /hub/api/orrery/server-events`).
 * Users' servers misbehave as their names say (test/fixtures/single-user-server.js).
 */
describe('spawn diagnostics', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => spawnConfig(dir, '', { args: [], http_timeout: 1, poll_interval: 1 }),
    (started) => (hub = started),
  );

  const start = async (user: string) => {
    await hub.userToken(user, []);
    return hub.http().post(`/hub/api/users/${user}/server`).set(hub.auth(hub.tokens.admin));
  };
  const eventsOf = async (user: string) =>
    (
      await hub
        .http()
        .get(`/hub/api/orrery/server-events?user=${user}`)
        .set(hub.auth(hub.tokens.admin))
        .expect(200)
    ).body as Record<string, string>[];
  const pages = async (user: string) => {
    const session = await loginAs(hub, user);
    const headers = { Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' };
    return {
      home: () => hub.http().get('/hub/home').set(headers),
      pending: () => hub.http().get(`/hub/spawn-pending/${user}`).set(headers),
    };
  };

  it('tells the owner and the admins why a server exited with status 3 after printing a message', async () => {
    const response = await start('complain-a');
    expect(response.status).toBe(500);
    // the API's error, which the owner may read, keeps JupyterHub's words without the output
    expect(response.body.message).not.toContain('no notebook directory here');
    const events = await eventsOf('complain-a');
    expect(events).toEqual([
      expect.objectContaining({
        user: 'complain-a',
        server: '',
        kind: 'failure',
        reason: 'exit',
        summary: expect.stringMatching(
          /stopped by itself with an error \(exit status 3\) before it was ready/,
        ),
        details: expect.stringContaining(
          'exited with status 3.\nLast output of the server:\nfixture: no notebook directory here',
        ),
      }),
    ]);
    const browser = await pages('complain-a');
    const home = await browser.home().expect(200);
    expect(home.text).toContain('id="server-problem"');
    expect(home.text).toContain('(exit status 3) before it was ready');
    // the learner's words only: the server's output is for admins
    expect(home.text).not.toContain('no notebook directory here');
    const pending = await browser.pending();
    expect(pending.text).toContain('(exit status 3) before it was ready');
    expect(pending.text).not.toContain('no notebook directory here');
  });

  it('says a server that never listens was stopped after http_timeout', async () => {
    expect((await start('silent-a')).status).toBe(500);
    const [event] = await eventsOf('silent-a');
    expect(event).toMatchObject({ kind: 'failure', reason: 'no_answer' });
    expect(event.summary).toMatch(/never answered within 1 seconds/);
    expect(event.details).toMatch(/Spawner\.http_timeout \(1 s\)/);
    const home = await (await pages('silent-a')).home().expect(200);
    expect(home.text).toContain('never answered within 1 seconds');
  });

  it('records a server that dies while running, with its exit status', async () => {
    expect((await start('crash-a')).status).toBe(201);
    let events: Record<string, string>[] = [];
    for (let i = 0; i < 100 && events.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = await eventsOf('crash-a');
    }
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'failure',
        reason: 'exit',
        summary: expect.stringMatching(/\(exit status 7\) while you were using it/),
      }),
    ]);
  });

  it('hides the full causes from everyone but admins', async () => {
    const token = await hub.userToken('complain-a');
    await hub.http().get('/hub/api/orrery/server-events').set(hub.auth(token)).expect(403);
  });
});
