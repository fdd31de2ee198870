/**
 * Every built-in scope of JupyterHub 6 with its direct subscopes ("A implies B").
 * Being `as const`, `Scope` is a compile-time union: a misspelt scope on a route is a
 * type error. Descriptions are shown to people (OAuth confirmation page, token page).
 */
export const SCOPE_TABLE = {
  '(no_scope)': { description: 'Identify who owns the request.' },
  self: { description: 'Your own resources (users only).' },
  inherit: { description: 'Everything the owner of the token may do.' },
  'admin-ui': { description: 'Open the admin page; each action there needs its own scope.' },
  'admin:users': {
    description:
      'Read, change, create and delete users and their authentication state (not their servers or tokens). Close to superuser.',
    subscopes: ['admin:auth_state', 'users', 'read:roles:users', 'delete:users'],
  },
  'admin:auth_state': { description: "Read a user's authentication state." },
  users: {
    description: 'Read and change user models (not servers, tokens or authentication state).',
    subscopes: ['read:users', 'list:users', 'users:activity'],
  },
  'delete:users': { description: 'Delete users.' },
  'list:users': {
    description: 'List users, with at least their names.',
    subscopes: ['read:users:name'],
  },
  'read:users': {
    description: 'Read user models, including the URL of a running default server.',
    subscopes: ['read:users:name', 'read:users:groups', 'read:users:activity'],
  },
  'read:users:name': { description: 'Read user names.' },
  'read:users:groups': { description: 'Read which groups users belong to.' },
  'read:users:activity': { description: 'Read when users were last active.' },
  'read:roles': {
    description: 'Read who holds which roles.',
    subscopes: ['read:roles:users', 'read:roles:services', 'read:roles:groups'],
  },
  'read:roles:users': { description: 'Read the roles of users.' },
  'read:roles:services': { description: 'Read the roles of services.' },
  'read:roles:groups': { description: 'Read the roles of groups.' },
  'users:activity': {
    description: 'Record user activity.',
    subscopes: ['read:users:activity'],
  },
  'admin:servers': {
    description: 'Read, start, stop, create and delete user servers, and their state.',
    subscopes: ['admin:server_state', 'servers'],
  },
  'admin:server_state': { description: "Read and write the spawner state of users' servers." },
  servers: {
    description: 'Start and stop user servers.',
    subscopes: ['read:servers', 'start:servers', 'delete:servers'],
  },
  'read:servers': {
    description: 'Read user names and server models (not the server state).',
    subscopes: ['read:users:name'],
  },
  'start:servers': { description: "Start, create and edit users' servers (JupyterHub 6)." },
  'delete:servers': { description: "Stop and delete users' servers." },
  tokens: { description: 'Read, create and delete user tokens.', subscopes: ['read:tokens'] },
  'read:tokens': { description: 'Read user tokens.' },
  'admin:groups': {
    description: 'Read and change groups, create and delete them.',
    subscopes: ['groups', 'read:roles:groups', 'delete:groups'],
  },
  groups: {
    description:
      'Read and change groups, including their members (which can change what members may do).',
    subscopes: ['read:groups', 'list:groups'],
  },
  'list:groups': {
    description: 'List groups, with at least their names.',
    subscopes: ['read:groups:name'],
  },
  'read:groups': { description: 'Read group models.', subscopes: ['read:groups:name'] },
  'read:groups:name': { description: 'Read group names.' },
  'delete:groups': { description: 'Delete groups.' },
  'admin:services': {
    description:
      'Create, read, change and delete services added at run time (not those from config).',
    subscopes: ['list:services', 'read:services', 'read:roles:services'],
  },
  'list:services': {
    description: 'List services, with at least their names.',
    subscopes: ['read:services:name'],
  },
  'read:services': { description: 'Read service models.', subscopes: ['read:services:name'] },
  'read:services:name': { description: 'Read service names.' },
  'read:hub': { description: 'Read detailed information about the hub.' },
  'access:servers': { description: 'Use user servers, through the API or a browser.' },
  'access:services': { description: 'Use services, through the API or a browser.' },
  'users:shares': {
    description: "Read and revoke a user's access to servers shared with them.",
    subscopes: ['read:users:shares'],
  },
  'read:users:shares': { description: 'Read which servers are shared with a user.' },
  'groups:shares': {
    description: "Read and revoke a group's access to servers shared with it.",
    subscopes: ['read:groups:shares'],
  },
  'read:groups:shares': { description: 'Read which servers are shared with a group.' },
  'read:shares': { description: 'Read who has shared access to servers.' },
  shares: {
    description: 'Manage shared access to servers.',
    subscopes: ['access:servers', 'read:shares', 'users:shares', 'groups:shares'],
  },
  proxy: {
    description: "Read the proxy's routing table, sync it with the hub, announce a new proxy.",
  },
  shutdown: { description: 'Shut the hub down.' },
  'read:metrics': { description: 'Read Prometheus metrics.' },
  // Orrery's extensions: the `orrery:` prefix is none of JupyterHub's resources nor its
  // `custom:` scopes, so no JupyterHub scope can ever mean the same name
  'orrery:courses': {
    description: 'Create, change, archive and delete courses and their members.',
    subscopes: ['orrery:read:courses'],
  },
  'orrery:read:courses': { description: 'Read courses, their members and their check.' },
} as const;

export type Scope = keyof typeof SCOPE_TABLE;

export interface ScopeDefinition {
  readonly description: string;
  readonly subscopes?: readonly Scope[];
}

/** The same table, typed so that the compiler checks every subscope is itself a scope. */
export const SCOPE_DEFINITIONS: Readonly<Record<Scope, ScopeDefinition>> = SCOPE_TABLE;

/** Own keys only: a plain `in` would accept 'constructor' and other prototype names. */
export function isBuiltinScope(name: string): name is Scope {
  return Object.hasOwn(SCOPE_TABLE, name);
}
