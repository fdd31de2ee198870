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
  /** While start() runs: a start on its way polls as running, so the hub sends it its stop. */
  private startInFlight = false;
  /** A stop came while the start had created nothing yet: the start undoes what it creates. */
  private stopWhileStarting = false;

  constructor(
    protected readonly slot: SpawnerSlot,
    protected readonly docker: Dockerode,
  ) {}

  protected get settings() {
    return this.slot.config.DockerSpawner;
  }

  async start(ctx: SpawnContext): Promise<{ url: string }> {
    this.startInFlight = true;
    try {
      return await this.run(ctx);
    } finally {
      this.startInFlight = false;
      this.events.end();
    }
  }

  /** poll() while the engine holds nothing of the server: running while a start is on its way. */
  protected pollWithoutServer(): number | null {
    return this.startInFlight ? null : 0;
  }

  /** stop() while the engine holds nothing of the server: a start on its way must not go on. */
  protected stopWithoutServer(): void {
    if (this.startInFlight) this.stopWhileStarting = true;
  }

  /**
   * Called by a start after each thing it creates: when a stop came in the meantime (a start
   * that outlasted start_timeout, e.g. in a long pull), `undo` removes it and the start fails,
   * so nothing is left running that the hub no longer knows of.
   */
  protected async abandonIfStopped(undo: () => Promise<void>): Promise<void> {
    if (!this.stopWhileStarting) return;
    await undo();
    throw new SpawnFailed(500, 'The server was stopped while it was starting');
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
