import { HubProxyService } from '@orrery/runtime';
import { HubFixture } from '../fixtures/hub-fixture';

/** Every table a request could change, except the bookkeeping of who was last active. */
const TABLES = [
  'users',
  'spawners',
  'servers',
  'api_tokens',
  'oauth_clients',
  'oauth_codes',
  'groups',
  'user_group_map',
  'roles',
  'user_role_map',
  'group_role_map',
  'service_role_map',
  'services',
  'shares',
  'share_codes',
  'user_passwords',
];
const VOLATILE = /activity|^last_/;

/** The hub's records and proxy routes: what a refused request must leave as it found them. */
export async function hubState(hub: HubFixture): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {
    routes: await hub.app.get(HubProxyService).routes(),
  };
  for (const table of TABLES) {
    const rows: Record<string, unknown>[] = await hub.dataSource.query(`SELECT * FROM ${table}`);
    state[table] = rows
      .map((row) =>
        JSON.stringify(
          Object.fromEntries(Object.entries(row).filter(([column]) => !VOLATILE.test(column))),
        ),
      )
      .sort();
  }
  return state;
}
