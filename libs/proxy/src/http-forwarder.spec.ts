import type { ClientRequest } from './client-connection';
import type { ClientResponse } from './client-response';
import type { ErrorPages } from './error-pages';
import { HttpForwarder } from './http-forwarder';
import type { ProxyLogger } from './proxy-logger';
import type { RouteEntry, RouteTable } from './route-table';

describe('HttpForwarder', () => {
  it('logs a failed forward without the token in its path', async () => {
    const lines: string[] = [];
    const log: ProxyLogger = {
      debug: (line) => lines.push(line),
      info: (line) => lines.push(line),
      warn: (line) => lines.push(line),
      error: (line) => lines.push(line),
    };
    const errors = { respond: jest.fn() } as unknown as ErrorPages;
    const forwarder = new HttpForwarder({} as RouteTable, errors, log, {
      xForward: true,
      proxyTimeout: 0,
    });
    const req = {
      method: 'GET',
      url: '/hub/api/authorizations/token/path-secret-0123?token=query-secret-4567',
    } as unknown as ClientRequest;
    const res = { headersSent: false, destroyed: false } as unknown as ClientResponse;
    const entry = { target: { url: 'http://127.0.0.1:9' } } as unknown as RouteEntry;
    forwarder.fail(req, res, entry, new Error('connect ECONNREFUSED'));
    await forwarder.close();
    expect(lines).toEqual([
      '503 GET /hub/api/authorizations/token/[secret] http://127.0.0.1:9: connect ECONNREFUSED',
    ]);
    expect(errors.respond).toHaveBeenCalledWith(req, res, 503);
  });
});
