import { HubConfig } from '@orrery/core';
import { exitNotice } from './exit-signals';

describe('exitNotice', () => {
  it('says the running servers keep running and the in-process proxy stops', () => {
    expect(exitNotice('SIGTERM', 2, new HubConfig())).toBe(
      'SIGTERM received: stopping the hub; 2 user servers keep running (by design: the next ' +
        'start finds them again); the proxy stops with the hub, so notebooks are unreachable ' +
        'until it starts again',
    );
  });

  it('says one server keeps running, and an external proxy the hub did not start stays', () => {
    const config = new HubConfig();
    Object.assign(config.JupyterHub, { proxy: 'external' });
    Object.assign(config.ConfigurableHTTPProxy, { should_start: false });
    expect(exitNotice('SIGINT', 1, config)).toBe(
      'SIGINT received: stopping the hub; 1 user server keeps running (by design: the next ' +
        'start finds it again); the external proxy keeps running, so open notebooks stay reachable',
    );
  });

  it('says when no server is running', () => {
    expect(exitNotice('SIGINT', 0, new HubConfig())).toMatch(/; no user servers are running;/);
  });
});
