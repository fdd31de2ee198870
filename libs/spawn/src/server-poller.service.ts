import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HubConfig } from '@orrery/core';

/** JupyterHub's `poll_jitter`: each wait is the interval ± 10 %. */
const POLL_JITTER = 0.1;

/**
 * Calls a check for each running server every `Spawner.poll_interval` seconds. Timers are
 * unref'd (they never keep the hub alive) and hold only the spawner id.
 */
@Injectable()
export class ServerPoller implements OnApplicationShutdown {
  private readonly logger = new Logger('spawner');
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(@Inject(HubConfig) private readonly config: HubConfig) {}

  watch(spawnerId: number, check: () => Promise<void>, random: () => number = Math.random): void {
    this.cancel(spawnerId);
    const seconds = this.config.Spawner.poll_interval;
    if (seconds <= 0) return;
    const schedule = () => {
      const jitter = 1 + (random() * 2 - 1) * POLL_JITTER;
      const timer = setTimeout(
        () => {
          void check()
            .catch((error: unknown) =>
              this.logger.warn({ message: `poll failed: ${String(error)}`, spawner: spawnerId }),
            )
            .finally(() => {
              if (this.timers.get(spawnerId) === timer) schedule();
            });
        },
        seconds * 1000 * jitter,
      );
      timer.unref();
      this.timers.set(spawnerId, timer);
    };
    schedule();
  }

  cancel(spawnerId: number): void {
    clearTimeout(this.timers.get(spawnerId));
    this.timers.delete(spawnerId);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
