import { Logger } from '@nestjs/common';
import { Clock, HubError, type HubConfig } from '@orrery/core';
import {
  allocatesUids,
  freePort,
  hubApiUrl,
  ServerExited,
  servicePrefix,
  waitUp,
  type SpawnerSlot,
} from '@orrery/spawn';
import { coursePaths } from './course-paths';
import { applyStoragePlan, storagePlan } from './course-storage';
import { graderServiceEnv, memberNbgraderEnv } from './grader-env';
import { idleGraders } from './grader-idle';
import type {
  CourseGraderPort,
  CourseGraderSpec,
  GraderState,
  MemberRole,
} from './grader-port.types';
import { GraderProcess } from './grader.process';

export interface CourseGradersOptions {
  config: HubConfig;
  /** `Courses.root` */
  root: string;
  /** `Courses.exchange_root`; `<root>/exchange` when unset */
  exchangeRoot?: string;
  /** `Courses.grader_cmd`, else `Spawner.cmd` */
  command: string[];
  /** `Courses.grader_idle_timeout`, seconds; 0 keeps graders running */
  idleTimeoutSeconds: number;
  /** seconds the service's URL has to answer (JupyterHub's `Spawner.start_timeout`) */
  startTimeoutSeconds: number;
  clock: Clock;
  /** the grader account's uid (`LocalUidAllocator.uidFor`), used when the hub runs as root */
  allocateUid?: (userName: string) => Promise<number>;
  /** the service's URL for a course; a free port of 127.0.0.1 when unset */
  urlFor?: (courseId: string) => Promise<string>;
  /** tells the hub where the service now answers (its route) or, with null, that it is gone */
  publish?: (courseId: string, url: string | null) => Promise<void>;
  /**
   * The last request through the service's route (the proxy's `last_activity`, epoch ms):
   * formgrader's own traffic never passes the hub, so this is what keeps a grader in use.
   */
  lastActivity?: (courseId: string) => Promise<number | null>;
}

interface Grader {
  state: GraderState;
  reason?: string;
  url?: string;
  process?: GraderProcess;
  starting?: Promise<void>;
  lastUseMs: number;
}

/**
 * The courses' grader services (the `CourseGraderPort`): each course's formgrader is
 * `jupyterhub-singleuser` run as a managed hub service named after the course, for the
 * `grader-<id>` account, in the grader's home, started on demand and stopped when idle. One
 * start at a time per course; a failed start leaves `failed` with the reason (the error and
 * the server's last lines) and the next start tries again.
 */
export class CourseGraders implements CourseGraderPort {
  private readonly logger = new Logger('courses');
  private readonly graders = new Map<string, Grader>();
  private cullTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: CourseGradersOptions) {}

  async prepareStorage(spec: CourseGraderSpec): Promise<void> {
    const uid = await this.graderUid(spec);
    await applyStoragePlan(storagePlan(spec.root, spec.courseId, this.options.exchangeRoot), uid);
  }

  async start(spec: CourseGraderSpec): Promise<void> {
    const known = this.graders.get(spec.courseId);
    if (known?.state === 'running') return this.touch(spec.courseId);
    if (known?.starting) return known.starting;
    const grader: Grader = { state: 'starting', lastUseMs: this.nowMs() };
    grader.starting = this.launch(spec, grader).finally(() => {
      grader.starting = undefined;
    });
    this.graders.set(spec.courseId, grader);
    return grader.starting;
  }

  async stop(courseId: string): Promise<void> {
    const grader = this.graders.get(courseId);
    if (!grader) return;
    // a start in flight finishes first, so its process is not left running
    await grader.starting?.catch(() => undefined);
    const { process } = grader;
    grader.process = undefined;
    if (process) {
      this.logger.log({ message: `Stopping grader service ${courseId}`, service: courseId });
      await process.stop();
    }
    if (grader.state === 'running') await this.options.publish?.(courseId, null);
    this.graders.set(courseId, { state: 'stopped', lastUseMs: grader.lastUseMs });
  }

  state(courseId: string): { state: GraderState; reason?: string; url?: string } {
    const grader = this.graders.get(courseId);
    if (!grader) return { state: 'stopped' };
    const { state, reason, url } = grader;
    return { state, ...(reason ? { reason } : {}), ...(url ? { url } : {}) };
  }

  nbgraderEnvFor(role: MemberRole, courseIds: string[]): Record<string, string> {
    return memberNbgraderEnv(this.options.root, role, courseIds);
  }

  /** A use of the course's service (a request through `/services/<id>/`) resets its idle time. */
  touch(courseId: string): void {
    const grader = this.graders.get(courseId);
    if (grader) grader.lastUseMs = this.nowMs();
  }

  /** Stops the running graders unused for `Courses.grader_idle_timeout`; returns their ids. */
  async cullIdle(): Promise<string[]> {
    const running = new Map<string, number>();
    for (const [id, grader] of this.graders) {
      if (grader.state !== 'running') continue;
      const routed = (await this.options.lastActivity?.(id)) ?? null;
      running.set(id, Math.max(grader.lastUseMs, routed ?? 0));
    }
    const idle = idleGraders(running, this.nowMs(), this.options.idleTimeoutSeconds);
    for (const courseId of idle) {
      this.logger.log({ message: `Grader service ${courseId} is idle`, service: courseId });
      await this.stop(courseId);
    }
    return idle;
  }

  /** Checks for idle graders every `everyMs`; the timer never keeps the hub process alive. */
  cullEvery(everyMs: number): void {
    if (this.cullTimer || this.options.idleTimeoutSeconds <= 0) return;
    this.cullTimer = setInterval(() => {
      this.cullIdle().catch((error: unknown) =>
        this.logger.error({ message: `Stopping idle graders failed: ${String(error)}` }),
      );
    }, everyMs);
    this.cullTimer.unref();
  }

  /** At hub shutdown: graders start again on demand, so none outlives the hub. */
  async stopAll(): Promise<void> {
    if (this.cullTimer) clearInterval(this.cullTimer);
    this.cullTimer = null;
    for (const courseId of [...this.graders.keys()]) await this.stop(courseId);
  }

  private async launch(spec: CourseGraderSpec, grader: Grader): Promise<void> {
    const { config } = this.options;
    const { courseId } = spec;
    let process: GraderProcess | undefined;
    try {
      const uid = await this.graderUid(spec);
      await applyStoragePlan(storagePlan(spec.root, courseId, this.options.exchangeRoot), uid);
      const url = this.options.urlFor
        ? await this.options.urlFor(courseId)
        : `http://127.0.0.1:${await freePort('127.0.0.1')}`;
      const env = graderServiceEnv({
        spec,
        exchangeRoot: this.options.exchangeRoot,
        url,
        baseUrl: config.JupyterHub.base_url,
        hubApiUrl: hubApiUrl(config),
        hubEnv: globalThis.process.env,
        command: this.options.command,
      });
      const cwd = coursePaths(spec.root, courseId, this.options.exchangeRoot).graderHome;
      process = new GraderProcess(this.slot(spec), {
        command: this.options.command,
        env,
        cwd,
        uid,
      });
      grader.process = process;
      this.logger.log({
        message: `Starting grader service ${courseId} at ${url}: ${this.options.command.join(' ')}`,
        service: courseId,
      });
      await process.start();
      const started = process;
      await waitUp(`${new URL(url).origin}${servicePrefix(config.JupyterHub.base_url, courseId)}`, {
        timeoutMs: this.options.startTimeoutSeconds * 1000,
        exited: () => started.poll(),
      });
      await this.options.publish?.(courseId, url);
      Object.assign(grader, { state: 'running', url, reason: undefined, lastUseMs: this.nowMs() });
    } catch (error) {
      const reason = failureReason(courseId, error, process?.outputTail() ?? []);
      this.logger.warn({ message: reason, service: courseId });
      grader.process = undefined;
      await process?.stop(true);
      Object.assign(grader, { state: 'failed', reason, url: undefined });
      throw new HubError(503, reason);
    }
  }

  private async graderUid(spec: CourseGraderSpec): Promise<number | undefined> {
    const { allocateUid, config } = this.options;
    return allocateUid && allocatesUids(config) ? allocateUid(spec.graderUser) : undefined;
  }

  private slot(spec: CourseGraderSpec): SpawnerSlot {
    const fields = { service: spec.courseId };
    return {
      user: { id: 0, name: spec.graderUser },
      serverName: '',
      config: this.options.config,
      log: {
        info: (message, extra) => this.logger.log({ message, ...fields, ...extra }),
        warn: (message, extra) => this.logger.warn({ message, ...fields, ...extra }),
      },
    };
  }

  private nowMs(): number {
    return this.options.clock.now().getTime();
  }
}

/** What the instructor and the course check read: the cause, then the server's last words. */
export function failureReason(courseId: string, error: unknown, lastOutput: string[]): string {
  const cause =
    error instanceof ServerExited
      ? `it exited with status ${error.status}`
      : error instanceof Error
        ? error.message
        : String(error);
  const output = lastOutput.length ? `; its last output: ${lastOutput.join(' | ')}` : '';
  return `The grader service of ${courseId} did not start: ${cause}${output}`;
}
