import { FakeClock, parseConfig } from '@orrery/core';
import type { SpawnerSlot } from '../spawner';
import { RemoteSpawner } from './remote.spawner';
import { RemoteTunnels } from './remote-tunnels.service';

describe('RemoteSpawner.poll: the tunnel grace period', () => {
  const config = parseConfig('RemoteSpawner:\n  tunnel_grace_period: 30\n');
  const slot = (): SpawnerSlot => ({
    user: { id: 1, name: 'alice' },
    serverName: 'lab',
    config,
    log: { info: () => undefined, warn: () => undefined },
  });

  it('keeps a restored server running while its agent may come back, then says stopped', async () => {
    const clock = new FakeClock('2026-12-08T00:00:00Z');
    const tunnels = new RemoteTunnels(clock);
    const spawner = new RemoteSpawner(slot(), tunnels);
    spawner.loadState({ host_key: 'SHA256:abc' });
    expect(await spawner.poll()).toBeNull();
    clock.advance(30_000);
    expect(await spawner.poll()).toBeNull();
    clock.advance(1);
    expect(await spawner.poll()).toBe(0);
    expect(spawner.getState()).toEqual({ host_key: 'SHA256:abc' });
  });

  it('says stopped for a server with no tunnel and no state', async () => {
    const spawner = new RemoteSpawner(slot(), new RemoteTunnels(new FakeClock()));
    expect(await spawner.poll()).toBe(0);
    expect(spawner.getState()).toEqual({});
  });

  it('forgets the pin on stop, so a new login (a new host key) may start the server again', async () => {
    const clock = new FakeClock();
    const tunnels = new RemoteTunnels(clock);
    const spawner = new RemoteSpawner(slot(), tunnels);
    spawner.loadState({ host_key: 'SHA256:abc' });
    await spawner.stop();
    expect(tunnels.awayFor('alice', 'lab')).toBeNull();
    expect(spawner.getState()).toEqual({});
  });
});
