import { submitLoginForm } from './fixtures/browser-login';
import { startHub } from './fixtures/hub-fixture';

describe('choosing the authenticator', () => {
  it('refuses to start the dummy authenticator on a public bind_url', async () => {
    await expect(
      startHub({ JupyterHub: { authenticator_class: 'dummy', bind_url: 'http://:0' } }),
    ).rejects.toThrow(/not a loopback address/);
  });

  it('refuses to start with an unknown authenticator, naming the known ones', async () => {
    await expect(startHub({ JupyterHub: { authenticator_class: 'nope' } })).rejects.toThrow(
      /unknown authenticator "nope"; known: first-use, dummy/,
    );
  });

  it('logs anyone in with the dummy authenticator and its shared password', async () => {
    const hub = await startHub({
      JupyterHub: { authenticator_class: 'dummy' },
      DummyAuthenticator: { password: 'shared' },
    });
    try {
      expect((await submitLoginForm(hub, { username: 'Any', password: 'wrong' })).status).toBe(403);
      const ok = await submitLoginForm(hub, { username: 'Any', password: 'shared' });
      expect(ok.status).toBe(302);
    } finally {
      await hub.close();
    }
  });
});
