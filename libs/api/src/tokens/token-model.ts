import { ApiTokenEntity, isoformat } from '@orrery/core';

export interface TokenOwner {
  kind: 'user' | 'service';
  id: number;
  name: string;
}

/**
 * JupyterHub's token model (section 3.3): `scopes` are the token's effective expanded scopes
 * (quirk 7), `roles` is always empty, `oauth_client` is the client's description.
 */
export function tokenModel(
  row: ApiTokenEntity,
  owner: TokenOwner,
  scopes: readonly string[],
  oauthClient: string,
): Record<string, unknown> {
  return {
    [owner.kind]: owner.name,
    id: `a${row.id}`,
    kind: 'api_token',
    roles: [],
    scopes: [...scopes],
    created: isoformat(row.created),
    last_activity: isoformat(row.lastActivity),
    expires_at: isoformat(row.expiresAt),
    note: row.note,
    session_id: row.sessionId,
    oauth_client: oauthClient,
  };
}
