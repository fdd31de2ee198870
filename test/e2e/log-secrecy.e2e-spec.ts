import { HubFixture, startHub } from './fixtures/hub-fixture';

/** What the hub writes to its log while a test runs (the Nest logger writes to stdout/stderr). */
function captureLog(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      chunks.push(String(chunk));
      return true;
    }),
  );
  return { text: () => chunks.join(''), restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

describe('log secrecy', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it('logs an authorisation denial at warn with the path, never the query or a token', async () => {
    const log = captureLog();
    try {
      await hub
        .http()
        .get('/hub/api/proxy?token=query-secret-0123&_xsrf=xsrf-secret-4567')
        .set(hub.auth(hub.tokens.bob))
        .expect(403);
    } finally {
      log.restore();
    }
    expect(log.text()).toMatch(
      /WARN.*Not authorizing access to \/hub\/api\/proxy; requires any of \[proxy\]/,
    );
    expect(log.text()).not.toMatch(/query-secret|xsrf-secret/);
    expect(log.text()).not.toContain(hub.tokens.bob);
  });
});
