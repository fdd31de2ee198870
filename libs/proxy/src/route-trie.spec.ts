import { pathSegments, RouteTrie, trimPrefix } from './route-trie';

describe('trimPrefix', () => {
  it.each([
    ['', '/'],
    ['/', '/'],
    ['foo', '/foo'],
    ['/foo/', '/foo'],
    ['/user/alice/', '/user/alice'],
    ['/a/b', '/a/b'],
  ])('normalises %j to %j', (input, expected) => {
    expect(trimPrefix(input)).toBe(expected);
  });
});

describe('pathSegments', () => {
  it.each([
    ['/', []],
    ['', []],
    ['///', []],
    ['/a/b/', ['a', 'b']],
    ['a//b', ['a', '', 'b']],
    ['//a/', ['a']],
  ])('splits %j into %j', (input, expected) => {
    expect(pathSegments(input)).toEqual(expected);
  });
});

describe('RouteTrie.match', () => {
  const routes = ['/', '/hub', '/user/alice', '/user/alice/lab', '/user/bob', '/a//b'];
  const trie = new RouteTrie<string>();
  for (const route of routes) trie.set(route, route);

  it.each([
    ['/', '/'],
    ['', '/'],
    ['/hub', '/hub'],
    ['/hub/', '/hub'],
    ['/hub/api/users', '/hub'],
    ['/hubx', '/'],
    ['/user/alice', '/user/alice'],
    ['/user/alice/tree', '/user/alice'],
    ['/user/alice/lab', '/user/alice/lab'],
    ['/user/alice/lab/tree/x', '/user/alice/lab'],
    ['/user/alicea/x', '/'],
    ['/user/', '/'],
    ['/user/bob/../alice', '/user/bob'],
    ['/../user/alice', '/'],
    ['//user//alice', '/'],
    ['//user/alice//', '/user/alice'],
    ['/a//b/c', '/a//b'],
    ['/a/b/c', '/'],
  ])('matches %j to %j', (path, expected) => {
    expect(trie.match(path)).toBe(expected);
  });

  it('returns undefined when no prefix, not even the root, is stored', () => {
    const empty = new RouteTrie<string>();
    empty.set('/user/alice', 'alice');
    expect(empty.match('/user/bob')).toBeUndefined();
    expect(empty.match('/')).toBeUndefined();
    expect(empty.match('/user/alice/x')).toBe('alice');
  });
});

describe('RouteTrie.delete', () => {
  it.each([
    ['removes a leaf', ['/a', '/a/b'], '/a/b', '/a/b/c', '/a'],
    ['keeps a child when its parent is removed', ['/a', '/a/b'], '/a', '/a/b/c', '/a/b'],
    ['falls back to the root', ['/', '/a/b/c'], '/a/b/c', '/a/b/c', '/'],
    ['ignores an absent route', ['/a'], '/x/y', '/a/z', '/a'],
    ['removes the root', ['/', '/a'], '/', '/b', undefined],
  ])('%s', (_name, stored, removed, probe, expected) => {
    const trie = new RouteTrie<string>();
    for (const route of stored) trie.set(route, route);
    trie.delete(removed);
    expect(trie.match(probe)).toBe(expected);
  });

  it('prunes empty branches so a later match does not see them', () => {
    const trie = new RouteTrie<string>();
    trie.set('/a/b/c', 'c');
    trie.delete('/a/b/c');
    trie.set('/a', 'a');
    expect(trie.match('/a/b/c/d')).toBe('a');
  });

  it('replaces the value of an existing prefix', () => {
    const trie = new RouteTrie<string>();
    trie.set('/a', 'first');
    trie.set('/a/', 'second');
    expect(trie.match('/a/x')).toBe('second');
  });

  it('ignores the removal of a prefix below a leaf', () => {
    const trie = new RouteTrie<string>();
    trie.delete('/nothing/here');
    trie.set('/a', 'a');
    trie.delete('/a/b');
    expect(trie.match('/a/b')).toBe('a');
  });
});
