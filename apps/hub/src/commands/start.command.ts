import { Logger } from '@nestjs/common';
import { HubProxyService, HubShutdown, listenAddress } from '@orrery/api';
import { HubConfig } from '@orrery/core';
import { type FdLimit, raiseFdLimit } from '@orrery/proxy';
import { createHubApp } from '../create-hub-app';
import { openUrl } from './open-url';

/** `orrery start`: the hub's HTTP server on `hub_bind_url`. */
export async function startHub(config: HubConfig): Promise<void> {
  logFdLimit(new Logger('orrery'), raiseFdLimit());
  const app = await createHubApp(config);
  const { host, port } = listenAddress(config.JupyterHub.hub_bind_url);
  await app.listen(port, host);
  // after POST /hub/api/shutdown has closed the app, nothing of the hub may linger
  void app.get(HubShutdown).done.then(() => process.exit(0));
  new Logger('orrery').log(
    `hub API listening on http://${host}:${port}${config.JupyterHub.base_url}hub/api`,
  );
  // the last start-up line, so the address to open is where the eye lands
  new Logger('orrery').log(
    `Orrery is running at ${openUrl(config, app.get(HubProxyService).publicPort)}`,
  );
}

/** Before the app opens anything: the public port's cap is computed from this limit. */
function logFdLimit(logger: Logger, limit: FdLimit | undefined): void {
  if (limit === undefined) logger.warn('open-file limit unknown (no /proc): left as it is');
  else if (limit.error !== undefined)
    logger.warn(`open-file limit left at ${limit.soft} (hard ${limit.hard}): ${limit.error}`);
  else logger.log(`open-file limit ${limit.soft} (hard ${limit.hard})`);
}
