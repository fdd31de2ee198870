import { parseSubdomainHost, SpawnerEntity } from '@orrery/core';
import { serverModel, serverUrl } from './server-model';

const PATHS = { baseUrl: '/', hubPrefix: '/hub/' };
const SUBDOMAINS = { ...PATHS, subdomain: parseSubdomainHost('https://hub.test') };

function spawner(name: string): SpawnerEntity {
  return Object.assign(new SpawnerEntity(), { name, serverId: 1, userOptions: {}, state: {} });
}

describe('serverUrl', () => {
  it.each([
    [PATHS, 'alice', '', '/user/alice/'],
    [PATHS, 'alice', 'gpu', '/user/alice/gpu/'],
    [SUBDOMAINS, 'alice', '', 'https://alice.hub.test/user/alice/'],
    [SUBDOMAINS, 'a_b', 'gpu', 'https://u-ab--648fa9b.hub.test/user/a_b/gpu/'],
  ])('is %j for %s/%s: %s', (urls, user, server, expected) => {
    expect(serverUrl(urls, user, server)).toBe(expected);
  });
});

describe('serverModel', () => {
  it('leaves full_url and full_progress_url null without subdomain_host', () => {
    const model = serverModel(PATHS, 'alice', spawner(''), null);
    expect(model).toMatchObject({ url: '/user/alice/', full_url: null, full_progress_url: null });
  });

  it("gives absolute URLs on the user's and the hub's hosts with subdomain_host", () => {
    expect(serverModel(SUBDOMAINS, 'alice', spawner(''), null)).toMatchObject({
      url: 'https://alice.hub.test/user/alice/',
      full_url: 'https://alice.hub.test/user/alice/',
      progress_url: '/hub/api/users/alice/server/progress',
      full_progress_url: 'https://hub.test/hub/api/users/alice/server/progress',
    });
  });
});
