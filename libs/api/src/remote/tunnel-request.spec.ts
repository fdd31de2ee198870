import type { IncomingMessage } from 'node:http';
import { parseTunnelRequest } from './tunnel-request';

const request = (url: string, authorization?: string) =>
  ({ url, headers: authorization ? { authorization } : {} }) as IncomingMessage;

describe('parseTunnelRequest', () => {
  it('reads server, user and port from the query and the token from the header only', () => {
    expect(
      parseTunnelRequest(
        request('/hub/api/remote/tunnel?server=gpu&port=8888', 'token abc'),
        '/hub/',
      ),
    ).toEqual({ token: 'abc', server: 'gpu', user: null, notebookPort: 8888 });
    expect(
      parseTunnelRequest(
        request('/hub/api/remote/tunnel/?token=abc&user=bob&port=1', 'Bearer x'),
        '/hub/',
      ),
    ).toEqual({ token: 'x', server: '', user: 'bob', notebookPort: 1 });
    expect(
      parseTunnelRequest(request('/hub/api/remote/tunnel?token=abc'), '/hub/')?.token,
    ).toBeNull();
  });

  it.each(['0', '65536', '-1', '8888x', '', '1e3'])('refuses the port %p', (port) => {
    expect(
      parseTunnelRequest(request(`/hub/api/remote/tunnel?port=${port}`), '/hub/')?.notebookPort,
    ).toBeNull();
  });

  it('answers null for other paths and honours base_url', () => {
    expect(parseTunnelRequest(request('/user/alice/api/kernels'), '/hub/')).toBeNull();
    expect(parseTunnelRequest(request('/hub/api/remote/tunnel'), '/base/hub/')).toBeNull();
    expect(
      parseTunnelRequest(request('/base/hub/api/remote/tunnel?port=2'), '/base/hub/'),
    ).not.toBeNull();
  });
});
