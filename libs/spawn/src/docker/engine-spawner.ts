import Dockerode from 'dockerode';
import { freePort } from '../local/free-port';
import { SpawnFailed } from '../spawn-states';
import type { BindAddress, SpawnContext, SpawnerProgressEvent, SpawnerSlot } from '../spawner';
import { usesHostNetwork, type ContainerPlan } from './docker-container-spec';
import { chooseImage } from './docker-images';
import { ensureImage } from './docker-image-pull';
import { containerName, templateFields } from './docker-names';
import { ProgressQueue } from './progress-queue';

let engine: Dockerode | null = null;

/** One client of the engine for the hub: DOCKER_HOST, else the local socket. */
export function dockerEngine(): Dockerode {
  engine ??= new Dockerode();
  return engine;
}

/** What a start has planned before it asks the engine for a container or a service. */
export interface EnginePlan {
  plan: ContainerPlan;
  /** the free port of 127.0.0.1 the server listens on with network_name host, else 0 */
  hostPort: number;
}

/**
 * What the docker and swarm spawners share (both read the DockerSpawner section): the progress
 * events of one start, and the steps before the engine creates the server's container or
 * service (image chosen and present, name, listen address, environment).
 */
export abstract class EngineSpawner {
  private readonly events = new ProgressQueue();

  constructor(
    protected readonly slot: SpawnerSlot,
    protected readonly docker: Dockerode,
  ) {}

  protected get settings() {
    return this.slot.config.DockerSpawner;
  }

  async start(ctx: SpawnContext): Promise<{ url: string }> {
    try {
      return await this.run(ctx);
    } finally {
      this.events.end();
    }
  }

  protected abstract run(ctx: SpawnContext): Promise<{ url: string }>;

  /**
   * Chooses the image and makes sure the engine has it, names the server, lets `clearLeftover`
   * deal with what an earlier start left under that name, then picks the listen address.
   */
  protected async planServer(
    ctx: SpawnContext,
    clearLeftover: (name: string) => Promise<void>,
  ): Promise<EnginePlan> {
    const settings = this.settings;
    const image = chooseImage(settings, ctx.userOptions, await ctx.groups());
    const fields = templateFields(ctx.user.name, ctx.serverName, image);
    const name = containerName(settings.name_template, ctx.serverName, fields);
    this.emit(10, `Checking image ${image}`);
    await ensureImage(this.docker, image, settings.pull_policy, (text) =>
      this.emit(20, text),
    ).catch((error: Error) => {
      throw new SpawnFailed(500, error.message);
    });
    await clearLeftover(name);
    const hostPort = usesHostNetwork(settings) ? await freePort('127.0.0.1') : 0;
    const bind: BindAddress = hostPort
      ? { ip: '127.0.0.1', port: hostPort }
      : { ip: '0.0.0.0', port: settings.port };
    const plan: ContainerPlan = {
      name,
      image,
      user: ctx.user.name,
      serverName: ctx.serverName,
      env: ctx.env(bind),
      fields,
    };
    return { plan, hostPort };
  }

  progress(): AsyncIterable<SpawnerProgressEvent> {
    return this.events.read();
  }

  protected emit(progress: number, message: string): void {
    this.events.push({ progress, message });
  }
}
