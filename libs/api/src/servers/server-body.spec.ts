import { HubError } from '@orrery/core';
import { checkNamedServer, parseServerBody } from './server-body';

function message(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as HubError).hubMessage;
  }
}

describe('parseServerBody (POST/PUT on a server)', () => {
  it.each([
    ['no body', undefined, { display_name: null, user_options: null }],
    ['an empty object', {}, { display_name: null, user_options: null }],
    [
      'the 6.0 form',
      { display_name: 'A', user_options: { x: 1 } },
      { display_name: 'A', user_options: { x: 1 } },
    ],
    ['only display_name', { display_name: 'A' }, { display_name: 'A', user_options: null }],
    ['user_options: null', { user_options: null }, { display_name: null, user_options: null }],
    [
      'the 5.x form (options at the top)',
      { image: 'x' },
      { display_name: null, user_options: { image: 'x' } },
    ],
  ])('reads %s', (_label, body, parsed) => {
    expect(parseServerBody(body)).toEqual(parsed);
  });

  it.each([
    [[1], 'Body must be a JSON object'],
    [{ display_name: 3 }, 'display_name must be a string'],
    [{ user_options: [1] }, 'user_options must be an object or null'],
  ])('refuses %j with 400 %j', (body, expected) => {
    expect(message(() => parseServerBody(body))).toBe(expected);
  });
});

describe('checkNamedServer', () => {
  const rules = { allowNamedServers: true, limit: 2, namedCount: 0, exists: false };

  it.each([
    [
      'named servers are off',
      'gpu',
      'gpu',
      { allowNamedServers: false },
      'Named servers are not enabled.',
    ],
    [
      'the limit is reached',
      'gpu',
      'gpu',
      { namedCount: 2 },
      'User alice already has the maximum of 2 named servers.  One must be deleted before a new server can be created',
    ],
    ['the name is no slug', 'GPU', 'GPU', {}, "Invalid server_name: 'GPU'"],
    ['the display name has double spaces', 'gpu', 'a  b', {}, "Invalid display_name: 'a  b'"],
  ])('refuses when %s', (_label, name, display, changes, expected) => {
    expect(message(() => checkNamedServer('alice', name, display, { ...rules, ...changes }))).toBe(
      expected,
    );
  });

  it('lets an existing server start whatever its name (pre-6 names) and whatever the limit', () => {
    expect(
      message(() =>
        checkNamedServer('alice', 'Old_Name', 'x', { ...rules, namedCount: 5, exists: true }),
      ),
    ).toBeNull();
  });
});
