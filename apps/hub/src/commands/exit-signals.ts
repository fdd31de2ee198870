import type { HubConfig } from '@orrery/core';

/** The signals `orrery start` answers by closing the hub and exiting with status 0. */
export const EXIT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type ExitSignal = (typeof EXIT_SIGNALS)[number];

/**
 * What the log says when the hub is asked to exit. Users' servers keep running by design
 * (JupyterHub stops them unless `cleanup_servers` is false; Orrery never does on a signal), so
 * the next start finds them again; whether people can reach them meanwhile depends on the proxy.
 */
export function exitNotice(signal: ExitSignal, running: number, config: HubConfig): string {
  const servers =
    running === 0
      ? 'no user servers are running'
      : `${running} user server${running === 1 ? '' : 's'} keep${running === 1 ? 's' : ''} running (by design: the next start finds ${running === 1 ? 'it' : 'them'} again)`;
  const external =
    config.JupyterHub.proxy !== 'in-process' && !config.ConfigurableHTTPProxy.should_start;
  const proxy = external
    ? 'the external proxy keeps running, so open notebooks stay reachable'
    : 'the proxy stops with the hub, so notebooks are unreachable until it starts again';
  return `${signal} received: stopping the hub; ${servers}; ${proxy}`;
}
