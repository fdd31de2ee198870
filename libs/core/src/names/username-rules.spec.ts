import { normalizeUsername, unsafeUsernameReason } from './username-rules';

describe('unsafeUsernameReason', () => {
  it.each([
    ['.', 'a name may not be . or ..'],
    ['..', 'a name may not be . or ..'],
    ['a/b', 'a name may not contain / or \\'],
    ['a\\b', 'a name may not contain / or \\'],
    ['a\u0000b', 'a name may not contain control characters'],
    ['a\nb', 'a name may not contain control characters'],
    ['a\u007fb', 'a name may not contain control characters'],
    ['a\u0085b', 'a name may not contain control characters'],
    ['adm\u202eni', 'a name may not contain bidirectional controls'],
    ['a\u2066b', 'a name may not contain bidirectional controls'],
    ['a\u200fb', 'a name may not contain bidirectional controls'],
    ['a\u200bb', 'a name may not contain zero-width characters'],
    ['a\u200db', 'a name may not contain zero-width characters'],
    ['\ufeffa', 'a name may not contain zero-width characters'],
  ])('refuses %j', (name, reason) => {
    expect(unsafeUsernameReason(name)).toBe(reason);
  });

  it.each(['alice', 'ann.lee', '...', 'a..b', 'zoë', '山田', 'a-b_c@example.org'])(
    'accepts %j',
    (name) => {
      expect(unsafeUsernameReason(name)).toBeNull();
    },
  );
});

describe('normalizeUsername', () => {
  it.each([
    ['Alice', 'alice'],
    ['\u212Aate', 'kate'],
    ['ＡＢＣ', 'abc'],
    ['ﬁn', 'fin'],
    ['Zoe\u0308', 'zoë'],
  ])('%j becomes %j', (name, normal) => {
    expect(normalizeUsername(name)).toBe(normal);
  });
});
