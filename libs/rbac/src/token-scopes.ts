import { CustomScopes } from './custom-scopes';
import { reduceScopes } from './parsed-scopes';
import {
  accessScopes,
  expandScopes,
  HUB_CLIENT_ID,
  identifyScopes,
  OAuthClientRef,
  ScopeOwner,
} from './scope-expansion';
import { intersectScopes, MembersOf } from './scope-intersection';

export interface TokenScopeArgs {
  /** the token's raw stored scopes */
  tokenScopes: string[];
  /** the owner's scopes from its roles (and shares); raw or already expanded */
  ownerScopes: string[];
  owner: ScopeOwner;
  /** the issuing client; absent means the built-in `jupyterhub` client */
  client?: OAuthClientRef;
  custom?: CustomScopes;
  membersOf?: MembersOf;
}

/**
 * A token's effective scopes (section 4.5). `inherit` gives exactly the owner's scopes.
 * Otherwise the token's expanded scopes, plus the right to reach the issuing client and the
 * owner's identify scopes, intersected with the owner's: a token never exceeds its owner
 * and loses permissions when the owner does. Excess token scopes are dropped silently.
 */
export function tokenEffectiveScopes(args: TokenScopeArgs): string[] {
  const { tokenScopes, owner, client, custom, membersOf } = args;
  // Expanding expanded scopes changes nothing, so the caller may pass either form.
  const ownerScopes = expandScopes(args.ownerScopes, owner, undefined, custom);
  if (tokenScopes.includes('inherit')) return ownerScopes;
  const requested = expandScopes(tokenScopes, owner, client, custom);
  if (client && client.identifier !== HUB_CLIENT_ID) requested.push(...accessScopes(client));
  requested.push(...identifyScopes(owner));
  return intersectScopes(reduceScopes(requested), ownerScopes, membersOf);
}
