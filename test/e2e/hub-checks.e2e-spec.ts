import { NO_ALLOW_RULE_WARNING } from '@orrery/auth';
import { captureLog } from './fixtures/capture-log';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/** GitHub login, as a lab would configure it; only the allow rules differ between the hubs. */
function githubHub(
  github: Record<string, unknown> = {},
  authenticator: Record<string, unknown> = {},
) {
  return {
    JupyterHub: { authenticator_class: 'github' },
    Authenticator: { admin_users: ['root'], ...authenticator },
    GitHubOAuthenticator: {
      client_id: 'client',
      client_secret: 'secret',
      oauth_callback_url: 'http://127.0.0.1/hub/oauth_callback',
      ...github,
    },
  };
}

/** The start-up check that warns when no allow rule lets anyone but the admins in (JupyterHub 5+). */
describe('start-up check of the allow rules', () => {
  const hubs: HubFixture[] = [];
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
  });
  const started = async (config: Parameters<typeof startHub>[0]) => {
    let hub: HubFixture | undefined;
    const log = await captureLog(async () => (hub = await startHub(config)));
    hubs.push(hub as HubFixture);
    return { hub: hub as HubFixture, log };
  };
  const checks = async (hub: HubFixture) =>
    (await hub.http().get('/hub/api/orrery/hub-checks').set(hub.auth(hub.tokens.admin)).expect(200))
      .body;

  it('warns in the log and for the admin page when nobody but admins may log in', async () => {
    const { hub, log } = await started(githubHub());
    expect(log).toContain(`WARNING: ${NO_ALLOW_RULE_WARNING}`);
    expect(await checks(hub)).toEqual({ warnings: [NO_ALLOW_RULE_WARNING] });
  });

  it.each([
    ['an allowed organisation', githubHub({ allowed_organizations: ['lab'] })],
    ['allow_all', githubHub({}, { allow_all: true })],
    ['allowed_users', githubHub({}, { allowed_users: ['ann'] })],
  ])('stays quiet with %s', async (_name, config) => {
    const { hub, log } = await started(config);
    expect(log).not.toContain(NO_ALLOW_RULE_WARNING);
    expect(await checks(hub)).toEqual({ warnings: [] });
  });
});
