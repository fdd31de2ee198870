import { HubConfig } from '@orrery/core';
import type { FastifyRequest } from 'fastify';
import { hubFrameAncestors, isPageNavigation, isUntrustworthyOrigin } from './page-fetch-rules';

describe('hubFrameAncestors', () => {
  it('is the LMS origins of a framing authenticator, and none for the others', () => {
    const config = new HubConfig();
    expect(hubFrameAncestors(config)).toEqual([]);
    config.JupyterHub.authenticator_class = 'lti11';
    config.LTI11Authenticator.frame_ancestors = ['https://lms.example'];
    expect(hubFrameAncestors(config)).toEqual(['https://lms.example']);
  });
});

describe('isPageNavigation', () => {
  const cases: [string, Record<string, string>, boolean, boolean][] = [
    [
      'a top-level navigation',
      { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
      false,
      true,
    ],
    ['a request without Fetch Metadata', {}, false, true],
    ["Node's fetch(), with a lone Sec-Fetch-Mode", { 'sec-fetch-mode': 'cors' }, false, true],
    [
      'a same-origin fetch()',
      { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'same-origin' },
      false,
      false,
    ],
    ['a no-cors fetch()', { 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty' }, false, false],
    ['an image', { 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' }, false, false],
    [
      'a same-origin iframe',
      { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'same-origin' },
      false,
      false,
    ],
    [
      'a same-origin iframe on a framable hub',
      { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'same-origin' },
      true,
      false,
    ],
    [
      "an LMS's cross-site iframe on a framable hub",
      { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site' },
      true,
      true,
    ],
    [
      'a cross-site iframe on a hub nobody may frame',
      { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site' },
      false,
      false,
    ],
    ['an object embed', { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'object' }, true, false],
    [
      'a fetch() that claims a document',
      { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'document' },
      false,
      false,
    ],
    ['a document without Sec-Fetch-Mode', { 'sec-fetch-dest': 'document' }, false, true],
    [
      "an LMS's cross-site frame (not iframe) on a framable hub",
      { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'frame', 'sec-fetch-site': 'cross-site' },
      true,
      true,
    ],
    [
      'a cross-site frame without Sec-Fetch-Mode on a framable hub',
      { 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site' },
      true,
      true,
    ],
  ];
  it.each(cases)('answers %s: framable=%s', (_name, headers, framable, expected) => {
    expect(isPageNavigation(headers, framable)).toBe(expected);
  });
});

describe('isUntrustworthyOrigin', () => {
  const request = (host: string, protocol = 'http', headers: Record<string, string> = {}) =>
    ({ protocol, headers: { host, ...headers } }) as unknown as FastifyRequest;

  it.each([
    ['plain HTTP under a host name', request('plain.test:8000'), true],
    ['plain HTTP on an address of the network', request('10.0.0.5'), true],
    ['localhost', request('localhost:8000'), false],
    ['a name under .localhost', request('hub.localhost:8000'), false],
    ['127.0.0.1', request('127.0.0.1:8000'), false],
    ['[::1]', request('[::1]:8000'), false],
    ['HTTPS', request('hub.example', 'https'), false],
    [
      'HTTPS at a proxy in front',
      request('hub.example', 'http', { 'x-forwarded-proto': 'https' }),
      false,
    ],
  ])('%s', (_case, req, expected) => {
    expect(isUntrustworthyOrigin(req)).toBe(expected);
  });
});
