import { ServerEntity, SpawnerEntity, UserEntity } from '@orrery/core';
import { HubFixture, PERSONAS_CONFIG } from './fixtures/hub-fixture';

/** Every field of JupyterHub's user model (OpenAPI `User`, plus `created`). */
export const FULL_USER_KEYS = [
  'admin',
  'auth_state',
  'created',
  'groups',
  'kind',
  'last_activity',
  'name',
  'pending',
  'roles',
  'server',
  'servers',
  'user_info',
];
export const NOT_FOUND = 'No access to resources or resources not found';
export const PAGINATION = 'application/jupyterhub-pagination+json';

export function forbidden(scope: string): string {
  return `Action is not authorized with current scopes; requires any of [${scope}]`;
}

/** Personas plus `umgr`, a non-admin user holding `admin:users` through a custom role. */
export const USER_MANAGER_CONFIG = {
  JupyterHub: {
    load_roles: [
      ...PERSONAS_CONFIG.JupyterHub.load_roles,
      { name: 'user-manager', scopes: ['admin:users'], users: ['umgr'] },
    ],
  },
};

/** What a failed request must leave untouched (activity columns move with every request). */
export async function snapshot(hub: HubFixture): Promise<Record<string, unknown[]>> {
  const query = (sql: string): Promise<unknown[]> => hub.dataSource.query(sql);
  return {
    users: await query('SELECT id, name, admin, cookie_id FROM users ORDER BY id'),
    roles: await query('SELECT user_id, role_id FROM user_role_map ORDER BY user_id, role_id'),
    groups: await query('SELECT user_id, group_id FROM user_group_map ORDER BY user_id, group_id'),
    spawners: await query('SELECT id, user_id, name, server_id FROM spawners ORDER BY id'),
    tokens: await query('SELECT id, user_id FROM api_tokens ORDER BY id'),
  };
}

/** A spawner row for `user`; an active one gets a servers row, as a running server has. */
export async function addSpawner(
  hub: HubFixture,
  user: string,
  server: string,
  options: { active?: boolean; userActivity?: string } = {},
): Promise<void> {
  const users = hub.dataSource.getRepository(UserEntity);
  const row = await users.findOneByOrFail({ name: user });
  const serverRow = options.active
    ? await hub.dataSource.getRepository(ServerEntity).save({ ip: '127.0.0.1', port: 9 })
    : null;
  await hub.dataSource.getRepository(SpawnerEntity).save({
    userId: row.id,
    name: server,
    serverId: serverRow?.id ?? null,
    started: options.active ? new Date('2026-01-02T00:00:00Z') : null,
  });
  if (options.userActivity) {
    await users.update(row.id, { lastActivity: new Date(options.userActivity) });
  }
}
