import type { BrowserSession } from '../compat/fixtures/browser-session';
import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import {
  docker,
  hubApi,
  lines,
  login,
  newRun,
  removeRunObjects,
  startDockerHub,
  stopServer,
  TEST_LABEL,
  waitReady,
} from './fixtures/docker-hub';

/**
 * The swarm spawner on a single-node swarm of the real engine (initialised here, and left
 * again, unless the engine already was a manager): a service per server with placement and
 * resources, a real jupyterhub-singleuser reached through the proxy, stop removing it.
 */
const runServices = (run: string) =>
  lines(docker('service', 'ls', '--filter', `label=${TEST_LABEL}=${run}`, '--format', '{{.Name}}'));

describe('swarm spawner on a single-node swarm', () => {
  const run = newRun();
  let hub: RunningOrrery;
  let session: BrowserSession;
  let initialised = false;

  beforeAll(async () => {
    if (docker('info', '--format', '{{.Swarm.LocalNodeState}}') !== 'active') {
      docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
      initialised = true;
    }
    hub = await startDockerHub(
      run,
      { volumes: { [`${run}-{username}`]: '/home/jovyan' }, mem_limit: '1G' },
      {
        JupyterHub: { spawner_class: 'swarm' },
        SwarmSpawner: {
          extra_placement_spec: { Constraints: ['node.role==manager'] },
          cpu_guarantee: 0.1,
        },
      },
    );
    session = await login(hub, 'sam');
  }, 120_000);

  afterAll(async () => {
    try {
      await hub?.stop();
    } finally {
      const services = runServices(run);
      if (services.length) docker('service', 'rm', ...services);
      removeRunObjects(run);
      if (initialised) docker('swarm', 'leave', '--force');
    }
  }, 60_000);

  it('runs a server as a service with its placement and resources, reached through the proxy', async () => {
    expect([201, 202]).toContain((await hubApi(hub, 'POST', '/users/sam/server')).status);
    await waitReady(hub, 'sam');
    expect(runServices(run)).toEqual(['jupyter-sam']);
    const spec = JSON.parse(
      docker('service', 'inspect', '--format', '{{json .Spec.TaskTemplate}}', 'jupyter-sam'),
    );
    expect(spec.Placement.Constraints).toEqual(['node.role==manager']);
    expect(spec.Resources).toMatchObject({
      Limits: { MemoryBytes: 1024 ** 3 },
      Reservations: { NanoCPUs: 100_000_000 },
    });
    await session.visit('/user/sam/files/');
    expect((await session.api('/user/sam/api/status')).status).toBe(200);
    const state = (await hubApi(hub, 'GET', '/users/sam')).json.servers?.['']?.state;
    expect(state?.service_id).toBe(
      docker('service', 'inspect', '--format', '{{.ID}}', 'jupyter-sam'),
    );
  }, 180_000);

  it('removes the service at stop and keeps the named volume', async () => {
    await stopServer(hub, 'sam');
    expect(runServices(run)).toEqual([]);
    expect(lines(docker('volume', 'ls', '-q', '--filter', `name=${run}`))).toEqual([`${run}-sam`]);
  }, 120_000);
});
