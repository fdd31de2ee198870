import { Logger } from '@nestjs/common';
import { HubShutdown, listenAddress } from '@orrery/api';
import { HubConfig } from '@orrery/core';
import { createHubApp } from '../create-hub-app';

/** `orrery start`: the hub's HTTP server on `hub_bind_url`. */
export async function startHub(config: HubConfig): Promise<void> {
  const app = await createHubApp(config);
  const { host, port } = listenAddress(config.JupyterHub.hub_bind_url);
  await app.listen(port, host);
  // after POST /hub/api/shutdown has closed the app, nothing of the hub may linger
  void app.get(HubShutdown).done.then(() => process.exit(0));
  new Logger('orrery').log(
    `hub API listening on http://${host}:${port}${config.JupyterHub.base_url}hub/api`,
  );
}
