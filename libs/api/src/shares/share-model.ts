import { isoformat, ShareCodeEntity, ShareEntity, SpawnerEntity } from '@orrery/core';
import { ServerUrls, serverUrl } from '../models/server-model';

/** The subset of a server model a share shows: whose, which, where, and whether it runs. */
export function sharedServerModel(
  urls: ServerUrls,
  owner: string,
  spawner: SpawnerEntity,
): Record<string, unknown> {
  return {
    user: { name: owner },
    name: spawner.name,
    url: serverUrl(urls, owner, spawner.name),
    // null unless JupyterHub.public_url or subdomains; Orrery has only subdomain_host
    full_url: urls.subdomain ? serverUrl(urls, owner, spawner.name) : null,
    ready: spawner.serverId !== null,
  };
}

/** A share with its owner, spawner and recipient (user or group) loaded. */
export function shareModel(urls: ServerUrls, share: ShareEntity): Record<string, unknown> {
  return {
    server: sharedServerModel(urls, share.owner.name, share.spawner),
    scopes: share.scopes,
    user: share.user ? { name: share.user.name } : null,
    group: share.group ? { name: share.group.name } : null,
    kind: share.group ? 'group' : 'user',
    created_at: isoformat(share.createdAt),
  };
}

/** A share code with its owner and spawner loaded; the code itself only when just issued. */
export function shareCodeModel(
  urls: ServerUrls,
  shareCode: ShareCodeEntity,
  code?: string,
): Record<string, unknown> {
  const model: Record<string, unknown> = {
    server: sharedServerModel(urls, shareCode.owner.name, shareCode.spawner),
    scopes: shareCode.scopes,
    id: `sc_${shareCode.id}`,
    created_at: isoformat(shareCode.createdAt),
    expires_at: isoformat(shareCode.expiresAt),
    exchange_count: shareCode.exchangeCount,
    last_exchanged_at: isoformat(shareCode.lastExchangedAt),
  };
  if (code) {
    model.code = code;
    model.accept_url = `${urls.hubPrefix}accept-share?code=${encodeURIComponent(code)}`;
    model.full_accept_url = null;
  }
  return model;
}
