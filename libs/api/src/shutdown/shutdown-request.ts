import { HubError } from '@orrery/core';
import { isJsonObject, pythonRepr, pythonTruthy } from '../http/python-values';
import { ShutdownRequest } from './hub-shutdown.service';

/**
 * `POST /hub/api/shutdown` body: optional `servers` and `proxy` booleans. Like JupyterHub,
 * an empty or false-valued body means the defaults and other keys are ignored.
 */
export function parseShutdownRequest(body: unknown): ShutdownRequest {
  const request: ShutdownRequest = { servers: null, proxy: null };
  if (!pythonTruthy(body)) return request;
  if (!isJsonObject(body)) throw new HubError(400, `Invalid JSON data: ${pythonRepr(body)}`);
  for (const key of ['proxy', 'servers'] as const) {
    if (!Object.hasOwn(body, key)) continue;
    const value = body[key];
    if (typeof value !== 'boolean') {
      throw new HubError(400, `${key} must be true or false, got ${pythonRepr(value)}`);
    }
    request[key] = value;
  }
  return request;
}
