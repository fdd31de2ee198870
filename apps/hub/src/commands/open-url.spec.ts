import type { HubConfig } from '@orrery/core';
import { openUrl } from './open-url';

const config = (bind_url: string, base_url = '/', ssl_cert = '') =>
  ({ JupyterHub: { bind_url, base_url, ssl_cert } }) as unknown as HubConfig;

describe('openUrl', () => {
  it.each([
    ['http://:8000', '/', '', null, 'http://localhost:8000/'],
    ['http://0.0.0.0:8000', '/', '', 41234, 'http://localhost:41234/'],
    ['http://127.0.0.1:8000', '/jh/', '', null, 'http://127.0.0.1:8000/jh/'],
    ['http://hub.example.org:80', '/', '/cert.pem', 8443, 'https://hub.example.org:8443/'],
  ])('shows %s (base %s, cert %s, port %s) as %s', (bind, base, cert, port, expected) => {
    expect(openUrl(config(bind, base, cert), port)).toBe(expected);
  });
});
