import { AgentError } from './agent-error';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The hub's public URL as the person typed it (with its base_url, if any), ending in `/`.
 * Plain http is refused except to this machine: the token would cross the network in clear.
 */
export function hubUrl(typed: string): URL {
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    throw new AgentError(`Not a URL: ${typed}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AgentError(`The hub URL must be https: ${typed}`);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw new AgentError(`Refusing plain http to ${url.host}: use the hub's https URL`);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** A path under the hub's `/hub/` prefix, e.g. `api/oauth2/token`. */
export function hubEndpoint(hub: URL, path: string): URL {
  return new URL(`hub/${path}`, hub);
}
