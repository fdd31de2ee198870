import { HubShutdown, ShutdownRequest } from './hub-shutdown.service';

const REQUEST: ShutdownRequest = { servers: true, proxy: null };

describe('HubShutdown', () => {
  it('runs the registered handler once, however often it is asked', async () => {
    const shutdown = new HubShutdown();
    const calls: ShutdownRequest[] = [];
    shutdown.setHandler((request) => void calls.push(request));
    await Promise.all([
      shutdown.shutdown(REQUEST),
      shutdown.shutdown({ servers: false, proxy: false }),
    ]);
    await shutdown.shutdown(REQUEST);
    expect(calls).toEqual([REQUEST]);
    expect(shutdown.requested).toEqual(REQUEST);
  });

  it('uses the handler registered last', async () => {
    const shutdown = new HubShutdown();
    const used: string[] = [];
    shutdown.setHandler(() => void used.push('first'));
    shutdown.setHandler(() => void used.push('second'));
    await shutdown.shutdown(REQUEST);
    expect(used).toEqual(['second']);
  });

  it('resolves done after the handler has finished, even when it fails', async () => {
    const shutdown = new HubShutdown();
    const order: string[] = [];
    shutdown.setHandler(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('handler');
      throw new Error('close failed');
    });
    const done = shutdown.done.then(() => order.push('done'));
    await shutdown.shutdown(REQUEST);
    await done;
    expect(order).toEqual(['handler', 'done']);
  });

  it('reports nothing requested before a shutdown and completes without a handler', async () => {
    const shutdown = new HubShutdown();
    expect(shutdown.requested).toBeNull();
    await shutdown.shutdown(REQUEST);
    await shutdown.done;
    expect(shutdown.requested).toEqual(REQUEST);
  });
});
