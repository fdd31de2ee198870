import type { IncomingMessage } from 'node:http';

/** What an agent's upgrade request asks for, read before anything is accepted. */
export interface TunnelRequest {
  token: string | null;
  /** the named server ('' for the default one) */
  server: string;
  /** the owner the agent names; absent means the token's own user */
  user: string | null;
  /** the notebook's loopback port on the agent's machine */
  notebookPort: number | null;
}

/** The token only from the Authorization header (`token` or `Bearer`): never in a URL, which gets logged. */
function tokenOf(request: IncomingMessage): string | null {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

function portOf(value: string | null): number | null {
  if (value === null || !/^[0-9]{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port >= 1 && port <= 65_535 ? port : null;
}

/** Null when the path is not the tunnel endpoint (under `hubPrefix`, e.g. `/hub/`). */
export function parseTunnelRequest(
  request: IncomingMessage,
  hubPrefix: string,
): TunnelRequest | null {
  const url = new URL(request.url ?? '/', 'http://hub.invalid');
  if (url.pathname.replace(/\/$/, '') !== `${hubPrefix}api/remote/tunnel`) return null;
  return {
    token: tokenOf(request),
    server: url.searchParams.get('server') ?? '',
    user: url.searchParams.get('user'),
    notebookPort: portOf(url.searchParams.get('port')),
  };
}
