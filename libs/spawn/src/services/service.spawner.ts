import { homeDirectory, LocalProcessSpawner } from '../local/local.spawner';
import type { BindAddress, SpawnContext, SpawnerSlot } from '../spawner';

/** JupyterHub's spawner defaults: a service picks no port; only its configured URL counts. */
const NO_BIND: BindAddress = { ip: '127.0.0.1', port: 0 };

/** What a managed service runs: the spec's `command`, in its `cwd` (else the hub's). */
export interface ServiceLaunch {
  command: string[];
  cwd?: string;
  /** the spec's `url`, where the hub reaches it; null for a service without one */
  url: string | null;
}

/**
 * A managed service's process (JupyterHub's `_ServiceSpawner`): the local spawner's process
 * group, signals, poll and state, but the service's command and directory instead of
 * `Spawner.cmd` and a user's home, and no port of its own to pick (the URL is configured).
 */
export class ServiceSpawner extends LocalProcessSpawner {
  private readonly homeTemplate: string | null;

  constructor(
    slot: SpawnerSlot,
    private readonly launch: ServiceLaunch,
  ) {
    super(slot);
    this.homeTemplate = slot.config.LocalProcessSpawner.home_dir_template;
  }

  override async start(ctx: SpawnContext): Promise<{ url: string }> {
    const user = ctx.user.name;
    // a service run for a user gets that user's USER and HOME, as a server of theirs would;
    // the directory is not created, since the service works in its own cwd
    const userEnv: Record<string, string> = user
      ? { USER: user, HOME: homeDirectory(this.homeTemplate, user) }
      : {};
    const env = { ...ctx.env(NO_BIND), ...userEnv };
    await this.run(this.launch.command, env, this.launch.cwd || undefined);
    return { url: this.launch.url ?? '' };
  }
}
