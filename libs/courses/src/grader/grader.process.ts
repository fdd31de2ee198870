import { LocalProcessSpawner, type SpawnContext, type SpawnerSlot } from '@orrery/spawn';
import type { SystemUser } from '@orrery/spawn';

/** What one grader service runs, where and as whom. */
export interface GraderLaunch {
  command: string[];
  env: Record<string, string>;
  /** the grader's home: its cwd */
  cwd: string;
  /** the grader's uid when the hub runs as root; absent, it runs as the hub's user */
  uid?: number;
}

/** How many of the last output lines a failure reason quotes. */
const TAIL_LINES = 8;

/**
 * A grader service's process: the local spawner's process group, signals and poll (as
 * JupyterHub's service spawner), but with the course's command, environment and cwd, run
 * under the grader account's own uid so learners' uids cannot read the course. Keeps the last
 * lines it printed, which say why it did not start.
 */
export class GraderProcess extends LocalProcessSpawner {
  constructor(
    slot: SpawnerSlot,
    private readonly launch: GraderLaunch,
    private readonly tail: string[] = [],
  ) {
    super({ ...slot, log: tailingLog(slot.log, tail) });
  }

  override async start(_ctx?: SpawnContext): Promise<{ url: string }> {
    const { command, env, cwd, uid } = this.launch;
    const account: SystemUser | undefined =
      uid === undefined
        ? undefined
        : { name: env.USER, uid, gid: uid, home: cwd, shell: '/bin/sh' };
    await this.run(command, env, cwd, account);
    return { url: env.JUPYTERHUB_SERVICE_URL ?? '' };
  }

  /** The last lines of its output, oldest first. */
  outputTail(): string[] {
    return [...this.tail];
  }
}

/** The slot's log, also keeping the server's last output lines in `tail`. */
function tailingLog(log: SpawnerSlot['log'], tail: string[]): SpawnerSlot['log'] {
  return {
    info: (message, fields) => {
      if (fields?.stream) {
        tail.push(message);
        if (tail.length > TAIL_LINES) tail.shift();
      }
      log.info(message, fields);
    },
    warn: (message, fields) => log.warn(message, fields),
  };
}
