import { PositiveNumberKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection(
  "The remote spawner (JupyterHub.spawner_class: remote): each server runs on the user's own machine, started there by `orrery-remote start`, reached through the agent's tunnel (issue 15).",
)
export class RemoteSpawnerConfig {
  @PositiveNumberKey(
    "Seconds a server's tunnel may be gone (a network cut, the agent reconnecting) before the server counts as stopped.",
  )
  tunnel_grace_period = 30;
}
