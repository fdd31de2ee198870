import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import { EngineRelay } from './fixtures/engine-relay';
import {
  createUsers,
  hubApi,
  newRun,
  removeRunObjects,
  runContainers,
  runVolumes,
  startDockerHubThrough,
  stopServer,
  waitReady,
} from './fixtures/docker-hub';

/**
 * The engine stops in the middle of a start (after the container is created, as its start
 * request arrives): the start fails with a clear message, the volume stays, and once the
 * engine is back the next start replaces the container left behind.
 */
describe('docker spawner when the engine stops mid-spawn', () => {
  const run = newRun();
  const relay = new EngineRelay();
  let hub: RunningOrrery;

  beforeAll(async () => {
    await relay.open();
    hub = await startDockerHubThrough(relay, run, {
      volumes: { [`${run}-{username}`]: '/home/jovyan' },
    });
    await createUsers(hub, 'gil');
  }, 120_000);

  afterAll(async () => {
    try {
      await hub?.stop();
    } finally {
      await relay.close();
      removeRunObjects(run);
    }
  }, 60_000);

  it('fails the start saying the engine did not answer, and keeps the volume', async () => {
    relay.stopOn(/^POST (\/v[\d.]+)?\/containers\/[0-9a-f]+\/start\b/);
    const reply = await hubApi(hub, 'POST', '/users/gil/server');
    expect(reply.status).toBe(500);
    expect(reply.json.message).toMatch(
      /^Could not start container jupyter-gil: the Docker Engine did not answer \(\w+\); is it running\?$/,
    );
    expect((await hubApi(hub, 'GET', '/users/gil')).json.servers).toEqual({});
    expect(runVolumes(run)).toEqual([`${run}-gil`]);
  }, 60_000);

  it('replaces the container left behind once the engine is back', async () => {
    await relay.open();
    expect(runContainers(run)).toEqual(['jupyter-gil created']);
    expect((await hubApi(hub, 'POST', '/users/gil/server')).status).toBeLessThan(300);
    await waitReady(hub, 'gil');
    expect(runContainers(run)).toEqual(['jupyter-gil running']);
    await stopServer(hub, 'gil');
    expect(runVolumes(run)).toEqual([`${run}-gil`]);
  }, 180_000);
});
