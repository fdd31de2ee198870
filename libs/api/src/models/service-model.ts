import { ServiceEntity } from '@orrery/core';
import { urlEscapePath } from './url-escape';

/** JupyterHub's full service model; callers filter it with filterServiceModel. */
export function serviceModel(
  service: ServiceEntity,
  roles: string[],
  baseUrl: string,
): Record<string, unknown> & { name: string } {
  return {
    kind: 'service',
    name: service.name,
    admin: service.admin,
    roles,
    url: service.url ?? '',
    prefix: service.url ? `${baseUrl}services/${urlEscapePath(service.name)}/` : '',
    command: service.command ?? [],
    pid: service.pid,
    info: service.info ?? {},
    display: service.display,
  };
}
