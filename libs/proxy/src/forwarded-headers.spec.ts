import { isHopByHop, portOf, targetRequestHeaders } from './forwarded-headers';

const via = { remoteAddress: '10.0.0.9', encrypted: false, xForward: true };

describe('isHopByHop', () => {
  it.each([
    ['Connection', true],
    ['KEEP-ALIVE', true],
    ['proxy-connection', true],
    ['Transfer-Encoding', true],
    ['upgrade', true],
    ['Content-Length', false],
    ['Upgrade-Insecure-Requests', false],
    ['Connectiox', false],
    ['Host', false],
  ])('%s -> %s', (name, expected) => {
    expect(isHopByHop(name)).toBe(expected);
  });
});

describe('portOf', () => {
  it.each([
    ['hub.example:8000', false, '8000'],
    ['hub.example', false, '80'],
    ['hub.example', true, '443'],
    ['[::1]:8443', true, '8443'],
    ['[::1]', false, '80'],
    ['hub.example:', false, '80'],
    ['hub.example:80x', false, '80'],
    [undefined, false, '80'],
  ])('%s (encrypted %s) -> %s', (host, encrypted, expected) => {
    expect(portOf(host, encrypted)).toBe(expected);
  });
});

describe('targetRequestHeaders', () => {
  it('drops hop-by-hop and Expect headers and appends X-Forwarded-* to earlier ones', () => {
    const raw = [
      'Host',
      'hub.example:8000',
      'Connection',
      'keep-alive',
      'expect',
      '100-continue',
      'X-Forwarded-For',
      '1.2.3.4',
      'x-forwarded-proto',
      'https',
      'X-Forwarded-Host',
      'outer.example',
      'X-Forwarded-Prefix',
      '/p',
      'User-Agent',
      'test',
    ];
    expect(targetRequestHeaders(raw, via, false)).toEqual([
      'Host',
      'hub.example:8000',
      'X-Forwarded-Prefix',
      '/p',
      'User-Agent',
      'test',
      'X-Forwarded-For',
      '1.2.3.4,10.0.0.9',
      'X-Forwarded-Port',
      '8000',
      'X-Forwarded-Proto',
      'https,http',
      'X-Forwarded-Host',
      'outer.example',
    ]);
  });

  it('keeps Connection and Upgrade on a WebSocket handshake and sets ws as the protocol', () => {
    const raw = ['Host', 'h', 'Connection', 'Upgrade', 'Upgrade', 'websocket'];
    expect(targetRequestHeaders(raw, { ...via, encrypted: true }, true)).toEqual([
      'Host',
      'h',
      'Connection',
      'Upgrade',
      'Upgrade',
      'websocket',
      'X-Forwarded-For',
      '10.0.0.9',
      'X-Forwarded-Port',
      '443',
      'X-Forwarded-Proto',
      'wss',
    ]);
  });

  it('passes X-Forwarded-* through untouched when forwarding headers are off', () => {
    const raw = ['Host', 'h', 'X-Forwarded-For', '1.2.3.4', 'Keep-Alive', '5'];
    expect(targetRequestHeaders(raw, { ...via, xForward: false }, false)).toEqual([
      'Host',
      'h',
      'X-Forwarded-For',
      '1.2.3.4',
    ]);
  });
});
