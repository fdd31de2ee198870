import type { FastifyRequest } from 'fastify';
import {
  anonymousXsrfId,
  isJsonOrNoContentType,
  needsXsrfCheck,
  offeredXsrfToken,
} from './xsrf-rules';

function request(
  method: string,
  headers: Record<string, string> = {},
  extra: Partial<FastifyRequest> = {},
): FastifyRequest {
  return { method, headers, query: {}, body: undefined, ...extra } as FastifyRequest;
}

describe('needsXsrfCheck', () => {
  it.each([
    // [method, sec-fetch-mode, sec-fetch-site, api route, needs check]
    ['GET', undefined, undefined, true, false],
    ['GET', 'navigate', undefined, true, false],
    ['GET', 'cors', 'same-origin', true, true],
    ['GET', 'no-cors', 'same-origin', true, false],
    ['GET', 'no-cors', 'cross-site', true, true],
    ['GET', 'websocket', undefined, true, false],
    ['HEAD', 'cors', undefined, true, false],
    ['OPTIONS', 'cors', undefined, true, false],
    ['POST', undefined, undefined, true, true],
    ['POST', 'navigate', undefined, true, true],
    ['DELETE', 'cors', undefined, true, true],
    ['GET', 'cors', undefined, false, false],
    ['POST', 'navigate', undefined, false, true],
    ['POST', undefined, undefined, false, true],
    ['HEAD', 'cors', undefined, false, false],
    ['OPTIONS', 'cors', undefined, false, false],
  ])('%s with mode %s, site %s (api: %s) -> %s', (method, mode, site, api, expected) => {
    const headers: Record<string, string> = {};
    if (mode) headers['sec-fetch-mode'] = mode;
    if (site) headers['sec-fetch-site'] = site;
    expect(needsXsrfCheck(request(method, headers), api)).toBe(expected);
  });
});

describe('offeredXsrfToken', () => {
  it.each([
    ['the query', request('GET', {}, { query: { _xsrf: 'q' } }), 'q'],
    ['a form body', request('POST', {}, { body: { _xsrf: ['f'] } }), 'f'],
    ['a JSON body', request('POST', {}, { body: { _xsrf: 'j' } }), 'j'],
    ['X-XSRFToken', request('POST', { 'x-xsrftoken': 'h' }), 'h'],
    ['X-CSRFToken', request('POST', { 'x-csrftoken': 'c' }), 'c'],
    ['nowhere', request('POST', {}, { body: ['_xsrf'] }), undefined],
    ['a body when the query has none', request('POST', {}, { body: { _xsrf: 'b' } }), 'b'],
    [
      'a header when query and body hold no text',
      request('POST', { 'x-xsrftoken': 'h' }, { query: { _xsrf: 5 }, body: { _xsrf: '' } }),
      'h',
    ],
    [
      'a header without query or body',
      request('POST', { 'x-xsrftoken': 'h' }, { query: undefined, body: null }),
      'h',
    ],
  ])('reads the token from %s', (_where, req, expected) => {
    expect(offeredXsrfToken(req)).toBe(expected);
  });
});

describe('isJsonOrNoContentType', () => {
  it.each([
    [undefined, true],
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
  ])('%s -> %s', (type, expected) => {
    expect(isJsonOrNoContentType(request('POST', type ? { 'content-type': type } : {}))).toBe(
      expected,
    );
  });
});

describe('anonymousXsrfId', () => {
  const id = (ip: string, userAgent?: string) =>
    anonymousXsrfId(
      request('GET', userAgent === undefined ? {} : { 'user-agent': userAgent }, { ip }),
    );

  it('binds a token to the address and User-Agent of the browser', () => {
    expect(id('10.0.0.1', 'firefox')).toBe(id('10.0.0.1', 'firefox'));
    expect(id('10.0.0.1', 'firefox')).not.toBe(id('10.0.0.1', 'chrome'));
    expect(id('10.0.0.1', 'firefox')).not.toBe(id('10.0.0.2', 'firefox'));
    expect(id('10.0.0.1', 'firefox')).toMatch(/^[\w-]{43}$/);
  });

  it('keeps address and User-Agent apart, and takes a missing User-Agent as empty', () => {
    expect(id('10.0.0.1', 'x')).not.toBe(id('10.0.0.1x', ''));
    expect(id('10.0.0.1')).toBe(id('10.0.0.1', ''));
  });
});
