import { HubError } from '@orrery/core';
import { ScopeSet } from '@orrery/rbac';
import { includeStoppedServers, listableUsers, parseUserListQuery } from './user-list-query';

function failure(run: () => unknown): [number, string | null] | null {
  try {
    run();
  } catch (error) {
    return [(error as HubError).status, (error as HubError).hubMessage];
  }
  return null;
}

describe('parseUserListQuery', () => {
  it('defaults to every user by ascending id', () => {
    expect(parseUserListQuery({})).toEqual({
      state: null,
      sort: { key: 'id', descending: false },
      nameFilter: null,
      includeStoppedServers: false,
    });
  });

  it.each([
    ['name', { key: 'name', descending: false }],
    ['-last_activity', { key: 'last_activity', descending: true }],
    ['-id', { key: 'id', descending: true }],
  ])('reads sort=%s', (sort, expected) => {
    expect(parseUserListQuery({ sort }).sort).toEqual(expected);
  });

  it.each([
    [{ sort: 'created' }, "sort must be 'id', 'name', or 'last_activity', not 'created'"],
    [{ sort: '' }, "sort must be 'id', 'name', or 'last_activity', not ''"],
    [{ sort: '--name' }, "sort must be 'id', 'name', or 'last_activity', not '--name'"],
    [{ state: 'running' }, "Unrecognized state filter: 'running'"],
  ])('refuses %j with 400', (query, message) => {
    expect(failure(() => parseUserListQuery(query))).toEqual([400, message]);
  });

  it.each(['active', 'ready', 'inactive'])('accepts state=%s', (state) => {
    expect(parseUserListQuery({ state }).state).toBe(state);
  });

  it('treats an empty state or name_filter as absent and takes the last repeated value', () => {
    expect(parseUserListQuery({ state: '', name_filter: '' })).toMatchObject({
      state: null,
      nameFilter: null,
    });
    expect(parseUserListQuery({ state: ['bogus', 'ready'] }).state).toBe('ready');
  });
});

describe('includeStoppedServers', () => {
  it.each([
    [{}, false],
    [{ include_stopped_servers: '' }, true],
    [{ include_stopped_servers: '1' }, true],
    [{ include_stopped_servers: 'yes' }, true],
    [{ include_stopped_servers: '0' }, false],
    [{ include_stopped_servers: 'False' }, false],
  ])('reads %j as %p', (query, expected) => {
    expect(includeStoppedServers(query)).toBe(expected);
  });
});

describe('listableUsers', () => {
  const filtersOf = (...scopes: string[]) => new ScopeSet(scopes).filters('list:users');

  it('lists everyone for an unfiltered scope', () => {
    expect(listableUsers(filtersOf('list:users'))).toBe('all');
  });

  it('lists named users and group members for user= and group= filters', () => {
    expect(listableUsers(filtersOf('list:users!user=a', 'list:users!group=g'))).toEqual({
      names: ['a'],
      groups: ['g'],
    });
  });

  it.each([['list:users!server=a/'], ['list:users!service=s']])(
    'refuses %s with 403 instead of widening it to everyone',
    (scope) => {
      expect(failure(() => listableUsers(filtersOf(scope)))?.[0]).toBe(403);
    },
  );
});
