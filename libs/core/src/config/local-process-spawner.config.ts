import { BooleanKey, Check, IntegerKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';
import { checkNotEmpty } from './config-formats';

/** `FIRST-LAST`, both above 0 and below 2^31 (PostgreSQL's integer), FIRST <= LAST. */
export function parseUidRange(text: string): { first: number; last: number } | null {
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match) return null;
  const [first, last] = [Number(match[1]), Number(match[2])];
  return first > 0 && first <= last && last < 2 ** 31 ? { first, last } : null;
}

function checkUidRange(value: string): string | null {
  return parseUidRange(value) ? null : 'expected FIRST-LAST with 0 < FIRST <= LAST < 2147483648';
}

@ConfigSection('The local-process spawner (the default): servers as processes of the hub host.')
export class LocalProcessSpawnerConfig {
  @IntegerKey('Seconds a server has to exit after SIGINT before it gets SIGTERM.')
  interrupt_timeout = 10;

  @IntegerKey('Seconds a server has to exit after SIGTERM before it gets SIGKILL.')
  term_timeout = 5;

  @IntegerKey('Seconds to wait for a server to exit after SIGKILL.')
  kill_timeout = 5;

  @TextKey(
    "A user's working directory (and HOME, mode 0700); {username} is replaced; null means /var/lib/orrery-users/{username} for root, else $XDG_DATA_HOME/orrery-users/{username}. A relative path starts at the config file's folder.",
    { optional: true, check: checkNotEmpty },
  )
  home_dir_template: string | null = null;

  @TextKey(
    "Uids (each also the user's gid) the hub hands out, one per user and never reused, to run servers under when it runs as root: FIRST-LAST. Keep it clear of system accounts and /etc/subuid ranges.",
    { check: checkUidRange },
  )
  uid_range = '900000-999999';

  @BooleanKey(
    "Run every server as the hub's own Unix user even when the hub runs as root (no isolation between users; a server as root needs --allow-root in Spawner.args).",
  )
  run_as_hub_user = false;

  @BooleanKey(
    "Run each server as the system user of the same name (uid, gid, HOME and SHELL from the passwd database, in that user's home), as JupyterHub does whenever the hub runs as root. Needs a hub running as root.",
  )
  // checked when the config loads, so a hub that could not switch users refuses to start
  @Check((value) =>
    value === true && process.getuid?.() !== 0
      ? 'needs the hub to run as root (it switches each server to its system user)'
      : null,
  )
  run_as_system_user = false;
}
