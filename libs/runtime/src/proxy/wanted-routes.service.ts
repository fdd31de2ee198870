import { Inject, Injectable } from '@nestjs/common';
import { HubConfig, rawQuery, serverRoutespec, subdomainHostOf } from '@orrery/core';
import { WantedRoute } from '@orrery/proxy';
import { DataSource } from 'typeorm';
import { serverPrefix, urlEscapePath } from '@orrery/api';

interface ServerRouteRow {
  user: string;
  server: string;
  proto: string;
  ip: string;
  port: number;
}

/** Where a listening address is reached from this host: a wildcard bind means loopback. */
export function connectHost(host: string): string {
  return host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/**
 * The routes the proxy should have, from the database (JupyterHub's check_routes): the hub at
 * `base_url`, every active server, every service with a URL. Their data keys are JupyterHub's.
 * With `subdomain_host` servers and services are routed on their own hosts and the hub at `/`,
 * so it answers every host that has no route of its own (JupyterHub's `hub_routespec`).
 */
@Injectable()
export class WantedRoutesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
  ) {}

  hubTarget(): string {
    const url = new URL(
      this.config.JupyterHub.hub_connect_url ?? this.config.JupyterHub.hub_bind_url,
    );
    const host = connectHost(url.hostname.replace(/^\[(.*)\]$/, '$1'));
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.protocol}//${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  async wanted(): Promise<WantedRoute[]> {
    const baseUrl = this.config.JupyterHub.base_url;
    const sub = subdomainHostOf(this.config.JupyterHub.subdomain_host);
    const routes: WantedRoute[] = [
      { routespec: sub ? '/' : baseUrl, target: this.hubTarget(), data: { hub: true } },
    ];
    const servers = await rawQuery<ServerRouteRow>(
      this.dataSource,
      `SELECT u.name AS "user", s.name AS "server", v.proto, v.ip, v.port
       FROM spawners s JOIN users u ON u.id = s.user_id JOIN servers v ON v.id = s.server_id`,
    );
    for (const row of servers) {
      routes.push({
        routespec: serverRoutespec(
          sub,
          row.user,
          'user',
          serverPrefix({ baseUrl, hubPrefix: `${baseUrl}hub/` }, row.user, row.server),
        ),
        target: `${row.proto}://${connectHost(row.ip)}:${row.port}`,
        data: { user: row.user, server_name: row.server },
      });
    }
    const services = await rawQuery<{ name: string; url: string }>(
      this.dataSource,
      'SELECT name, url FROM services WHERE url IS NOT NULL AND url <> ?',
      [''],
    );
    for (const service of services) {
      routes.push({
        routespec: serverRoutespec(
          sub,
          service.name,
          'service',
          `${baseUrl}services/${urlEscapePath(service.name)}/`,
        ),
        target: new URL(service.url).origin,
        data: { service: service.name },
      });
    }
    return routes;
  }
}
