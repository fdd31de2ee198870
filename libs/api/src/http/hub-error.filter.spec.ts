import { ArgumentsHost, Logger } from '@nestjs/common';
import { HubConfig } from '@orrery/core';
import { HubErrorFilter } from './hub-error.filter';

function hostFor(url: string): { host: ArgumentsHost; sent: () => unknown } {
  let body: unknown;
  const reply = {
    status: () => reply,
    headers: () => reply,
    type: () => reply,
    send: (payload: unknown) => (body = payload),
  };
  const request = { method: 'GET', url, headers: {} };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  return { host, sent: () => body };
}

describe('HubErrorFilter', () => {
  const config = { JupyterHub: { base_url: '/' } } as unknown as HubConfig;

  it('logs an unexpected error without the tokens its URL carries', () => {
    const lines: string[] = [];
    const spy = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void lines.push(String(message)));
    try {
      const { host, sent } = hostFor(
        '/hub/api/authorizations/token/path-secret-0123?token=query-secret-4567&page=2',
      );
      new HubErrorFilter(config, null, null).catch(new Error('boom'), host);
      expect(sent()).toBe(JSON.stringify({ status: 500, message: 'Internal Server Error' }));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        'GET /hub/api/authorizations/token/[secret]?token=[secret]&page=2',
      );
      expect(lines[0]).not.toMatch(/path-secret|query-secret/);
    } finally {
      spy.mockRestore();
    }
  });
});
