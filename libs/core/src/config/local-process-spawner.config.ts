import { BooleanKey, Check, IntegerKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';
import { checkNotEmpty } from './config-formats';

@ConfigSection('The local-process spawner (the default): servers as processes of the hub host.')
export class LocalProcessSpawnerConfig {
  @IntegerKey('Seconds a server has to exit after SIGINT before it gets SIGTERM.')
  interrupt_timeout = 10;

  @IntegerKey('Seconds a server has to exit after SIGTERM before it gets SIGKILL.')
  term_timeout = 5;

  @IntegerKey('Seconds to wait for a server to exit after SIGKILL.')
  kill_timeout = 5;

  @TextKey(
    "A user's working directory (and HOME); {username} is replaced, relative paths start at the hub's working directory.",
    { check: checkNotEmpty },
  )
  home_dir_template = 'users/{username}';

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
