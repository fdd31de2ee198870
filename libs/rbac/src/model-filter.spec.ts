import { filterGroupModel, filterServiceModel, filterUserModel } from './model-filter';
import { expandScopes } from './scope-expansion';
import { ScopeSet } from './scope-set';

const held = (...raw: string[]) => new ScopeSet(expandScopes(raw));

const server = (name: string) => ({
  name,
  ready: true,
  url: `/user/ann/${name}`,
  state: { pid: 42 },
});

const USER_MODEL = {
  kind: 'user',
  name: 'ann',
  admin: false,
  roles: ['user'],
  groups: ['staff'],
  server: '/user/ann/',
  pending: null,
  created: '2026-01-01T00:00:00Z',
  last_activity: '2026-01-02T00:00:00Z',
  auth_state: { access_token: 'secret' },
  user_info: { display_name: 'Ann' },
  servers: { '': server(''), lab: server('lab') },
};

const READ_USERS_KEYS = [
  'admin',
  'created',
  'groups',
  'kind',
  'last_activity',
  'name',
  'pending',
  'roles',
  'server',
  'user_info',
];

describe('filterUserModel: one row of section 4.6 per scope', () => {
  it.each<[string[], string[]]>([
    [['read:users'], READ_USERS_KEYS],
    [['read:users:name'], ['admin', 'kind', 'name', 'user_info']],
    [['read:users:groups'], ['groups', 'kind', 'name']],
    [['read:users:activity'], ['kind', 'last_activity', 'name']],
    [['read:servers'], ['admin', 'kind', 'name', 'servers', 'user_info']],
    [['read:roles:users'], ['admin', 'kind', 'name', 'roles']],
    [['admin:auth_state'], ['auth_state', 'kind', 'name']],
    [['read:users!user=ann'], READ_USERS_KEYS],
    [['read:users!group=staff'], READ_USERS_KEYS],
    [
      ['read:users:groups!user=ann', 'read:users:activity!user=ann'],
      ['groups', 'kind', 'last_activity', 'name'],
    ],
    [['read:users!user=bob'], []],
    [['read:users!group=other'], []],
    [['read:groups', 'read:hub'], []],
    [[], []],
  ])('%j reveals %j', (scopes, keys) => {
    expect(Object.keys(filterUserModel(USER_MODEL, held(...scopes))).sort()).toEqual(keys);
  });

  it('copies field values unchanged', () => {
    const model = filterUserModel(USER_MODEL, held('read:users'));
    expect(model.user_info).toEqual({ display_name: 'Ann' });
    expect(model.pending).toBeNull();
  });
});

describe('filterUserModel: servers', () => {
  const servers = (...scopes: string[]) => filterUserModel(USER_MODEL, held(...scopes)).servers;

  it.each<[string, string[], string[] | undefined, boolean]>([
    ['read:servers on the user, without state', ['read:servers!user=ann'], ['', 'lab'], false],
    ['no server scope: no servers key', ['admin:users', 'read:users'], undefined, false],
    [
      'servers (unfiltered) beside a group filter',
      ['read:servers!group=staff', 'servers'],
      ['', 'lab'],
      false,
    ],
    ['admin:server_state adds state', ['admin:server_state', 'read:servers'], ['', 'lab'], true],
    [
      'one server, with its state',
      [
        'read:users:name!user=ann',
        'read:servers!server=ann/lab',
        'admin:server_state!server=ann/lab',
      ],
      ['lab'],
      true,
    ],
    [
      'the default server by its trailing slash',
      ['read:users:name', 'read:servers!server=ann/'],
      [''],
      false,
    ],
    ['read:servers through the user groups', ['read:servers!group=staff'], ['', 'lab'], false],
  ])('%s', (_case, scopes, names, withState) => {
    const visible = servers(...scopes);
    expect(visible && Object.keys(visible).sort()).toEqual(names);
    for (const model of Object.values(visible ?? {})) expect('state' in model).toBe(withState);
  });

  it('keeps an empty servers object when read:servers covers the user', () => {
    const model = filterUserModel({ ...USER_MODEL, servers: {} }, held('read:servers'));
    expect(model.servers).toEqual({});
  });

  it('reveals nothing from server scopes alone (the user model needs a user scope)', () => {
    expect(filterUserModel(USER_MODEL, held('read:servers!server=ann/lab'))).toEqual({});
  });

  it('strips state from a copy, leaving the caller model intact', () => {
    filterUserModel(USER_MODEL, held('read:servers'));
    expect(USER_MODEL.servers.lab.state).toEqual({ pid: 42 });
  });

  it('leaves servers out when the model has none', () => {
    const withoutServers = { ...USER_MODEL, servers: undefined };
    expect(filterUserModel(withoutServers, held('read:servers'))).not.toHaveProperty('servers');
  });
});

const GROUP_MODEL = {
  kind: 'group',
  name: 'staff',
  roles: ['grader'],
  users: ['ann'],
  properties: { a: 1 },
};

describe('filterGroupModel', () => {
  it.each<[string[], string[]]>([
    [['read:groups'], ['kind', 'name', 'properties', 'users']],
    [['read:groups:name'], ['kind', 'name']],
    [['read:roles:groups'], ['kind', 'name', 'roles']],
    [
      ['read:roles:groups', 'read:groups:name'],
      ['kind', 'name', 'roles'],
    ],
    [['read:groups!group=staff'], ['kind', 'name', 'properties', 'users']],
    [['read:groups!group=other'], []],
    [['read:groups!user=staff'], []],
    [['read:users'], []],
  ])('%j reveals %j', (scopes, keys) => {
    expect(Object.keys(filterGroupModel(GROUP_MODEL, held(...scopes))).sort()).toEqual(keys);
  });
});

const SERVICE_MODEL = {
  kind: 'service',
  name: 'grader',
  roles: [],
  admin: false,
  url: 'http://127.0.0.1:9999',
  prefix: '/services/grader/',
  command: ['grader'],
  pid: 7,
  info: {},
  display: true,
};

describe('filterServiceModel', () => {
  it.each<[string[], string[]]>([
    [
      ['read:services'],
      ['admin', 'command', 'display', 'info', 'kind', 'name', 'pid', 'prefix', 'url'],
    ],
    [['read:services:name'], ['admin', 'kind', 'name']],
    [
      ['read:roles:services', 'read:services:name'],
      ['admin', 'kind', 'name', 'roles'],
    ],
    [['read:roles:services'], ['admin', 'kind', 'name', 'roles']],
    [
      ['read:services!service=grader'],
      ['admin', 'command', 'display', 'info', 'kind', 'name', 'pid', 'prefix', 'url'],
    ],
    [['read:services!service=other'], []],
    [['access:services'], []],
  ])('%j reveals %j', (scopes, keys) => {
    expect(Object.keys(filterServiceModel(SERVICE_MODEL, held(...scopes))).sort()).toEqual(keys);
  });
});
