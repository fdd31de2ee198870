import { Logger } from '@nestjs/common';
import { HubShutdown, listenAddress } from '@orrery/api';
import { HubProxyService } from '@orrery/runtime';
import { HubConfig } from '@orrery/core';
import { SpawnRecords } from '@orrery/spawn';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FdLimit, raiseFdLimit } from '@orrery/proxy';
import { createHubApp } from '../create-hub-app';
import { EXIT_SIGNALS, exitNotice, ExitSignal } from './exit-signals';
import { openUrl } from './open-url';
import { checkPortsFree, type WantedAddress } from './ports-free';
import { preparedEnvOnPath } from './prepared-env';

/** `orrery start`: the hub's HTTP server on `hub_bind_url`. */
export async function startHub(config: HubConfig): Promise<void> {
  const logger = new Logger('orrery');
  logFdLimit(logger, raiseFdLimit());
  const prepared = preparedEnvOnPath();
  if (prepared) logger.log(`servers find jupyterhub-singleuser in ${prepared} first (PATH)`);
  const { host, port } = listenAddress(config.JupyterHub.hub_bind_url);
  await checkPortsFree(wantedAddresses(config));
  const app = await createHubApp(config);
  await app.listen(port, host);
  // after POST /hub/api/shutdown has closed the app, nothing of the hub may linger
  void app.get(HubShutdown).done.then(() => process.exit(0));
  exitOnSignals(app, config);
  new Logger('orrery').log(
    `hub API listening on http://${host}:${port}${config.JupyterHub.base_url}hub/api`,
  );
  // the last start-up line, so the address to open is where the eye lands
  new Logger('orrery').log(
    `Orrery is running at ${openUrl(config, app.get(HubProxyService).publicPort)}`,
  );
}

/** The addresses this hub listens on itself: the hub API, and the public port when the proxy is in-process. */
function wantedAddresses(config: HubConfig): WantedAddress[] {
  const wanted = [
    { ...listenAddress(config.JupyterHub.hub_bind_url), key: 'JupyterHub.hub_bind_url' },
  ];
  if (config.JupyterHub.proxy === 'in-process')
    wanted.unshift({ ...listenAddress(config.JupyterHub.bind_url), key: 'JupyterHub.bind_url' });
  return wanted;
}

/** Before the app opens anything: the public port's cap is computed from this limit. */
function logFdLimit(logger: Logger, limit: FdLimit | undefined): void {
  if (limit === undefined) logger.warn('open-file limit unknown (no /proc): left as it is');
  else if (limit.error !== undefined)
    logger.warn(`open-file limit left at ${limit.soft} (hard ${limit.hard}): ${limit.error}`);
  else logger.log(`open-file limit ${limit.soft} (hard ${limit.hard})`);
}

/**
 * Ctrl-C and SIGTERM close the hub (its shutdown hooks: proxy, timers, database) and exit 0,
 * saying what happens to the users' servers. Nest's own signal hooks would re-raise the signal
 * after closing, so the process would look killed; a second signal exits at once.
 */
function exitOnSignals(app: NestFastifyApplication, config: HubConfig): void {
  const logger = new Logger('orrery');
  let closing = false;
  const onSignal = async (signal: ExitSignal) => {
    if (closing) {
      logger.warn(`${signal} received again: exiting without finishing the shutdown`);
      process.exit(1);
    }
    closing = true;
    const running = await app
      .get(SpawnRecords)
      .activeCount()
      .catch(() => 0);
    logger.log({ message: exitNotice(signal, running, config), event: 'exit', servers: running });
    try {
      await app.close();
      logger.log('hub stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${String(error)}`);
      process.exit(1);
    }
  };
  for (const signal of EXIT_SIGNALS) process.on(signal, (name: ExitSignal) => void onSignal(name));
}
