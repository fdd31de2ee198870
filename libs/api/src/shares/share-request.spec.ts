import { badRequestMessage } from '../http/bad-request-message.spec-helper';
import {
  applyShareFilter,
  parseShareCodeRequest,
  parseShareTargetRequest,
  SHARE_CODE_DEFAULT_SECONDS,
} from './share-request';

describe('parseShareTargetRequest', () => {
  it.each([
    [{ user: 'bob' }, { scopes: null, user: 'bob', group: null }],
    [
      { group: 'g', scopes: [] },
      { scopes: null, user: null, group: 'g' },
    ],
    [
      { user: 'bob', scopes: ['access:servers'] },
      { scopes: ['access:servers'], user: 'bob', group: null },
    ],
    [
      { user: '', group: 'g' },
      { scopes: null, user: '', group: 'g' },
    ],
  ])('accepts %p', (body, expected) => {
    expect(parseShareTargetRequest(body, 'ShareGrantRequest')).toEqual(expected);
  });

  it.each([
    [
      {},
      '1 validation error for ShareGrantRequest\n  Value error, Specify exactly one of `user` or `group` [type=value_error, input_value={}, input_type=dict]',
    ],
    [
      null,
      '1 validation error for ShareGrantRequest\n  Value error, Specify exactly one of `user` or `group` [type=value_error, input_value={}, input_type=dict]',
    ],
    [
      { user: 'a', group: 'b' },
      "1 validation error for ShareGrantRequest\n  Value error, Expected exactly one of `user` or `group`, not both. [type=value_error, input_value={'user': 'a', 'group': 'b'}, input_type=dict]",
    ],
    [
      { user: 5, scopes: 'x', other: true },
      "3 validation errors for ShareGrantRequest\nscopes\n  Input should be a valid list [type=list_type, input_value='x', input_type=str]\nuser\n  Input should be a valid string [type=string_type, input_value=5, input_type=int]\nother\n  Extra inputs are not permitted [type=extra_forbidden, input_value=True, input_type=bool]",
    ],
    [
      { user: 'a', scopes: ['ok', 1] },
      '1 validation error for ShareGrantRequest\nscopes.1\n  Input should be a valid string [type=string_type, input_value=1, input_type=int]',
    ],
    [
      [1],
      '1 validation error for ShareGrantRequest\n  Input should be a valid dictionary or instance of ShareGrantRequest [type=model_type, input_value=[1], input_type=list]',
    ],
  ])('refuses %p', (body, message) => {
    expect(badRequestMessage(() => parseShareTargetRequest(body, 'ShareGrantRequest'))).toBe(
      message,
    );
  });
});

describe('parseShareCodeRequest', () => {
  it.each([
    [{}, { scopes: null, expiresIn: SHARE_CODE_DEFAULT_SECONDS }],
    [{ expires_in: 60 }, { scopes: null, expiresIn: 60 }],
    [{ expires_in: '3600' }, { scopes: null, expiresIn: 3600 }],
    [
      { expires_in: 31536000, scopes: ['read:servers'] },
      { scopes: ['read:servers'], expiresIn: 31536000 },
    ],
  ])('accepts %p', (body, expected) => {
    expect(parseShareCodeRequest(body)).toEqual(expected);
  });

  it.each([
    [{ expires_in: 59 }, 'greater_than_equal, input_value=59,'],
    [{ expires_in: -1 }, 'Input should be greater than or equal to 60'],
    [{ expires_in: 31536001 }, 'Input should be less than or equal to 31536000'],
    [{ expires_in: 'notanumber' }, 'unable to parse string as an integer'],
    [{ expires_in: 60.5 }, 'got a number with a fractional part'],
    [{ expires_in: null }, 'Input should be a valid integer [type=int_type, input_value=None'],
    [{ expires_in: true }, 'input_value=True, input_type=bool'],
    [{ user: 'bob' }, 'Extra inputs are not permitted'],
  ])('refuses %p', (body, fragment) => {
    const message = badRequestMessage(() => parseShareCodeRequest(body));
    expect(message).toContain('validation error for ShareCodeGrantRequest');
    expect(message).toContain(fragment);
  });
});

describe('applyShareFilter', () => {
  it.each([
    [['access:servers'], 'alice', '', ['access:servers!server=alice/']],
    [
      ['read:servers!server=alice/x', 'access:servers'],
      'alice',
      'x',
      ['access:servers!server=alice/x', 'read:servers!server=alice/x'],
    ],
    [
      ['access:servers', 'access:servers!server=alice/'],
      'alice',
      '',
      ['access:servers!server=alice/'],
    ],
  ])('limits %p to %s/%s', (scopes, owner, server, expected) => {
    expect(applyShareFilter(scopes, owner, server)).toEqual(expected);
  });

  it.each([
    [
      'read:servers!server=other/',
      'not allowed on sharing read:servers!server=other/, only !server=alice/',
    ],
    [
      'access:servers!user=alice',
      '!user=alice not allowed on sharing access:servers!user=alice, only !server=alice/',
    ],
    [
      'access:servers!user',
      '!user not allowed on sharing access:servers!user, only !server=alice/',
    ],
  ])('refuses %s', (scope, fragment) => {
    expect(badRequestMessage(() => applyShareFilter([scope], 'alice', ''))).toContain(fragment);
  });
});
