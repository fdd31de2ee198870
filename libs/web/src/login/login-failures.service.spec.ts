import type { FastifyRequest } from 'fastify';
import { clientAddress } from './login-failures.service';

const request = (forwarded: string | string[] | undefined) =>
  ({ ip: '127.0.0.1', headers: { 'x-forwarded-for': forwarded } }) as unknown as FastifyRequest;

describe('clientAddress', () => {
  it.each<[string, string | string[] | undefined, string]>([
    ['the socket peer without X-Forwarded-For', undefined, '127.0.0.1'],
    ['the one hop the proxy added', '203.0.113.7', '203.0.113.7'],
    ['the last hop, not one the client wrote', '198.51.100.1, 203.0.113.7', '203.0.113.7'],
    ['the last hop of repeated headers', ['198.51.100.1', '203.0.113.7'], '203.0.113.7'],
    ['an IPv6 hop', '2001:db8::1', '2001:db8::1'],
    [
      'the socket peer when the last hop is not an address',
      '203.0.113.7, x reason="y"',
      '127.0.0.1',
    ],
    ['the socket peer for an empty header', '', '127.0.0.1'],
  ])('answers %s', (_what, forwarded, expected) => {
    expect(clientAddress(request(forwarded))).toBe(expected);
  });
});
