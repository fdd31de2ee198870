import { HubError } from '@orrery/core';
import { isValidDisplayName, isValidServerName, normaliseDisplayName } from '@orrery/spawn';
import { pythonRepr, pythonTruthy } from '../http/python-values';

export interface ServerBody {
  display_name: string | null;
  user_options: Record<string, unknown> | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body of POST/PUT on a server (JupyterHub 6's `get_server_json_body`): `{display_name,
 * user_options}`; a body with neither key is all user_options (the 5.x format); an empty
 * body means "no options given" (reuse the previous ones).
 */
export function parseServerBody(body: unknown): ServerBody {
  if (!pythonTruthy(body)) return { display_name: null, user_options: null };
  if (!isObject(body)) throw new HubError(400, 'Body must be a JSON object');
  if ('display_name' in body && typeof body.display_name !== 'string') {
    throw new HubError(400, 'display_name must be a string');
  }
  if ('user_options' in body && !(body.user_options === null || isObject(body.user_options))) {
    throw new HubError(400, 'user_options must be an object or null');
  }
  if (!('display_name' in body) && !('user_options' in body)) {
    return { display_name: null, user_options: body };
  }
  return {
    display_name: (body.display_name as string | undefined) ?? null,
    user_options: (body.user_options as Record<string, unknown> | null | undefined) ?? null,
  };
}

export interface NamedServerRules {
  allowNamedServers: boolean;
  limit: number;
  /** the user's named servers (spawner rows other than the default one) */
  namedCount: number;
  /** whether a spawner row with this name exists already */
  exists: boolean;
}

/** JupyterHub's `_check_named_server_request`, with its messages. */
export function checkNamedServer(
  user: string,
  serverName: string,
  displayName: string,
  rules: NamedServerRules,
  checkLimit = true,
): void {
  if (!rules.allowNamedServers) throw new HubError(400, 'Named servers are not enabled.');
  if (checkLimit && rules.limit > 0 && !rules.exists && rules.limit <= rules.namedCount) {
    throw new HubError(
      400,
      `User ${user} already has the maximum of ${rules.limit} named servers.` +
        '  One must be deleted before a new server can be created',
    );
  }
  if (rules.exists) return;
  if (!isValidServerName(serverName)) {
    throw new HubError(400, `Invalid server_name: ${pythonRepr(serverName)}`);
  }
  if (!isValidDisplayName(normaliseDisplayName(displayName))) {
    throw new HubError(400, `Invalid display_name: ${pythonRepr(displayName)}`);
  }
}
