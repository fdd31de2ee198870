import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import { until } from '../compat/fixtures/hub-api';
import { EngineRelay } from './fixtures/engine-relay';
import {
  createUsers,
  hubApi,
  newRun,
  removeRunObjects,
  runContainers,
  startDockerHubThrough,
} from './fixtures/docker-hub';

const START_TIMEOUT_S = 3;

/**
 * A start that outlasts `Spawner.start_timeout` in its image pull (the relay plays a slow
 * registry pull): the hub gives up, and the container the spawner creates once the pull ends
 * must not be left running unknown to the hub. Before the fix, poll() answered 0 while the
 * spawner had no container id yet, so the hub skipped stop() and the container kept running.
 */
describe('docker spawner when a pull outlasts start_timeout', () => {
  const run = newRun();
  const relay = new EngineRelay();
  let hub: RunningOrrery;

  beforeAll(async () => {
    await relay.open();
    relay.fakePulls(0);
    hub = await startDockerHubThrough(
      relay,
      run,
      { pull_policy: 'always' },
      { Spawner: { start_timeout: START_TIMEOUT_S } },
    );
    await createUsers(hub, 'pia', 'quin');
  }, 120_000);

  afterAll(async () => {
    try {
      await hub?.stop();
    } finally {
      await relay.close();
      removeRunObjects(run);
    }
  }, 60_000);

  /** Starts `user`'s server with a pull of `pullMs`; resolves when the start has failed. */
  async function timedOutStart(user: string, pullMs: number): Promise<string> {
    relay.fakePulls(pullMs);
    const reply = await hubApi(hub, 'POST', `/users/${user}/server`);
    if (reply.status === 500) return String(reply.json.message);
    expect(reply.status).toBe(202);
    return until(
      `${user}'s start to fail`,
      async () => {
        const model = (await hubApi(hub, 'GET', `/users/${user}`)).json;
        return model.servers?.[''] || model.pending ? undefined : 'failed';
      },
      60_000,
    );
  }

  /** Waits past the end of the pull and the spawner's next steps, then lists the run's containers. */
  async function containersAfter(ms: number): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return runContainers(run).filter((line) => line.startsWith(`jupyter-`));
  }

  it('removes the container of a start whose pull ended while the hub waited for it', async () => {
    await timedOutStart('pia', 6_000);
    expect((await hubApi(hub, 'GET', '/users/pia')).json.servers).toEqual({});
    expect(await containersAfter(8_000)).toEqual([]);
  }, 90_000);

  it('never leaves a container when the pull outlasts the wait too', async () => {
    await timedOutStart('quin', 16_000);
    expect((await hubApi(hub, 'GET', '/users/quin')).json.servers).toEqual({});
    expect(await containersAfter(18_000)).toEqual([]);
  }, 90_000);
});
