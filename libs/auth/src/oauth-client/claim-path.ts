/**
 * The value at a dotted key (`realm_access.roles`) of provider data, as oauthenticator reads
 * username_claim and auth_state_groups_key; a key that exists with a dot in it wins.
 */
export function valueAtPath(data: unknown, path: string): unknown {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if (path in record) return record[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  return valueAtPath(record[path.slice(0, dot)], path.slice(dot + 1));
}

/** A list of group names at `path`, or null when there is none (or it is not a list of text). */
export function groupsAtPath(data: unknown, path: string): string[] | null {
  const value = valueAtPath(data, path);
  if (!Array.isArray(value)) return null;
  return value.every((item) => typeof item === 'string') ? [...new Set(value)].sort() : null;
}
