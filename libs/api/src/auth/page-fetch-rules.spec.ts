import { HubConfig } from '@orrery/core';
import { hubFrameAncestors, isPageNavigation } from './page-fetch-rules';

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
