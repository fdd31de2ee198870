import { Logger } from '@nestjs/common';
import type { HubConfig } from '@orrery/core';
import { ProxyProcess, type ProxyLogger } from '@orrery/proxy';
import { randomBytes } from 'node:crypto';
import { listenAddress } from '@orrery/api';
import { connectHost } from './wanted-routes.service';

/**
 * JupyterHub's command line for the proxy it starts (`ConfigurableHTTPProxy.start`): public
 * address from `bind_url`, API address from `api_url`, errors rendered by the hub's
 * `<hub>/hub/error` page; `hubTarget` is the hub route's target. The hub route is added over the API, so there is no default target.
 */
export function proxyCommandLine(config: HubConfig, hubTarget: string): string[] {
  const { host, port } = listenAddress(config.JupyterHub.bind_url);
  const api = apiAddress(config.ConfigurableHTTPProxy.api_url);
  const args = [
    ...['--ip', host === '0.0.0.0' ? '' : host, '--port', String(port)],
    ...['--api-ip', api.host, '--api-port', String(api.port)],
    ...['--error-target', `${hubTarget}${config.JupyterHub.base_url}hub/error`],
  ];
  const { ssl_key: key, ssl_cert: cert } = config.JupyterHub;
  if (config.JupyterHub.subdomain_host) args.push('--host-routing');
  if (key) args.push('--ssl-key', key);
  if (cert) args.push('--ssl-cert', cert);
  return args;
}

function apiAddress(apiUrl: string): { host: string; port: number } {
  const api = new URL(apiUrl);
  const port = api.port ? Number(api.port) : api.protocol === 'https:' ? 443 : 80;
  return { host: api.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * Starts the external proxy when `ConfigurableHTTPProxy.should_start` says the hub owns it,
 * keeps it running, and stops it when the hub shuts down (JupyterHub's default
 * `cleanup_proxy`). Without should_start the proxy is someone else's and is left alone.
 */
export class ProxyLauncher {
  private readonly logger = new Logger('proxy');
  private process: ProxyProcess | null = null;

  constructor(private readonly config: HubConfig) {}

  /** Returns the API token the proxy was given, or null when the hub does not start it. */
  async start(hubTarget: string, restoreRoutes: () => Promise<void>): Promise<string | null> {
    const settings = this.config.ConfigurableHTTPProxy;
    if (!settings.should_start) return null;
    // an empty CONFIGPROXY_AUTH_TOKEN counts as none, as in JupyterHub
    const authToken =
      settings.auth_token ??
      (process.env.CONFIGPROXY_AUTH_TOKEN || randomBytes(16).toString('hex'));
    const args = proxyCommandLine(this.config, hubTarget);
    const api = apiAddress(settings.api_url);
    const { host, port } = listenAddress(this.config.JupyterHub.bind_url);
    this.process = new ProxyProcess({
      command: settings.command,
      args,
      authToken,
      waitFor: [
        { host: connectHost(host), port },
        { host: connectHost(api.host), port: api.port },
      ],
      checkIntervalMs: settings.check_running_interval * 1000,
      pidFile: settings.pid_file,
      onRestart: restoreRoutes,
      log: this.proxyLogger(),
    });
    this.logger.log(`starting proxy: ${[...settings.command, ...args].join(' ')}`);
    await this.process.start();
    return authToken;
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }

  private proxyLogger(): ProxyLogger {
    return {
      debug: (message) => this.logger.debug(message),
      info: (message) => this.logger.log(message),
      warn: (message) => this.logger.warn(message),
      error: (message) => this.logger.error(message),
    };
  }
}
