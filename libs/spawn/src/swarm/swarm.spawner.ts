import { SpawnFailed } from '../spawn-states';
import type { Spawner, SpawnContext, SpawnerDescriptor } from '../spawner';
import { demuxLog, dockerMessage, dockerStatus, unlessAlready } from '../docker/docker-errors';
import { imageOptionsForm } from '../docker/docker-images';
import { prepareImages } from '../docker/docker-image-pull';
import { dockerEngine, EngineSpawner } from '../docker/engine-spawner';
import { serviceCreateOptions } from './swarm-service-spec';

/** Task states on the way to running (Docker's swarm task lifecycle). */
const ON_THE_WAY = [
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
];
const FIRST_WAIT_MS = 20;
const LONGEST_WAIT_MS = 500;
const LAST_LOG_LINES = 10;

type Task = { Status?: { State?: string; Err?: string; ContainerStatus?: { ExitCode?: number } } };

/**
 * Servers as Docker Swarm services (SwarmSpawner): one service of one never-restarted
 * replica per server, created at start and removed at stop. State is the service id; a
 * service that vanished polls as stopped (0), a start still on its way to creating one as running.
 */
export class SwarmSpawner extends EngineSpawner implements Spawner {
  private serviceId = '';

  protected async run(ctx: SpawnContext): Promise<{ url: string }> {
    // a service of this name left by an earlier start goes
    const { plan, hostPort } = await this.planServer(ctx, (name) =>
      unlessAlready(this.docker.getService(name).remove(), [404]),
    );
    const { name } = plan;
    await this.abandonIfStopped(async () => undefined);
    this.emit(40, `Creating service ${name}`);
    const options = serviceCreateOptions(
      this.settings,
      this.slot.config.SwarmSpawner,
      this.slot.config.Spawner,
      plan,
    );
    const created = (await this.docker.createService(options).catch((error: unknown) => {
      throw new SpawnFailed(500, `Could not create service ${name}: ${dockerMessage(error)}`);
    })) as { id?: string; ID?: string };
    this.serviceId = created.ID ?? created.id ?? '';
    await this.abandonIfStopped(() => this.removeService());
    this.emit(60, `Waiting for the task of service ${name}`);
    const task = await this.runningTask();
    if (task?.Status?.State !== 'running') {
      const status = task?.Status?.ContainerStatus?.ExitCode ?? 0;
      const reason = task?.Status?.Err ?? task?.Status?.State ?? 'no task';
      const details = await this.exitDetails().catch(() => null);
      throw new SpawnFailed(
        500,
        `Spawner failed to start [status=${status}]. Service ${name}: ${reason}${details ? `\n${details}` : ''}`,
      );
    }
    return { url: await this.address(hostPort) };
  }

  /** Waits until the service's task runs or ends, within Spawner.start_timeout. */
  private async runningTask(): Promise<Task | null> {
    const deadline = Date.now() + this.slot.config.Spawner.start_timeout * 1000;
    let waitMs = FIRST_WAIT_MS;
    for (;;) {
      const task = await this.latestTask();
      const state = task?.Status?.State ?? 'new';
      if (!ON_THE_WAY.includes(state) || Date.now() > deadline) return task;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waitMs = Math.min(waitMs * 2, LONGEST_WAIT_MS);
    }
  }

  private async latestTask(): Promise<Task | null> {
    const tasks = (await this.docker.listTasks({
      filters: { service: [this.serviceId] },
    })) as (Task & { CreatedAt?: string })[];
    tasks.sort((a, b) => String(b.CreatedAt).localeCompare(String(a.CreatedAt)));
    return tasks[0] ?? null;
  }

  private async address(hostPort: number): Promise<string> {
    const settings = this.settings;
    if (hostPort) return `http://127.0.0.1:${hostPort}`;
    const service = await this.docker.getService(this.serviceId).inspect();
    if (settings.use_internal_ip) return `http://${service.Spec.Name}:${settings.port}`;
    const ports = (service.Endpoint?.Ports ?? []) as {
      TargetPort?: number;
      PublishedPort?: number;
    }[];
    const published = ports.find((port) => port.TargetPort === settings.port);
    if (!published)
      throw new SpawnFailed(500, `port ${settings.port} of the service is not published`);
    const ip = settings.host_ip === '0.0.0.0' ? '127.0.0.1' : settings.host_ip;
    return `http://${ip}:${published.PublishedPort}`;
  }

  /** A service has no stopped state: stopping removes it (its task's container goes with it). */
  async stop(): Promise<void> {
    if (!this.serviceId) return this.stopWithoutServer();
    await this.removeService();
  }

  async cleanup(): Promise<void> {
    await this.removeService();
  }

  private async removeService(): Promise<void> {
    if (!this.serviceId) return;
    this.slot.log.info(`removing service ${this.serviceId.slice(0, 12)}`);
    await unlessAlready(this.docker.getService(this.serviceId).remove(), [404]);
    this.serviceId = '';
  }

  async poll(): Promise<number | null> {
    if (!this.serviceId) return this.pollWithoutServer();
    try {
      await this.docker.getService(this.serviceId).inspect();
    } catch (error) {
      if (dockerStatus(error) !== 404) throw error;
      this.slot.log.warn(`service ${this.serviceId.slice(0, 12)} is gone`);
      return 0;
    }
    const task = await this.latestTask();
    const state = task?.Status?.State ?? 'new';
    if (state === 'running' || ON_THE_WAY.includes(state)) return null;
    return task?.Status?.ContainerStatus?.ExitCode ?? 0;
  }

  async exitDetails(): Promise<string | null> {
    if (!this.serviceId) return null;
    const log = (await this.docker
      .getService(this.serviceId)
      .logs({ stdout: true, stderr: true, tail: LAST_LOG_LINES })) as unknown as Buffer;
    const lines = demuxLog(log);
    return lines.length ? ['its last log lines:', ...lines].join('\n') : null;
  }

  getState(): Record<string, unknown> {
    return this.serviceId ? { service_id: this.serviceId } : {};
  }

  loadState(state: Record<string, unknown>): void {
    this.serviceId = typeof state.service_id === 'string' ? state.service_id : '';
  }
}

/** The engine must be a swarm manager; then the same image check as the docker spawner. */
async function prepareSwarm(...args: Parameters<NonNullable<SpawnerDescriptor['prepare']>>) {
  const docker = dockerEngine();
  const info = (await docker.info().catch((error: unknown) => {
    throw new Error(`SwarmSpawner: ${dockerMessage(error)}`);
  })) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable) {
    throw new Error(
      'SwarmSpawner: the Docker Engine is not a swarm manager (docker swarm init, or DOCKER_HOST of a manager)',
    );
  }
  await prepareImages(docker, ...args);
}

export const swarmSpawner: SpawnerDescriptor = {
  name: 'swarm',
  aliases: ['dockerspawner.SwarmSpawner', 'SwarmSpawner', 'swarmspawner'],
  create: (slot) => new SwarmSpawner(slot, dockerEngine()),
  prepare: prepareSwarm,
  optionsForm: (config) => imageOptionsForm(config.DockerSpawner),
};
