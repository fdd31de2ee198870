import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ClientResponse } from './client-response';
import type { ProxyLogger } from './proxy-logger';

/**
 * Proxy errors (404 no route, 503 target down, 400 undecodable path) as configurable-http-proxy
 * renders them: with an error target, `GET <error-target>/<code>?url=<request url>` and relay its
 * body and content type under the error status; without one, a small built-in page.
 */
export class ErrorPages {
  private readonly errorTarget: URL | undefined;
  private readonly agent: http.Agent | undefined;

  constructor(
    errorTarget: string | undefined,
    private readonly log: ProxyLogger,
  ) {
    this.errorTarget =
      errorTarget === undefined
        ? undefined
        : new URL(errorTarget.endsWith('/') ? errorTarget : errorTarget + '/');
    if (this.errorTarget !== undefined) {
      const AgentClass = this.errorTarget.protocol === 'https:' ? https.Agent : http.Agent;
      this.agent = new AgentClass({ keepAlive: true, timeout: 30_000 });
    }
  }

  respond(req: { url: string }, res: ClientResponse, code: number): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (this.errorTarget === undefined) {
      builtInPage(res, code);
      return;
    }
    const url = new URL(this.errorTarget.href);
    url.pathname += String(code);
    url.searchParams.set('url', req.url);
    const client = url.protocol === 'https:' ? https : http;
    const errorRequest = client.get(url, { agent: this.agent }, (upstream) => {
      if (res.finished || res.destroyed) {
        upstream.resume();
        return;
      }
      const headers: string[] = [];
      for (const key of ['content-type', 'content-encoding']) {
        const value = upstream.headers[key];
        if (typeof value === 'string') headers.push(key, value);
      }
      res.writeHead(code, http.STATUS_CODES[code] ?? 'Error', headers);
      upstream.on('data', (chunk: Buffer) => {
        const flowing = res.write(chunk);
        res.flush();
        if (!flowing) {
          upstream.pause();
          res.onceDrain(() => upstream.resume());
        }
      });
      upstream.on('end', () => res.end());
      upstream.on('error', () => res.destroy());
    });
    errorRequest.on('error', (error) => {
      this.log.error(`Failed to get custom error page ${url.href}: ${error.message}`);
      if (!res.headersSent) builtInPage(res, code);
      else res.destroy();
    });
  }

  close(): void {
    this.agent?.destroy();
  }

  /** Errors on an upgrade request are an empty response written to the raw socket. */
  respondUpgrade(socket: Duplex, code: number): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(
      `HTTP/1.1 ${code} ${http.STATUS_CODES[code]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
  }
}

function builtInPage(res: ClientResponse, code: number): void {
  const reason = http.STATUS_CODES[code] ?? 'Error';
  const body = `<!DOCTYPE html>\n<html><head><title>${code} ${reason}</title></head><body><h1>${code}: ${reason}</h1></body></html>\n`;
  res.send(code, ['Content-Type', 'text/html'], body);
}
