import { Inject, Injectable } from '@nestjs/common';
import { HubError, ModelGeneration } from '@orrery/core';

/** JupyterHub's pending actions of a server ('rename' is never pending here: renames are instant). */
export type PendingAction = 'spawn' | 'stop' | 'check';

export interface ProgressEvent {
  progress: number;
  message: string;
  html_message?: string;
  ready?: boolean;
  failed?: boolean;
  url?: string;
}

/** Why a start did not finish: the API answers with its status and message. */
export class SpawnFailed extends HubError {
  constructor(
    status: number,
    message: string,
    readonly cancelled = false,
  ) {
    super(status, message);
  }
}

/** A start that outlasted `Spawner.start_timeout`. */
export class StartTimeout extends SpawnFailed {
  constructor(
    user: string,
    readonly seconds: number,
  ) {
    super(500, `${user}'s server failed to start in ${seconds} seconds, giving up.`);
  }
}

/**
 * A start that failed because the server's process or container exited, as the spawner saw it
 * (a container removed right after cannot be asked again): for the spawn diagnostics.
 */
export class SpawnExited extends SpawnFailed {
  constructor(
    message: string,
    readonly exit: { status: number; oomKilled: boolean; output: string | null },
  ) {
    super(500, message);
  }
}

interface SlotActivity {
  pending: PendingAction | null;
  /** settles when the current start has finished, either way */
  spawn: Promise<void> | null;
  stop: Promise<void> | null;
  abort: AbortController | null;
  events: ProgressEvent[];
  listeners: Set<() => void>;
  /** the last start's failure, kept until the next start (pages show it) */
  failure: SpawnFailed | null;
}

/**
 * What is in flight for each spawner (by spawner id): the pending action, the progress events
 * of a start, the last failure. This is the only in-memory bookkeeping of servers: it
 * describes requests being served, not servers, so a restart may lose it.
 */
@Injectable()
export class SpawnStates {
  /** A pending action is part of the user and server models that GET /user may have kept. */
  constructor(@Inject(ModelGeneration) private readonly models: ModelGeneration) {}

  private readonly slots = new Map<number, SlotActivity>();

  private slot(spawnerId: number): SlotActivity {
    let slot = this.slots.get(spawnerId);
    if (!slot) {
      slot = {
        pending: null,
        spawn: null,
        stop: null,
        abort: null,
        events: [],
        listeners: new Set(),
        failure: null,
      };
      this.slots.set(spawnerId, slot);
    }
    return slot;
  }

  pending(spawnerId: number): PendingAction | null {
    return this.slots.get(spawnerId)?.pending ?? null;
  }

  /** How many starts are in progress (JupyterHub's spawn_pending + proxy_pending). */
  spawnsPending(): number {
    let count = 0;
    for (const slot of this.slots.values()) if (slot.pending === 'spawn') count += 1;
    return count;
  }

  setPending(spawnerId: number, action: PendingAction | null): void {
    this.slot(spawnerId).pending = action;
    this.models.bump();
  }

  beginSpawn(spawnerId: number, run: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const slot = this.slot(spawnerId);
    slot.pending = 'spawn';
    this.models.bump();
    slot.events = [];
    slot.failure = null;
    slot.abort = new AbortController();
    const done = run(slot.abort.signal);
    const settled = () => {
      for (const listener of slot.listeners) listener();
    };
    slot.spawn = done.then(settled, settled);
    return done;
  }

  spawnSettled(spawnerId: number): Promise<void> | null {
    return this.slots.get(spawnerId)?.spawn ?? null;
  }

  cancelSpawn(spawnerId: number): void {
    this.slots.get(spawnerId)?.abort?.abort();
  }

  setStop(spawnerId: number, stop: Promise<void> | null): void {
    this.slot(spawnerId).stop = stop;
  }

  stopping(spawnerId: number): Promise<void> | null {
    return this.slots.get(spawnerId)?.stop ?? null;
  }

  fail(spawnerId: number, failure: SpawnFailed): void {
    this.slot(spawnerId).failure = failure;
  }

  failure(spawnerId: number): SpawnFailed | null {
    return this.slots.get(spawnerId)?.failure ?? null;
  }

  emit(spawnerId: number, event: ProgressEvent): void {
    const slot = this.slot(spawnerId);
    slot.events.push(event);
    for (const listener of slot.listeners) listener();
  }

  /** The events of the current start so far, and a way to hear of more. */
  events(spawnerId: number): ProgressEvent[] {
    return this.slots.get(spawnerId)?.events ?? [];
  }

  listen(spawnerId: number, listener: () => void): () => void {
    const slot = this.slot(spawnerId);
    slot.listeners.add(listener);
    return () => slot.listeners.delete(listener);
  }

  /** Forgets a spawner whose row is gone (server removed, user deleted). */
  forget(spawnerId: number): void {
    this.slots.delete(spawnerId);
    this.models.bump();
  }
}
