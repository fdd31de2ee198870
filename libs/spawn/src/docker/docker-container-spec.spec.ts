import { DockerSpawnerConfig, SpawnerConfig } from '@orrery/core';
import { containerCreateOptions, deepMerge, type ContainerPlan } from './docker-container-spec';
import { templateFields } from './docker-names';

function settings(changes: Partial<DockerSpawnerConfig> = {}): DockerSpawnerConfig {
  return Object.assign(new DockerSpawnerConfig(), changes);
}

const common = Object.assign(new SpawnerConfig(), {
  args: ['--debug'],
  environment: { LANG: 'C.UTF-8' },
});

const plan: ContainerPlan = {
  name: 'jupyter-a-2eb',
  image: 'orrery/learner:local',
  user: 'a.b',
  serverName: '',
  env: { PATH: '/hub/bin', LANG: 'C.UTF-8', JUPYTERHUB_USER: 'a.b' },
  fields: templateFields('a.b', '', 'orrery/learner:local'),
};

describe('containerCreateOptions', () => {
  it('publishes the port on host_ip with a free host port and runs Spawner.cmd and args', () => {
    const options = containerCreateOptions(settings(), common, plan);
    expect(options).toMatchObject({
      name: 'jupyter-a-2eb',
      Image: 'orrery/learner:local',
      Cmd: ['jupyterhub-singleuser', '--debug'],
      ExposedPorts: { '8888/tcp': {} },
      Labels: { 'org.orrery.user': 'a.b', 'org.orrery.server': '' },
      HostConfig: {
        NetworkMode: 'bridge',
        PortBindings: { '8888/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
        Binds: [],
      },
    });
  });

  it("leaves the hub's PATH out but keeps what Spawner.environment sets, and names the image", () => {
    const env = containerCreateOptions(settings({ environment: { EXTRA: '1' } }), common, plan).Env;
    expect(env).toEqual([
      'LANG=C.UTF-8',
      'JUPYTERHUB_USER=a.b',
      'JUPYTER_IMAGE_SPEC=orrery/learner:local',
      'EXTRA=1',
    ]);
  });

  it('maps volumes, read-only volumes and resources with the escaped name', () => {
    const options = containerCreateOptions(
      settings({
        volumes: {
          'home-{username}': '/home/jovyan',
          '/srv/{username}': { bind: '/srv', mode: 'ro' },
        },
        read_only_volumes: { course: '/home/jovyan/course' },
        mem_limit: 1024 ** 3,
        mem_guarantee: 512 * 1024 ** 2,
        cpu_limit: 1.5,
        notebook_dir: '/home/jovyan/{username}',
      }),
      common,
      plan,
    );
    expect(options.HostConfig).toMatchObject({
      Binds: ['home-a-2eb:/home/jovyan:rw', '/srv/a-2eb:/srv:ro', 'course:/home/jovyan/course:ro'],
      Memory: 1024 ** 3,
      MemoryReservation: 512 * 1024 ** 2,
      CpuPeriod: 100_000,
      CpuQuota: 150_000,
    });
    expect(options.WorkingDir).toBe('/home/jovyan/a-2eb');
    expect(options.Env).toContain('JUPYTERHUB_ROOT_DIR=/home/jovyan/a-2eb');
  });

  it('publishes nothing on the host network or with use_internal_ip', () => {
    const host = containerCreateOptions(settings({ network_name: 'host' }), common, plan);
    expect(host.HostConfig?.PortBindings).toBeUndefined();
    expect(host.ExposedPorts).toBeUndefined();
    const internal = containerCreateOptions(
      settings({ network_name: 'course-net', use_internal_ip: true }),
      common,
      plan,
    );
    expect(internal.HostConfig).toMatchObject({ NetworkMode: 'course-net' });
    expect(internal.HostConfig?.PortBindings).toBeUndefined();
  });

  it('merges extra_create_kwargs and extra_host_config over its own, with the name fields', () => {
    const options = containerCreateOptions(
      settings({
        extra_create_kwargs: { Labels: { team: '{username}' }, User: '1000' },
        extra_host_config: { ShmSize: 1024, NetworkMode: 'host' },
      }),
      common,
      plan,
    );
    expect(options.Labels).toEqual({
      'org.orrery.user': 'a.b',
      'org.orrery.server': '',
      team: 'a-2eb',
    });
    expect(options.User).toBe('1000');
    expect(options.HostConfig).toMatchObject({ ShmSize: 1024, NetworkMode: 'host' });
  });
});

describe('deepMerge', () => {
  it('merges mappings key by key and replaces lists and values', () => {
    expect(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, d: { e: 1 } })).toEqual({
      a: { b: 1, c: [2] },
      d: { e: 1 },
    });
  });
});
