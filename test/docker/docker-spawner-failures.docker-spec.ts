import * as net from 'node:net';
import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import {
  createUsers,
  docker,
  hubApi,
  lines,
  login,
  newRun,
  progressEvents,
  removeRunObjects,
  runContainers,
  runVolumes,
  startDockerHub,
  stopServer,
  waitReady,
} from './fixtures/docker-hub';

/**
 * The docker spawner's bad cases on the real engine: each fails with a message that names the
 * cause, on the API and the spawn page, leaves no container behind and keeps the volumes.
 */
function stopHubAndClean(run: string, hub: () => RunningOrrery | undefined) {
  afterAll(async () => {
    try {
      await hub()?.stop();
    } finally {
      removeRunObjects(run);
    }
  }, 60_000);
}

describe('docker spawner on the default bridge network', () => {
  const run = newRun();
  let hub: RunningOrrery;
  // `crash` is a server that exits at once, with a last word on stderr. `bob` runs a plain HTTP
  // server on the container's port: on the bridge network a real jupyterhub-singleuser needs
  // the hub at a hub_connect_url the bridge reaches, and hubs in tests listen on 127.0.0.1 only.
  const cmd = [
    'sh',
    '-c',
    [
      'if [ "$JUPYTERHUB_USER" = crash ]; then echo "boom: no notebook today" >&2; exit 3; fi',
      'if [ "$JUPYTERHUB_USER" = bob ]; then exec python3 -m http.server 8888; fi',
      'exec jupyterhub-singleuser',
    ].join('; '),
  ];

  beforeAll(async () => {
    hub = await startDockerHub(
      run,
      {
        network_name: 'bridge',
        allowed_images: '*',
        volumes: { [`${run}-{username}`]: '/home/jovyan' },
      },
      { Spawner: { cmd, args: [] } },
    );
    await createUsers(hub, 'bob', 'dora');
  }, 120_000);
  stopHubAndClean(run, () => hub);

  it('reaches the server at a port of 127.0.0.1 the engine published', async () => {
    expect([201, 202]).toContain((await hubApi(hub, 'POST', '/users/bob/server')).status);
    await waitReady(hub, 'bob');
    expect(docker('port', 'jupyter-bob', '8888/tcp')).toMatch(/^127\.0\.0\.1:\d+$/);
    await stopServer(hub, 'bob');
    // remove is false: the stopped container stays until the next start replaces it
    expect(runContainers(run)).toEqual(['jupyter-bob exited']);
  }, 180_000);

  it('fails a start with an image that does not exist, naming it, and creates nothing', async () => {
    const reply = await hubApi(hub, 'POST', '/users/dora/server', {
      image: 'orrery/no-such-image:404',
    });
    expect(reply.status).toBe(500);
    expect(reply.json.message).toBe(
      'Image orrery/no-such-image:404 is not present and DockerSpawner.pull_policy is never',
    );
    expect(runContainers(run).filter((c) => c.startsWith('jupyter-dora'))).toEqual([]);
    const model = (await hubApi(hub, 'GET', '/users/dora')).json;
    expect(model.servers).toEqual({});
  }, 60_000);

  it('fails a container that exits at once with its status and last log lines, on the API and the page', async () => {
    const session = await login(hub, 'crash');
    await hubApi(hub, 'POST', '/users/crash/server');
    const events = await progressEvents(hub, 'crash');
    const last = events[events.length - 1];
    expect(last).toMatchObject({ failed: true });
    expect(last.message).toContain('[status=3]');
    expect(last.message).toContain('boom: no notebook today');
    const page = await session.visit('/hub/spawn-pending/crash');
    expect(page.body).toContain('boom: no notebook today');
    expect(runContainers(run).filter((c) => c.startsWith('jupyter-crash'))).toEqual([]);
    expect(runVolumes(run)).toContain(`${run}-crash`);
  }, 120_000);
});

describe('docker spawner with a published port that is taken', () => {
  const run = newRun();
  let hub: RunningOrrery;
  const taken = net.createServer();

  beforeAll(async () => {
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    hub = await startDockerHub(run, {
      network_name: 'bridge',
      volumes: { [`${run}-{username}`]: '/home/jovyan' },
      extra_host_config: {
        PortBindings: { '8888/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] },
      },
    });
    await createUsers(hub, 'erin');
  }, 120_000);
  stopHubAndClean(run, () => hub);
  afterAll(() => taken.close());

  it("fails the start with the engine's reason, removes the container and keeps the volume", async () => {
    const port = (taken.address() as net.AddressInfo).port;
    const reply = await hubApi(hub, 'POST', '/users/erin/server');
    expect(reply.status).toBe(500);
    expect(reply.json.message).toContain('Could not start container jupyter-erin');
    expect(reply.json.message).toContain(`127.0.0.1:${port}`);
    expect(runContainers(run)).toEqual([]);
    expect(runVolumes(run)).toEqual([`${run}-erin`]);
  }, 60_000);
});

describe('docker spawner with remove: true and no volumes (the ephemeral hub)', () => {
  const run = newRun();
  let hub: RunningOrrery;

  beforeAll(async () => {
    hub = await startDockerHub(run, { remove: true });
    await createUsers(hub, 'fay');
  }, 120_000);
  stopHubAndClean(run, () => hub);

  it('leaves no container and no volume behind after a stop', async () => {
    const volumesBefore = lines(docker('volume', 'ls', '-q'));
    expect([201, 202]).toContain((await hubApi(hub, 'POST', '/users/fay/server')).status);
    await waitReady(hub, 'fay');
    expect(runContainers(run)).toEqual(['jupyter-fay running']);
    await stopServer(hub, 'fay');
    expect(runContainers(run)).toEqual([]);
    expect(lines(docker('volume', 'ls', '-q'))).toEqual(volumesBefore);
  }, 180_000);
});

describe('hub start with a bad docker configuration', () => {
  const run = newRun();
  afterAll(() => removeRunObjects(run));

  it('refuses to start when a configured image is missing, naming it', async () => {
    await expect(
      startDockerHub(run, { image_by_group: { graders: 'orrery/missing-grader:none' } }),
    ).rejects.toThrow(
      'DockerSpawner: 1 configured image(s) missing: Image orrery/missing-grader:none is not present and DockerSpawner.pull_policy is never',
    );
  }, 60_000);

  it('refuses to start with a volume template that leaves its directory', async () => {
    await expect(
      startDockerHub(run, { volumes: { '/srv/{username}/../etc': '/home/jovyan/etc' } }),
    ).rejects.toThrow('DockerSpawner.volumes: source "/srv/{username}/../etc" contains ".."');
  }, 60_000);
});
