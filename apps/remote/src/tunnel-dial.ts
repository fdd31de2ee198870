import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocket } from 'ws';
import { AgentError } from './agent-error';
import { hubEndpoint } from './hub-url';

export interface DialOptions {
  hub: URL;
  token: string;
  /** '' for the default server */
  server: string;
  notebookPort: number;
}

/** The hub's refusal in its `{"status","message"}` body, or the bare status. */
async function refusalOf(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: an HTML error page of a proxy in between, say; the status tells enough
  }
  return `HTTP ${response.statusCode}`;
}

/**
 * Opens the agent's one connection: a WebSocket to `<hub>hub/api/remote/tunnel` with the
 * token in the Authorization header (never the URL, which proxies log), as a byte stream for
 * the SSH server. `wss` for an https hub, so the TLS of the hub URL protects the tunnel.
 */
export function dialTunnel(options: DialOptions): Promise<Duplex> {
  const url = hubEndpoint(options.hub, 'api/remote/tunnel');
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('server', options.server);
  url.searchParams.set('port', String(options.notebookPort));
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { Authorization: `token ${options.token}` },
      perMessageDeflate: false,
      followRedirects: false,
    });
    ws.once('open', () => resolve(createWebSocketStream(ws)));
    ws.once('unexpected-response', (_request, response) => {
      void refusalOf(response).then((message) => {
        reject(new AgentError(`The hub refused the tunnel: ${message}`));
        ws.terminate();
      });
    });
    ws.once('error', (error) =>
      reject(new AgentError(`Cannot open the tunnel to ${options.hub.origin}: ${error.message}`)),
    );
  });
}
