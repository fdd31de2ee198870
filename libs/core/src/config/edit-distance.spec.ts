import { editDistance, nearestName } from './edit-distance';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['defualt', 'default', 1],
    ['bind_url', 'bind_url', 0],
  ])('%j to %j is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('nearestName', () => {
  const keys = ['api_page_default_limit', 'api_page_max_limit', 'bind_url', 'hub_bind_url'];
  it.each([
    ['api_page_defualt_limit', 'api_page_default_limit'],
    ['API_PAGE_MAX_LIMIT', 'api_page_max_limit'],
    ['bindurl', 'bind_url'],
    ['hub_bind_ulr', 'hub_bind_url'],
    ['image', undefined],
    ['port', undefined],
  ])('suggests %j for %j', (name, expected) => {
    expect(nearestName(name, keys)).toBe(expected);
  });
});
