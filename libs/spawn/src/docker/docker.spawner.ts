import type Dockerode from 'dockerode';
import { SpawnExited, SpawnFailed } from '../spawn-states';
import type { Spawner, SpawnContext, SpawnerDescriptor } from '../spawner';
import { containerCreateOptions, LABEL_USER } from './docker-container-spec';
import { demuxLog, dockerMessage, dockerStatus, unlessAlready } from './docker-errors';
import { imageOptionsForm } from './docker-images';
import { prepareImages } from './docker-image-pull';
import { dockerEngine, EngineSpawner } from './engine-spawner';

/** Seconds a container has between SIGTERM and SIGKILL on a graceful stop. */
const STOP_SECONDS = 10;
/** Log lines of an exited container shown in the spawn error. */
const LAST_LOG_LINES = 10;

/**
 * Servers in containers of a Docker Engine (DockerSpawner). Each start creates a new
 * container (its token and OAuth client are new each time), named by `name_template`, so a
 * container left by an earlier start is replaced. State is the container id; a container
 * that vanished polls as stopped (0), a start still on its way to creating one as running.
 */
export class DockerSpawner extends EngineSpawner implements Spawner {
  private containerId = '';

  protected async run(ctx: SpawnContext): Promise<{ url: string }> {
    const { plan, hostPort } = await this.planServer(ctx, (name) =>
      this.replaceLeftover(name, ctx.user.name),
    );
    const { name, image } = plan;
    await this.abandonIfStopped(async () => undefined);
    this.emit(40, `Creating container ${name}`);
    const options = containerCreateOptions(this.settings, this.slot.config.Spawner, plan);
    this.slot.log.info(`creating container ${name} from ${image}`, {
      binds: options.HostConfig?.Binds,
    });
    const container = await this.docker.createContainer(options).catch((error: unknown) => {
      throw new SpawnFailed(500, `Could not create container ${name}: ${dockerMessage(error)}`);
    });
    this.containerId = container.id;
    await this.abandonIfStopped(() => this.removeContainer());
    let url: string | null;
    try {
      this.emit(60, `Starting container ${name}`);
      await container.start();
      url = await this.address(container, hostPort);
    } catch (error) {
      const message = `Could not start container ${name}: ${dockerMessage(error)}`;
      // an engine that stopped cannot remove it; the next start replaces it by name
      await this.removeContainer().catch((removeError: unknown) =>
        this.slot.log.warn(`could not remove container ${name}: ${dockerMessage(removeError)}`),
      );
      throw new SpawnFailed(500, message);
    }
    if (url === null) await this.failExited();
    if (this.settings.post_start_cmd) await this.postStart(container, this.settings.post_start_cmd);
    return { url: url as string };
  }

  /** A container that exited before it could be reached: its status and last words, then it goes. */
  private async failExited(): Promise<never> {
    const { State } = await this.docker.getContainer(this.containerId).inspect();
    const details = await this.exitDetails();
    await this.removeContainer();
    throw new SpawnExited(`Spawner failed to start [status=${State.ExitCode}]. ${details}`, {
      status: State.ExitCode,
      oomKilled: Boolean(State.OOMKilled),
      output: details,
    });
  }

  /** A container of this name left by an earlier start goes; a foreign one is not touched. */
  private async replaceLeftover(name: string, user: string): Promise<void> {
    let found: Dockerode.ContainerInspectInfo;
    try {
      found = await this.docker.getContainer(name).inspect();
    } catch (error) {
      if (dockerStatus(error) === 404) return;
      throw new SpawnFailed(500, `Could not look for container ${name}: ${dockerMessage(error)}`);
    }
    if (found.Config.Labels?.[LABEL_USER] !== user) {
      throw new SpawnFailed(
        500,
        `A container named ${name} exists that is not ${user}'s server; remove it or change DockerSpawner.name_template`,
      );
    }
    this.slot.log.info(`removing container ${name} left by an earlier start`);
    await unlessAlready(this.docker.getContainer(found.Id).remove({ force: true }), [404, 409]);
  }

  /**
   * Where the hub reaches the server: the published port, the container's IP, or the host
   * port; null when the container is no longer running.
   */
  private async address(container: Dockerode.Container, hostPort: number): Promise<string | null> {
    if (hostPort) return `http://127.0.0.1:${hostPort}`;
    const info = await container.inspect();
    if (!info.State.Running) return null;
    const network = info.NetworkSettings;
    if (this.settings.use_internal_ip) {
      const ip = network.Networks?.[this.settings.network_name]?.IPAddress;
      if (!ip) {
        throw new Error(`the container has no address on network ${this.settings.network_name}`);
      }
      return `http://${ip}:${this.settings.port}`;
    }
    const published = network.Ports?.[`${this.settings.port}/tcp`]?.[0];
    if (!published) throw new Error(`port ${this.settings.port} of the container is not published`);
    const ip = ['', '0.0.0.0'].includes(published.HostIp) ? '127.0.0.1' : published.HostIp;
    return `http://${ip}:${published.HostPort}`;
  }

  /** DockerSpawner's post_start_cmd: run in the container; a failure is only logged. */
  private async postStart(container: Dockerode.Container, command: string): Promise<void> {
    const exec = await container.exec({
      Cmd: ['sh', '-c', command],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({});
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => stream.on('end', resolve));
    const { ExitCode } = await exec.inspect();
    const output = demuxLog(Buffer.concat(chunks)).join('\n');
    const log = ExitCode === 0 ? this.slot.log.info : this.slot.log.warn;
    log(`post_start_cmd exited with ${ExitCode}`, { output });
  }

  async stop(now = false): Promise<void> {
    if (!this.containerId) return this.stopWithoutServer();
    this.slot.log.info(`stopping container ${this.containerId.slice(0, 12)}`);
    await unlessAlready(
      this.docker.getContainer(this.containerId).stop({ t: now ? 0 : STOP_SECONDS }),
      [304, 404],
    );
  }

  /** With `remove`, or after a failed start, the stopped container goes; named volumes stay. */
  async cleanup(failedStart: boolean): Promise<void> {
    if (this.containerId && (this.settings.remove || failedStart)) await this.removeContainer();
  }

  private async removeContainer(): Promise<void> {
    if (!this.containerId) return;
    this.slot.log.info(`removing container ${this.containerId.slice(0, 12)}`);
    // v: its anonymous volumes go with it, as DockerSpawner's remove does
    await unlessAlready(
      this.docker.getContainer(this.containerId).remove({ force: true, v: true }),
      [404, 409],
    );
    this.containerId = '';
  }

  async poll(): Promise<number | null> {
    if (!this.containerId) return this.pollWithoutServer();
    try {
      const { State } = await this.docker.getContainer(this.containerId).inspect();
      return State.Running ? null : State.ExitCode;
    } catch (error) {
      if (dockerStatus(error) !== 404) throw error;
      this.slot.log.warn(`container ${this.containerId.slice(0, 12)} is gone`);
      return 0;
    }
  }

  async oomKilled(): Promise<boolean> {
    if (!this.containerId) return false;
    const { State } = await this.docker.getContainer(this.containerId).inspect();
    return Boolean(State.OOMKilled);
  }

  async exitDetails(): Promise<string | null> {
    if (!this.containerId) return null;
    const container = this.docker.getContainer(this.containerId);
    const { State, Name } = await container.inspect();
    const log = (await container.logs({
      stdout: true,
      stderr: true,
      tail: LAST_LOG_LINES,
    })) as unknown as Buffer;
    const lines = demuxLog(log);
    const error = State.Error ? ` (${State.Error})` : '';
    return [
      `Container ${Name.replace(/^\//, '')} exited with status ${State.ExitCode}${error}; its last log lines:`,
      ...lines,
    ].join('\n');
  }

  getState(): Record<string, unknown> {
    return this.containerId ? { container_id: this.containerId } : {};
  }

  loadState(state: Record<string, unknown>): void {
    this.containerId = typeof state.container_id === 'string' ? state.container_id : '';
  }
}

export const dockerSpawner: SpawnerDescriptor = {
  name: 'docker',
  aliases: ['dockerspawner.DockerSpawner', 'DockerSpawner', 'dockerspawner'],
  create: (slot) => new DockerSpawner(slot, dockerEngine()),
  prepare: (config, log) => prepareImages(dockerEngine(), config, log),
  optionsForm: (config) => imageOptionsForm(config.DockerSpawner),
};
