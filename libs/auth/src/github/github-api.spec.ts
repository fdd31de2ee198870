import { githubApiUrl, membershipPath, nextPageUrl } from './github-api';

describe('githubApiUrl', () => {
  it.each([
    ['https://github.com', '', 'https://api.github.com'],
    ['https://github.com/', '', 'https://api.github.com'],
    ['https://ghe.example.org', '', 'https://ghe.example.org/api/v3'],
    ['ghe.example.org', '', 'https://ghe.example.org/api/v3'],
    ['https://github.com', 'http://127.0.0.1:9/api/', 'http://127.0.0.1:9/api'],
  ])('%s with github_api %p -> %s', (github_url, github_api, expected) => {
    expect(githubApiUrl({ github_url, github_api })).toBe(expected);
  });
});

describe('membershipPath', () => {
  it('checks an organisation or one of its teams', () => {
    expect(membershipPath('jupyterhub', 'Ada')).toBe('/orgs/jupyterhub/members/Ada');
    expect(membershipPath('jupyterhub:binder ops', 'Ada')).toBe(
      '/orgs/jupyterhub/teams/binder%20ops/members/Ada',
    );
  });
});

describe('nextPageUrl', () => {
  it('follows rel="next" of a Link header and stops without one', () => {
    const link =
      '<https://api.github.com/user/teams?page=2>; rel="next", <https://api.github.com/user/teams?page=5>; rel="last"';
    expect(nextPageUrl(link)).toBe('https://api.github.com/user/teams?page=2');
    expect(nextPageUrl('<https://x/?page=1>; rel="prev"')).toBeNull();
    expect(nextPageUrl(null)).toBeNull();
  });
});
