import { captureLog } from './fixtures/capture-log';
import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('log secrecy', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it('logs an authorisation denial at warn with the path, never the query or a token', async () => {
    const log = await captureLog(() =>
      hub
        .http()
        .get('/hub/api/proxy?token=query-secret-0123&_xsrf=xsrf-secret-4567')
        .set(hub.auth(hub.tokens.bob))
        .expect(403),
    );
    expect(log).toMatch(
      /WARN.*not authorising GET \/hub\/api\/proxy for user bob: requires any of \[proxy\]/,
    );
    expect(log).not.toMatch(/query-secret|xsrf-secret/);
    expect(log).not.toContain(hub.tokens.bob);
  });
});
