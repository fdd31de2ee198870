import { HubError, isoformat, parseTimestamp } from '@orrery/core';
import { isJsonObject, pythonRepr, pythonTruthy as truthy } from '../http/python-values';

/** A validated `POST /users/{name}/activity` body. */
export interface ActivityReport {
  lastActivity: Date | null;
  /** server name -> its reported last activity */
  servers: Map<string, Date>;
}

const SERVERS_SHAPE =
  'servers must be a dict of the form {server_name: {last_activity: timestamp}}';
/** JupyterHub refuses activity from more than this far in the future (clock skew allowance). */
const MAX_FUTURE_MS = 59 * 60 * 1000;

/** The body's own shape (dict, at least one field); needs no database. */
export function checkActivityShape(body: unknown): asserts body is Record<string, unknown> {
  if (!isJsonObject(body)) throw new HubError(400, 'body must be a json dict');
  if (!truthy(body.last_activity) && !truthy(body.servers)) {
    throw new HubError(400, 'body must contain at least one of `last_activity` or `servers`');
  }
}

/** Whether the report names servers, i.e. whether the user's spawners must be looked up. */
export function reportsServers(body: Record<string, unknown>): boolean {
  return truthy(body.servers);
}

export function parseActivityTimestamp(value: unknown, now: Date): Date {
  const date = parseTimestamp(value);
  if (!date) throw new HubError(400, `Not a valid timestamp: ${pythonRepr(value)}`);
  if (date.getTime() - now.getTime() > MAX_FUTURE_MS) {
    throw new HubError(
      400,
      `Rejecting activity from more than an hour in the future: ${isoformat(date)}`,
    );
  }
  return date;
}

/**
 * JupyterHub's validation, in its order: servers first (a dict, each an existing spawner
 * with a dict holding `last_activity`), then the user's `last_activity`.
 */
export function parseActivity(
  body: Record<string, unknown>,
  user: string,
  spawnerNames: ReadonlySet<string>,
  now: Date,
): ActivityReport {
  const servers = new Map<string, Date>();
  if (reportsServers(body)) {
    if (!isJsonObject(body.servers)) throw new HubError(400, SERVERS_SHAPE);
    for (const [name, info] of Object.entries(body.servers)) {
      if (!spawnerNames.has(name)) {
        throw new HubError(400, `No such server '${name}' for user ${user}`);
      }
      if (!isJsonObject(info) || !Object.hasOwn(info, 'last_activity')) {
        throw new HubError(400, SERVERS_SHAPE);
      }
      servers.set(name, parseActivityTimestamp(info.last_activity, now));
    }
  }
  const lastActivity = truthy(body.last_activity)
    ? parseActivityTimestamp(body.last_activity, now)
    : null;
  return { lastActivity, servers };
}
