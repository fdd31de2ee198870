import {
  AnyMapKey,
  BooleanKey,
  BytesKey,
  Check,
  ChoiceKey,
  IntegerKey,
  isPlainMapping,
  PositiveNumberKey,
  TextKey,
  TextMapKey,
} from './config-key.decorators';
import { ConfigSection, registerKey } from './config-key.registry';
import { NAME_FIELDS, unknownField, VOLUME_FIELDS, volumesProblem } from './docker-templates';

/** A key whose value is checked as a whole by `check` (shapes no other decorator has). */
function ShapeKey(description: string, check: (value: unknown) => string | null) {
  return (target: object, property: string | symbol) => {
    registerKey(target, { name: String(property), description, kind: 'value' });
    Check(check)(target, property);
  };
}

function allowedImagesProblem(value: unknown): string | null {
  if (value === '*') return null;
  if (Array.isArray(value)) {
    return value.every((item) => typeof item === 'string') ? null : 'expected a list of images';
  }
  if (isPlainMapping(value)) {
    return Object.values(value).every((item) => typeof item === 'string')
      ? null
      : 'expected a mapping of a choice to an image';
  }
  return "expected '*', a list of images or a mapping of a choice to an image";
}

function readOnlyVolumesProblem(value: unknown): string | null {
  if (!isPlainMapping(value)) return volumesProblem(value);
  for (const [source, target] of Object.entries(value)) {
    if (typeof target !== 'string') return `the target of ${source} must be a container path`;
  }
  return volumesProblem(value);
}

function nameTemplateProblem(value: string): string | null {
  const field = unknownField(value, NAME_FIELDS);
  return field === null
    ? null
    : `uses {${field}}; known fields: ${NAME_FIELDS.map((f) => `{${f}}`).join(', ')}`;
}

export type PullPolicy = 'ifnotpresent' | 'always' | 'never' | 'skip';

@ConfigSection(
  "The docker spawner (JupyterHub.spawner_class: docker): each server in a container of a Docker Engine (DOCKER_HOST, else the local socket). Keys are DockerSpawner's.",
)
export class DockerSpawnerConfig {
  @TextKey(
    'Image of the servers, unless a user chooses one of allowed_images or a group has its own.',
  )
  image = 'quay.io/jupyterhub/singleuser:5';

  @ShapeKey(
    "Images a user may choose on the spawn form (user option `image`): a list, or a mapping of the choice shown to the image; '*' allows any image; empty: none to choose.",
    allowedImagesProblem,
  )
  allowed_images: string[] | Record<string, string> | '*' = [];

  @TextMapKey('Image by group name: the first group (in this order) the user belongs to picks it.')
  image_by_group: Record<string, string> = {};

  @TextKey("Docker network of the containers; 'host' shares the host's network.")
  network_name = 'bridge';

  @BooleanKey(
    "Reach servers at their container's IP on network_name instead of a port published on host_ip (for a hub on the same Docker network).",
  )
  use_internal_ip = false;

  @TextKey("Host address the container's port is published on (without use_internal_ip).")
  host_ip = '127.0.0.1';

  @IntegerKey('Port the server listens on inside the container.', { min: 1, max: 65535 })
  port = 8888;

  @TextKey(
    'Container name; fields {username} (escaped, as {escaped_username}), {raw_username}, {servername}, {raw_servername}, {imagename}. Empty: jupyter-{username}, and jupyter-{username}--{servername} for a named server.',
    { check: nameTemplateProblem },
  )
  name_template = '';

  @ShapeKey(
    `Volumes mounted read-write: a host path or volume name to a container path (or {bind, mode}); fields ${VOLUME_FIELDS.map((f) => `{${f}}`).join(', ')}. A named volume outlives its containers.`,
    volumesProblem,
  )
  volumes: Record<string, string | { bind: string; mode?: 'ro' | 'rw' }> = {};

  @ShapeKey(
    'Volumes mounted read-only (e.g. course material): a host path or volume name to a container path; the same fields as volumes.',
    readOnlyVolumesProblem,
  )
  read_only_volumes: Record<string, string> = {};

  @BooleanKey(
    'Remove the container (and its anonymous volumes) when its server stops; false keeps it stopped until the next start replaces it. Named volumes are always kept.',
  )
  remove = false;

  @BytesKey('Memory limit of a container in bytes (or 512M, 2G); null means Spawner.mem_limit.')
  mem_limit: number | null = null;

  @PositiveNumberKey('CPU limit of a container in cores; null means Spawner.cpu_limit.', {
    optional: true,
  })
  cpu_limit: number | null = null;

  @BytesKey('Memory reserved for a container (its soft limit) in bytes; null means none.')
  mem_guarantee: number | null = null;

  @AnyMapKey(
    "Docker HostConfig fields merged over the spawner's (e.g. {ShmSize: 268435456}); string values take the name fields.",
  )
  extra_host_config: Record<string, unknown> = {};

  @AnyMapKey(
    "Docker container-create fields merged over the spawner's (e.g. {User: '1000'}); string values take the name fields.",
  )
  extra_create_kwargs: Record<string, unknown> = {};

  @TextMapKey('Extra environment of the containers, applied over Spawner.environment.')
  environment: Record<string, string> = {};

  @TextKey(
    "The server's root directory and working directory in the container; name fields apply. Empty: Spawner.notebook_dir, else the image's.",
  )
  notebook_dir = '';

  @TextKey(
    'Command run in the container (sh -c) once it has started; its failure is only logged.',
    {
      optional: true,
    },
  )
  post_start_cmd: string | null = null;

  @ChoiceKey(
    'When images are pulled: ifnotpresent (when missing), always (at every start), never (a missing image is an error), skip (never checked).',
    ['ifnotpresent', 'always', 'never', 'skip'],
  )
  pull_policy: PullPolicy = 'ifnotpresent';

  @BooleanKey('Log every Docker request of the spawner and run servers with debug logging.')
  debug = false;
}
