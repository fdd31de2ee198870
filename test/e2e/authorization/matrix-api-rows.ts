import {
  anyCaller,
  group,
  listed,
  MatrixRow,
  publicApi,
  scoped,
  server,
  service,
  user,
} from './matrix-rows';

/** What JupyterHub's UserAPIHandler asks to read a user model: any one of these. */
const READ_USER = [
  'read:users',
  'read:users:name',
  'read:servers',
  'read:users:groups',
  'read:users:activity',
  'read:roles:users',
] as const;

const alice = user('alice');
const aliceDefault = server('alice', '');
const aliceNb = server('alice', 'nb');

/** `/hub/api/users...`: users, their tokens and activity (JupyterHub's apihandlers/users.py). */
export const USER_ROWS: MatrixRow[] = [
  listed('GET /hub/api/users', ['list:users']),
  scoped('POST /hub/api/users', ['admin:users'], undefined, { body: { usernames: ['newbie'] } }),
  scoped('GET /hub/api/users/:user_name', READ_USER, alice),
  scoped('POST /hub/api/users/:user_name', ['admin:users'], alice),
  scoped('PATCH /hub/api/users/:user_name', ['admin:users'], alice, { body: { admin: true } }),
  scoped('DELETE /hub/api/users/:user_name', ['delete:users'], alice),
  scoped('POST /hub/api/users/:user_name/activity', ['users:activity'], alice),
  scoped('GET /hub/api/users/:user_name/tokens', ['read:tokens'], alice),
  // the handler authorises: JupyterHub lets a user ask for a token with a password
  publicApi('POST /hub/api/users/:user_name/tokens'),
  scoped('GET /hub/api/users/:user_name/tokens/:token_id', ['read:tokens'], alice),
  scoped('DELETE /hub/api/users/:user_name/tokens/:token_id', ['tokens'], alice),
  anyCaller('GET /hub/api/user'),
];

/**
 * `/hub/api/users/{name}/server(s)`: the finding of issue 13. Starting and stopping run for
 * real, so a refusal is also checked against the server's process state.
 */
export const SERVER_ROWS: MatrixRow[] = [
  scoped('GET /hub/api/users/:user_name/server', ['read:servers'], aliceDefault),
  scoped('POST /hub/api/users/:user_name/server', ['start:servers'], aliceDefault, { runs: true }),
  scoped('DELETE /hub/api/users/:user_name/server', ['delete:servers'], aliceDefault, {
    runs: true,
  }),
  scoped('GET /hub/api/users/:user_name/server/progress', ['read:servers'], aliceDefault, {
    runs: false,
  }),
  scoped('GET /hub/api/users/:user_name/servers/:server_name', ['read:servers'], aliceNb),
  scoped('PUT /hub/api/users/:user_name/servers/:server_name', ['start:servers'], aliceNb),
  scoped('PATCH /hub/api/users/:user_name/servers/:server_name', ['start:servers'], aliceNb),
  scoped('POST /hub/api/users/:user_name/servers/:server_name', ['start:servers'], aliceNb, {
    runs: true,
  }),
  scoped('DELETE /hub/api/users/:user_name/servers/:server_name', ['delete:servers'], aliceNb, {
    runs: true,
  }),
  scoped('GET /hub/api/users/:user_name/servers/:server_name/progress', ['read:servers'], aliceNb, {
    runs: false,
  }),
  // `servers/` with an empty name is the default server, as in JupyterHub
  ...(['GET', 'PUT', 'PATCH', 'POST', 'DELETE'] as const).map((verb) =>
    scoped(
      `${verb} /hub/api/users/:user_name/servers`,
      [verb === 'GET' ? 'read:servers' : verb === 'DELETE' ? 'delete:servers' : 'start:servers'],
      aliceDefault,
      { path: '/hub/api/users/alice/servers/' },
    ),
  ),
];

const staff = group('staff');

/** `/hub/api/groups...` (apihandlers/groups.py). */
export const GROUP_ROWS: MatrixRow[] = [
  listed('GET /hub/api/groups', ['list:groups']),
  scoped('POST /hub/api/groups', ['admin:groups'], undefined, { body: { groups: ['g2'] } }),
  scoped(
    'GET /hub/api/groups/:group_name',
    ['read:groups', 'read:groups:name', 'read:roles:groups'],
    staff,
  ),
  scoped('POST /hub/api/groups/:group_name', ['admin:groups'], staff),
  scoped('DELETE /hub/api/groups/:group_name', ['delete:groups'], staff),
  scoped('POST /hub/api/groups/:group_name/users', ['groups'], staff, {
    body: { users: ['carol'] },
  }),
  scoped('DELETE /hub/api/groups/:group_name/users', ['groups'], staff, {
    body: { users: ['bob'] },
  }),
  scoped('PUT /hub/api/groups/:group_name/properties', ['groups'], staff, { body: { a: 1 } }),
];

/** `/hub/api/services...` (apihandlers/services.py, and JupyterHub 5's runtime services). */
export const SERVICE_ROWS: MatrixRow[] = [
  listed('GET /hub/api/services', ['list:services']),
  scoped(
    'GET /hub/api/services/:service_name',
    ['read:services', 'read:services:name', 'read:roles:services'],
    service('reader'),
  ),
  scoped('POST /hub/api/services/:service_name', ['admin:services'], service('reader')),
  scoped('DELETE /hub/api/services/:service_name', ['admin:services'], service('reader')),
];

/** Sharing (apihandlers/shares.py): a server's shares and codes, what a user or group holds. */
export const SHARE_ROWS: MatrixRow[] = [
  scoped('GET /hub/api/shares/:user_name', ['read:shares'], alice),
  scoped('POST /hub/api/shares/:user_name', ['shares'], alice),
  scoped('PATCH /hub/api/shares/:user_name', ['shares'], alice),
  scoped('DELETE /hub/api/shares/:user_name', ['shares'], alice),
  scoped('GET /hub/api/shares/:user_name/:server_name', ['read:shares'], aliceNb),
  scoped('POST /hub/api/shares/:user_name/:server_name', ['shares'], aliceNb),
  scoped('PATCH /hub/api/shares/:user_name/:server_name', ['shares'], aliceNb),
  scoped('DELETE /hub/api/shares/:user_name/:server_name', ['shares'], aliceNb),
  scoped('GET /hub/api/share-codes/:user_name', ['read:shares'], alice),
  scoped('POST /hub/api/share-codes/:user_name', ['shares'], alice),
  scoped('DELETE /hub/api/share-codes/:user_name', ['shares'], alice),
  scoped('GET /hub/api/share-codes/:user_name/:server_name', ['read:shares'], aliceNb),
  scoped('POST /hub/api/share-codes/:user_name/:server_name', ['shares'], aliceNb),
  scoped('DELETE /hub/api/share-codes/:user_name/:server_name', ['shares'], aliceNb),
  scoped('GET /hub/api/users/:user_name/shared', ['read:users:shares'], alice),
  scoped('GET /hub/api/users/:user_name/shared/:owner_name', ['read:users:shares'], alice),
  scoped('DELETE /hub/api/users/:user_name/shared/:owner_name', ['users:shares'], alice),
  scoped(
    'GET /hub/api/users/:user_name/shared/:owner_name/:owner_server',
    ['read:users:shares'],
    alice,
  ),
  scoped(
    'DELETE /hub/api/users/:user_name/shared/:owner_name/:owner_server',
    ['users:shares'],
    alice,
  ),
  scoped('GET /hub/api/groups/:group_name/shared', ['read:groups:shares'], staff),
  scoped('GET /hub/api/groups/:group_name/shared/:owner_name', ['read:groups:shares'], staff),
  scoped('DELETE /hub/api/groups/:group_name/shared/:owner_name', ['groups:shares'], staff),
  scoped(
    'GET /hub/api/groups/:group_name/shared/:owner_name/:owner_server',
    ['read:groups:shares'],
    staff,
  ),
  scoped(
    'DELETE /hub/api/groups/:group_name/shared/:owner_name/:owner_server',
    ['groups:shares'],
    staff,
  ),
];

/** The hub itself: info, proxy, shutdown, and the token/cookie lookups and OAuth endpoints. */
export const HUB_ROWS: MatrixRow[] = [
  publicApi('GET /hub/api'),
  // read:metrics is checked inside: JupyterHub.authenticate_prometheus false opens it
  publicApi('GET /hub/metrics'),
  scoped('GET /hub/api/info', ['read:hub'], undefined),
  scoped('GET /hub/api/proxy', ['proxy'], undefined),
  scoped('POST /hub/api/proxy', ['proxy'], undefined),
  scoped('PATCH /hub/api/proxy', ['proxy'], undefined),
  scoped('POST /hub/api/shutdown', ['shutdown'], undefined),
  // the lookups authorise inside: an unknown token gets 404, a removed endpoint 404/400
  publicApi('GET /hub/api/authorizations/token/:token'),
  publicApi('POST /hub/api/authorizations/token'),
  publicApi('GET /hub/api/authorizations/cookie/:cookie_name'),
  publicApi('GET /hub/api/authorizations/cookie/:cookie_name/:cookie_value'),
  // client credentials are the token endpoint's own authentication
  publicApi('POST /hub/api/oauth2/token'),
  // the agent's client_id is its only credential; the code grants nothing until a user confirms
  publicApi('POST /hub/api/oauth2/device_authorization'),
];
