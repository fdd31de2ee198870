import { ScopeSet } from '@orrery/rbac';
import { badRequestMessage } from '../http/bad-request-message.spec-helper';
import {
  checkExpiresIn,
  mayIssueTokensFor,
  parseTokenRequest,
  scopeExistenceError,
  tokenRequestBody,
} from './token-request';

describe('mayIssueTokensFor (quirk 6: the requester kind picks the filter kind)', () => {
  const alice = { name: 'alice', groups: ['staff'] };
  it.each([
    [['tokens'], 'user', true],
    [['tokens'], 'service', true],
    [['tokens!user=alice'], 'user', true],
    [['tokens!user=alice'], 'service', false],
    [['tokens!service=alice'], 'service', true],
    [['tokens!group=staff'], 'user', true],
    [['tokens!group=staff'], 'service', false],
    [['tokens!user=bob'], 'user', false],
    [['tokens!server=alice/'], 'user', false],
    [['read:tokens'], 'user', false],
  ] as [string[], 'user' | 'service', boolean][])(
    '%p held by a %s: %p',
    (scopes, kind, allowed) => {
      expect(mayIssueTokensFor(new ScopeSet(scopes), kind, alice)).toBe(allowed);
    },
  );
});

describe('tokenRequestBody', () => {
  it.each([undefined, null, 0, false, '', [], {}])('treats %p as an empty request', (body) => {
    expect(tokenRequestBody(body)).toEqual({});
  });
  it.each([[[1]], ['x'], [5]])('refuses %p', (body) => {
    expect(badRequestMessage(() => tokenRequestBody(body))).toBe(
      'Body must be a JSON dict or empty',
    );
  });
});

describe('parseTokenRequest', () => {
  it.each([
    [{}, 0, null, { note: 'Requested via api', scopes: null, roles: null, expiresIn: null }],
    [
      { note: '' },
      0,
      { kind: 'service', name: 'svc' },
      { note: 'Requested via api by service svc', scopes: null, roles: null, expiresIn: null },
    ],
    [
      { note: 'x', scopes: ['a'], expires_in: 5 },
      0,
      null,
      { note: 'x', scopes: ['a'], roles: null, expiresIn: 5 },
    ],
    [
      { roles: ['user'], expires_in: null },
      600,
      null,
      { note: 'Requested via api', scopes: null, roles: ['user'], expiresIn: 600 },
    ],
    [
      { expires_in: 0 },
      600,
      null,
      { note: 'Requested via api', scopes: null, roles: null, expiresIn: 0 },
    ],
    [
      { expires_in: true },
      0,
      null,
      { note: 'Requested via api', scopes: null, roles: null, expiresIn: 1 },
    ],
  ] as [
    Record<string, unknown>,
    number,
    { kind: 'user' | 'service'; name: string } | null,
    object,
  ][])('reads %p (max %i)', (body, max, onBehalf, expected) => {
    expect(parseTokenRequest(body, max, onBehalf)).toEqual(expected);
  });

  it.each([
    [{ scopes: 'a' }, 0, "token scopes must be null or a list of strings, not 'a'"],
    [{ roles: [{}] }, 0, 'token roles must be null or a list of strings, not [{}]'],
    [{ expires_in: '5' }, 0, "token expires_in must be null or integer, not '5'"],
    [{ expires_in: 601 }, 600, 'token expires_in: 601 must not exceed 600'],
    [{ expires_in: 1e16 }, 0, 'token expires_in: 10000000000000000 must not exceed 240000000000'],
    [{ scopes: [], roles: [] }, 0, 'Can only assign one of scopes or roles when creating tokens.'],
    [{ note: 3 }, 0, 'token note must be null or a string, not 3'],
  ])('refuses %p (max %i)', (body, max, message) => {
    expect(badRequestMessage(() => parseTokenRequest(body, max, null))).toBe(message);
  });

  it('refuses a negative lifetime only in checkExpiresIn', () => {
    expect(parseTokenRequest({ expires_in: -1 }, 0, null).expiresIn).toBe(-1);
    expect(badRequestMessage(() => checkExpiresIn(-1))).toBe(
      'expires_in must be a positive integer or null, not -1',
    );
    expect(() => checkExpiresIn(null)).not.toThrow();
  });
});

describe('scopeExistenceError', () => {
  it.each([
    [['read:users', 'read:users!user', 'read:users!group=x', 'inherit', 'self'], null],
    [['nope'], "Scope 'nope' for token does not exist"],
    [['all'], "Draft scope 'all' is now called 'inherit'"],
    [
      ['read:users!foo=x'],
      "Scope filter foo=x '!foo=x' in scope 'read:users!foo=x' for token does not exist",
    ],
    [
      ['read:users!group'],
      "Scope filter group '!group' in scope 'read:users!group' for token does not exist",
    ],
  ])('%p gives %p', (scopes, message) => {
    expect(scopeExistenceError(scopes, undefined, 'token')).toBe(message);
  });
});
