import { IntegerKey, TextKey } from './config-key.decorators';
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
}
