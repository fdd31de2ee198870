import { remoteServerEnv } from './remote-env';

describe('remoteServerEnv', () => {
  it("keeps only JupyterHub's variables and points the API URLs at the agent's forward", () => {
    expect(
      remoteServerEnv(
        {
          PATH: '/hub/only/bin',
          HOME: '/home/hub',
          LD_PRELOAD: 'x.so',
          JPY_API_TOKEN: 't',
          JUPYTERHUB_API_TOKEN: 't',
          JUPYTERHUB_API_URL: 'http://10.0.0.5:8081/base/hub/api',
          JUPYTERHUB_ACTIVITY_URL: 'http://10.0.0.5:8081/base/hub/api/users/alice/activity',
          JUPYTERHUB_SERVICE_URL: 'http://127.0.0.1:9999/user/alice/lab/',
        },
        4242,
      ),
    ).toEqual({
      JPY_API_TOKEN: 't',
      JUPYTERHUB_API_TOKEN: 't',
      JUPYTERHUB_API_URL: 'http://127.0.0.1:4242/base/hub/api',
      JUPYTERHUB_ACTIVITY_URL: 'http://127.0.0.1:4242/base/hub/api/users/alice/activity',
      JUPYTERHUB_SERVICE_URL: 'http://127.0.0.1:9999/user/alice/lab/',
    });
  });
});
