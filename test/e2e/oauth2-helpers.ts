import { UsersService } from '@orrery/api';
import { SpawnerEntity } from '@orrery/core';
import { OAuthClientsService, OAuthCodesService } from '@orrery/oauth';
import { HubFixture } from './fixtures/hub-fixture';

/** A server's OAuth client as the spawner registers it: `jupyterhub-user-<name>[-<server>]`. */
export interface ServerClient {
  clientId: string;
  secret: string;
  redirectUri: string;
}

/** Registers the client of `user`'s server (default '') and links it to the user's spawner. */
export async function registerServerClient(
  hub: HubFixture,
  user: string,
  server = '',
  allowedScopes: string[] = [],
): Promise<ServerClient> {
  const owner = await hub.app.get(UsersService).ensure(user);
  const suffix = server ? `-${encodeURIComponent(server)}` : '';
  const clientId = `jupyterhub-user-${encodeURIComponent(user)}${suffix}`;
  const path = `/user/${user}/${server ? `${server}/` : ''}`;
  const secret = `server-token-${clientId}`;
  const redirectUri = `${path}oauth_callback`;
  await hub.app.get(OAuthClientsService).upsert({
    identifier: clientId,
    secret,
    redirectUri,
    description: `Server at ${path}`,
    allowedScopes,
  });
  const spawners = hub.dataSource.getRepository(SpawnerEntity);
  const spawner =
    (await spawners.findOneBy({ userId: owner.id, name: server })) ??
    spawners.create({ userId: owner.id, name: server });
  spawner.oauthClientId = clientId;
  await spawners.save(spawner);
  return { clientId, secret, redirectUri };
}

/** A code for `user` as the authorize endpoint would store it. */
export async function codeFor(
  hub: HubFixture,
  client: ServerClient,
  user: string,
  scopes: string[],
  pkce: { challenge: string; method: 'S256' | 'plain' } | null = null,
  sessionId = 'e2e-session',
): Promise<string> {
  const owner = await hub.app.get(UsersService).ensure(user);
  return hub.app.get(OAuthCodesService).create({
    clientId: client.clientId,
    userId: owner.id,
    sessionId,
    scopes,
    redirectUri: client.redirectUri,
    codeChallenge: pkce?.challenge ?? null,
    codeChallengeMethod: pkce?.method ?? null,
  });
}

/** The form a HubOAuth client posts to `/hub/api/oauth2/token`. */
export function tokenForm(client: ServerClient, code: string, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    client_id: client.clientId,
    client_secret: client.secret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    ...extra,
  }).toString();
}
