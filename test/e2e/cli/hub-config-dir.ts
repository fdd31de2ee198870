import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../contracts/proxy/peers';
import { createTestDatabase, TestDatabase } from '../fixtures/test-database';
import { childEnv, ORRERY_BIN, Running, startUntil, tempDir } from './built-bins';

/** What a describe block's hub run through the bin has: filled in before its tests. */
export interface HubConfigDir {
  dir: string;
  /** `orrery.yaml` in `dir`: free ports of 127.0.0.1, the database, `alice` an admin */
  configFile: string;
  database: TestDatabase;
  hubPort: number;
  /** the started hub; stopped after the block */
  hub: Running | undefined;
  /** `orrery start --config` in `dir`, until it says its API listens (sets `hub`) */
  start(): Promise<Running>;
}

/**
 * A temp dir with the config of a hub on a throwaway database (`prepare` may fill it first, e.g.
 * with an older schema); after the block the hub is stopped, the database dropped, the dir gone.
 */
export function hubConfigDir(
  label: string,
  prepare: (database: TestDatabase) => Promise<void> = async () => undefined,
): HubConfigDir {
  const cli = {
    hub: undefined,
    start: async () => {
      cli.hub = await startUntil(
        ORRERY_BIN,
        ['start', '--config', cli.configFile],
        /hub API listening/,
        // the e2e setup quiets logs to warnings; this waits for the start-up line
        { cwd: cli.dir, env: childEnv({ ORRERY_LOG_LEVEL: 'log' }) },
      );
      return cli.hub;
    },
  } as HubConfigDir;
  beforeAll(async () => {
    cli.dir = tempDir(label);
    cli.database = await createTestDatabase();
    await prepare(cli.database);
    cli.hubPort = await freePort();
    cli.configFile = path.join(cli.dir, 'orrery.yaml');
    fs.writeFileSync(
      cli.configFile,
      stringify({
        JupyterHub: {
          bind_url: `http://127.0.0.1:${await freePort()}`,
          hub_bind_url: `http://127.0.0.1:${cli.hubPort}`,
          db_url: cli.database.dbUrl,
          cookie_secret_file: path.join(cli.dir, 'cookie_secret'),
        },
        Authenticator: { admin_users: ['alice'] },
      }),
    );
  });
  afterAll(async () => {
    await cli.hub?.stop();
    await cli.database?.drop();
    if (cli.dir) fs.rmSync(cli.dir, { recursive: true, force: true });
  });
  return cli;
}
