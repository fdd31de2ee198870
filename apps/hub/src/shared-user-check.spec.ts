import { HubConfig } from '@orrery/core';
import { isLoopbackHost, SHARED_USER_BIND_MESSAGE, sharedUserProblem } from './shared-user-check';

function config(jupyterHub: Partial<HubConfig['JupyterHub']> = {}): HubConfig {
  const result = new HubConfig();
  Object.assign(result.JupyterHub, jupyterHub);
  return result;
}

describe('sharedUserProblem', () => {
  it('refuses the default bind_url (all interfaces) for a hub that is not root', () => {
    expect(sharedUserProblem(config(), 1000, 'orrery.yaml')).toEqual({
      path: 'JupyterHub.bind_url',
      source: 'orrery.yaml',
      message: `http://:8000 ${SHARED_USER_BIND_MESSAGE}`,
    });
  });

  it('names every safe option in the refusal', () => {
    for (const option of [
      'run the hub as root',
      'JupyterHub.spawner_class: docker',
      'bind to 127.0.0.1',
      'JupyterHub.allow_public_bind_without_user_isolation: true',
    ]) {
      expect(SHARED_USER_BIND_MESSAGE).toContain(option);
    }
  });

  it.each([
    ['a hub run as root (per-user uids)', config(), 0],
    ['a loopback bind_url', config({ bind_url: 'http://127.0.0.1:8000' }), 1000],
    ['localhost', config({ bind_url: 'http://localhost:8000' }), 1000],
    ['IPv6 loopback', config({ bind_url: 'http://[::1]:8000' }), 1000],
    ['the explicit key', config({ allow_public_bind_without_user_isolation: true }), 1000],
    ['the Docker spawner', config({ spawner_class: 'docker' }), 1000],
  ])('allows %s', (_what, hub, uid) => {
    expect(sharedUserProblem(hub, uid, 'orrery.yaml')).toBeNull();
  });

  it('refuses a hub run as root that opts out of per-user uids on a public address', () => {
    const hub = config({ bind_url: 'http://0.0.0.0:8000', spawner_class: 'LocalProcessSpawner' });
    hub.LocalProcessSpawner.run_as_hub_user = true;
    expect(sharedUserProblem(hub, 0, '(defaults)')?.path).toBe('JupyterHub.bind_url');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['127.example.org', false],
  ])('%s -> %s', (host, loopback) => expect(isLoopbackHost(host)).toBe(loopback));
});
