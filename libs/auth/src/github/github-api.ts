import type { GitHubOAuthenticatorConfig } from '@orrery/core';

/** https://api.github.com for github.com, else GitHub Enterprise Server's `<github_url>/api/v3`. */
export function githubApiUrl(
  config: Pick<GitHubOAuthenticatorConfig, 'github_url' | 'github_api'>,
): string {
  if (config.github_api) return config.github_api.replace(/\/+$/, '');
  const base = githubBaseUrl(config.github_url);
  return base === 'https://github.com' ? 'https://api.github.com' : `${base}/api/v3`;
}

/** github_url as oauthenticator reads it: https:// when no scheme is given, no trailing slash. */
export function githubBaseUrl(githubUrl: string): string {
  const withScheme = githubUrl.includes('://') ? githubUrl : `https://${githubUrl}`;
  return withScheme.replace(/\/+$/, '');
}

/** The API path that answers 204 when `login` is a member of an `org` or `org:team` entry. */
export function membershipPath(entry: string, login: string): string {
  const [org, team] = entry.split(':', 2).map(encodeURIComponent);
  const user = encodeURIComponent(login);
  return team ? `/orgs/${org}/teams/${team}/members/${user}` : `/orgs/${org}/members/${user}`;
}

/** The `rel="next"` URL of a GitHub `Link` header (its pagination), or null on the last page. */
export function nextPageUrl(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return null;
}
