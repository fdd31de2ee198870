import {
  adminOf,
  admission,
  LoginRulesConfig,
  mapUsername,
  matchesPattern,
  normalizeUsername,
} from './login-rules';

const none: LoginRulesConfig = {
  admin_users: [],
  allowed_users: [],
  blocked_users: [],
  allow_all: false,
  allow_existing_users: false,
};

describe('normalizeUsername', () => {
  it.each([
    ['Alice', 'alice'],
    ['BOB.Smith', 'bob.smith'],
    ['émile', 'émile'],
  ])('%s -> %s', (name, expected) => expect(normalizeUsername(name)).toBe(expected));
});

describe('admission', () => {
  it.each<[string, Partial<LoginRulesConfig>, boolean, string]>([
    ['nothing configured, open authenticator', {}, true, 'allowed'],
    ['nothing configured, closed authenticator', {}, false, 'not-allowed'],
    ['allow_all', { allow_all: true }, false, 'allowed'],
    ['listed in allowed_users (any case)', { allowed_users: ['Alice'] }, false, 'allowed'],
    ['not listed while a list exists', { allowed_users: ['bob'] }, true, 'not-allowed'],
    [
      'admins are always allowed',
      { allowed_users: ['bob'], admin_users: ['alice'] },
      true,
      'allowed',
    ],
    ['blocked beats allow_all', { allow_all: true, blocked_users: ['ALICE'] }, true, 'blocked'],
    ['blocked beats admin', { admin_users: ['alice'], blocked_users: ['alice'] }, true, 'blocked'],
    ['allow_existing_users', { allow_existing_users: true }, true, 'allowed-if-existing'],
  ])('%s', (_case, rules, open, expected) => {
    expect(admission('alice', { ...none, ...rules }, open)).toBe(expected);
  });
});

describe('adminOf', () => {
  it('makes admin_users admins and leaves others unchanged', () => {
    expect(adminOf('root', { ...none, admin_users: ['Root'] })).toBe(true);
    expect(adminOf('alice', { ...none, admin_users: ['root'] })).toBeUndefined();
  });
});

describe('mapUsername', () => {
  it('lowercases, then maps by the lowercased name', () => {
    const map = { 'Alice.Smith': 'alice', 'bob@example.org': 'Bob' };
    expect(mapUsername('ALICE.SMITH', map)).toBe('alice');
    expect(mapUsername('bob@example.org', map)).toBe('bob');
    expect(mapUsername('Carol', map)).toBe('carol');
  });
});

describe('matchesPattern', () => {
  it('needs a full match, and any name passes without a pattern', () => {
    expect(matchesPattern('s1234', 's[0-9]+')).toBe(true);
    expect(matchesPattern('xs1234y', 's[0-9]+')).toBe(false);
    expect(matchesPattern('anything', '')).toBe(true);
  });
});
