import { describeScopes } from './scope-descriptions';

const REQUIRED = ['access:servers!server=alice/', 'read:users:groups!user', 'read:users:name!user'];

describe('scope descriptions on the confirmation page', () => {
  it('describes only the required scopes as identifying the user', () => {
    expect(describeScopes(REQUIRED, REQUIRED, 'alice')).toEqual([
      { scope: null, description: 'Identify who owns the request.', filter: '' },
    ]);
  });

  it('shows inherit alone', () => {
    expect(describeScopes([...REQUIRED, 'inherit', 'read:users'], REQUIRED, 'alice')).toEqual([
      { scope: 'inherit', description: 'Everything the owner of the token may do.', filter: '' },
    ]);
  });

  it.each([
    ['read:users', ''],
    ['read:users!user', 'only you'],
    ['read:users!user=alice', 'only you'],
    ['read:users!user=bob', 'user bob'],
    ['read:users!group=staff', 'users in group staff'],
    ['access:servers!server=bob/lab', 'server bob/lab'],
  ])('describes the filter of %s as %j', (scope, filter) => {
    const [line] = describeScopes([scope], REQUIRED, 'alice');
    expect(line.filter).toBe(filter);
    expect(line.scope).toBe(scope.split('!')[0]);
    expect(line.description.length).toBeGreaterThan(0);
  });

  it('uses the description of a custom scope', () => {
    const custom = { 'custom:grades:read': { description: 'Read grades.' } };
    expect(describeScopes(['custom:grades:read'], [], 'alice', custom)).toEqual([
      { scope: 'custom:grades:read', description: 'Read grades.', filter: '' },
    ]);
  });
});
