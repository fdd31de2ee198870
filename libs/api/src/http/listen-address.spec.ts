import { listenAddress } from './listen-address';

describe('listenAddress', () => {
  it.each([
    ['http://127.0.0.1:8081', '127.0.0.1', 8081],
    ['http://:8000', '0.0.0.0', 8000],
    ['http://[::1]:9000/hub/', '::1', 9000],
    ['https://hub.example.org', 'hub.example.org', 443],
    ['http://localhost', 'localhost', 80],
  ])('reads %s', (url, host, port) => {
    expect(listenAddress(url)).toEqual({ host, port });
  });

  it('rejects text that is not a URL', () => {
    expect(() => listenAddress('8000')).toThrow('not a bind URL');
  });
});
