import type { SpawnerProgressEvent } from '../spawner';

/** Progress events of one start, read once by the hub while the start runs. */
export class ProgressQueue {
  private readonly events: SpawnerProgressEvent[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  push(event: SpawnerProgressEvent): void {
    this.events.push(event);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *read(): AsyncIterable<SpawnerProgressEvent> {
    for (;;) {
      const event = this.events.shift();
      if (event) {
        yield event;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
