import { BooleanKey, IntegerKey, ListOfKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

/** One group's culling rule; a user in several groups gets the longest timeout among them. */
export class CullPolicySpec {
  @TextKey('Group whose members this policy covers (a course group works too).')
  group!: string;

  @IntegerKey('Seconds of inactivity after which their servers are culled.', { min: 1 })
  timeout!: number;

  @IntegerKey('Seconds after start after which their servers are culled anyway; 0: never.', {
    min: 0,
    optional: true,
  })
  max_age?: number;
}

@ConfigSection(
  "Orrery's built-in idle culler (jupyterhub-idle-culler's options, run inside the hub).",
)
export class CullerConfig {
  @BooleanKey('Cull idle servers (and users, with cull_users).')
  enabled = false;

  @IntegerKey(
    'Seconds of inactivity after which a server is culled (unless a policy says otherwise).',
    {
      min: 1,
    },
  )
  timeout = 3600;

  @IntegerKey('Seconds between two culling rounds.', { min: 1 })
  every = 600;

  @IntegerKey('Seconds after start after which a server is culled even if active; 0: never.', {
    min: 0,
  })
  max_age = 0;

  @IntegerKey('Servers stopped (or kernels asked) at the same time in one round.', { min: 1 })
  concurrency = 10;

  @BooleanKey(
    'Also delete users inactive for the timeout; never admins, never users with a running server.',
  )
  cull_users = false;

  @BooleanKey('Delete a culled named server (its spawner row) instead of only stopping it.')
  remove_named_servers = false;

  @IntegerKey(
    "Seconds of inactivity a server with a busy kernel is kept for (the hub asks the server's kernels with a short-lived token scoped to it); 0: kernels are not asked.",
    { min: 0 },
  )
  busy_cap = 0;

  @ListOfKey(
    "Per-group rules [{group, timeout, max_age}]; they replace the default timeout for members, the longest of a user's groups wins.",
    () => CullPolicySpec,
    'group',
  )
  policies: CullPolicySpec[] = [];
}
