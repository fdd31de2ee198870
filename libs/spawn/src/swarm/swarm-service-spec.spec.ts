import { DockerSpawnerConfig, SpawnerConfig, SwarmSpawnerConfig } from '@orrery/core';
import type { ContainerPlan } from '../docker/docker-container-spec';
import { templateFields } from '../docker/docker-names';
import { serviceCreateOptions, serviceMounts } from './swarm-service-spec';

const plan: ContainerPlan = {
  name: 'jupyter-amy',
  image: 'orrery/learner:local',
  user: 'amy',
  serverName: '',
  env: { JUPYTERHUB_USER: 'amy' },
  fields: templateFields('amy', '', 'orrery/learner:local'),
};

describe('serviceCreateOptions', () => {
  it('makes one never-restarted replica with placement, resources, mounts and labels', () => {
    const docker = Object.assign(new DockerSpawnerConfig(), {
      network_name: 'host',
      mem_limit: 1024 ** 3,
      volumes: { 'home-{username}': '/home/jovyan' },
      read_only_volumes: { '/srv/course': '/home/jovyan/course' },
      extra_create_kwargs: { Labels: { course: 'ml' } },
    });
    const swarm = Object.assign(new SwarmSpawnerConfig(), {
      extra_placement_spec: { Constraints: ['node.labels.user=={username}'] },
      cpu_guarantee: 0.5,
    });
    const options = serviceCreateOptions(
      docker,
      swarm,
      new SpawnerConfig(),
      plan,
    ) as unknown as Record<string, Record<string, unknown>>;
    expect(options).toMatchObject({
      Name: 'jupyter-amy',
      Labels: { 'org.orrery.user': 'amy', 'org.orrery.server': '', course: 'ml' },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: {},
      TaskTemplate: {
        RestartPolicy: { Condition: 'none' },
        Placement: { Constraints: ['node.labels.user==amy'] },
        Resources: { Limits: { MemoryBytes: 1024 ** 3 }, Reservations: { NanoCPUs: 500_000_000 } },
        Networks: [{ Target: 'host' }],
        ContainerSpec: {
          Image: 'orrery/learner:local',
          Command: ['jupyterhub-singleuser'],
          Mounts: [
            { Type: 'volume', Source: 'home-amy', Target: '/home/jovyan', ReadOnly: false },
            { Type: 'bind', Source: '/srv/course', Target: '/home/jovyan/course', ReadOnly: true },
          ],
        },
      },
    });
  });

  it('publishes the port through the routing mesh without host networking or internal IPs', () => {
    const options = serviceCreateOptions(
      new DockerSpawnerConfig(),
      new SwarmSpawnerConfig(),
      new SpawnerConfig(),
      plan,
    ) as unknown as Record<string, unknown>;
    expect(options.EndpointSpec).toEqual({
      Ports: [{ Protocol: 'tcp', TargetPort: 8888, PublishMode: 'ingress' }],
    });
  });
});

describe('serviceMounts', () => {
  it('reads a leading / as a host path and anything else as a volume name', () => {
    expect(serviceMounts(['v:/a:rw', '/h:/b:ro']).map((m) => [m.Type, m.ReadOnly])).toEqual([
      ['volume', false],
      ['bind', true],
    ]);
  });
});
