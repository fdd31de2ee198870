import { isPageNavigation } from './page-fetch-rules';

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
  ];
  it.each(cases)('answers %s: framable=%s', (_name, headers, framable, expected) => {
    expect(isPageNavigation(headers, framable)).toBe(expected);
  });
});
