import { ExecutionContext } from '@nestjs/common';
import { HubError } from '@orrery/core';
import { Resource, ScopeSet } from '@orrery/rbac';
import { ScopeGuard } from '../../../libs/api/src/auth/scope.guard';
import { Needs } from './matrix-rows';

/** What the scope guard decides about one request. */
export type Verdict =
  'allowed' | 'no-credentials' | 'xsrf-refused' | 'forbidden' | 'not-found' | 'login-redirect';

/** The status a call stopped right after an "allowed" verdict answers (see MatrixRow.runs). */
export const DRY_RUN_STATUS = 418;

function classify(error: unknown): Verdict {
  if (!(error instanceof HubError)) throw error;
  if (error.status === 302) return 'login-redirect';
  if (error.status === 404) return 'not-found';
  if (error.status === 403 && error.hubMessage?.startsWith('Action is not authorized'))
    return 'forbidden';
  if (error.status === 403 && /xsrf/i.test(error.hubMessage ?? '')) return 'xsrf-refused';
  if (error.status === 403) return 'no-credentials';
  throw error;
}

/**
 * Records every verdict of the app's one ScopeGuard (the router calls it through its
 * prototype), so a row asserts what the guard decided and not a status a handler could also
 * answer. With `dryRun` set, an allowed call stops there with DRY_RUN_STATUS.
 */
export class GuardVerdicts {
  seen: Verdict[] = [];
  dryRun = false;

  install(): jest.SpyInstance {
    const original = ScopeGuard.prototype.canActivate;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the spy's `this` is the guard
    const verdicts = this;
    return jest.spyOn(ScopeGuard.prototype, 'canActivate').mockImplementation(async function (
      this: ScopeGuard,
      context: ExecutionContext,
    ) {
      let allowed: boolean;
      try {
        allowed = await original.call(this, context);
      } catch (error) {
        verdicts.seen.push(classify(error));
        throw error;
      }
      verdicts.seen.push('allowed');
      if (verdicts.dryRun) throw new HubError(DRY_RUN_STATUS, 'authorization matrix: dry run');
      return allowed;
    });
  }
}

/**
 * JupyterHub's rules for what the guard must answer: 403 without credentials (never 401), the
 * login page for a page's GET, 403 for a page's POST without the XSRF token, 403 when no needed scope is held, 404 when one is held but its
 * filter does not cover the resource (so a caller cannot probe which resources exist).
 */
export function expectedVerdict(needs: Needs, held: ScopeSet | null, method: string): Verdict {
  const page = needs.mode === 'page' || needs.mode === 'public-page';
  const safe = method === 'GET' || method === 'HEAD';
  // a page's form carries the XSRF token; a request without it is no login attempt at all
  if (!held && page && !safe) return 'xsrf-refused';
  if (needs.mode === 'public' || needs.mode === 'public-page') return 'allowed';
  if (!held) return needs.mode === 'page' ? 'login-redirect' : 'no-credentials';
  if (!needs.scopes) return 'allowed';
  if (needs.postFilter) {
    return needs.scopes.some((scope) => held.hasAnyFilter(scope)) ? 'allowed' : 'forbidden';
  }
  return checked(held, needs.scopes, needs.resource);
}

function checked(held: ScopeSet, scopes: readonly string[], resource?: Resource): Verdict {
  const result = held.check(scopes, resource);
  return result === 'allowed' ? 'allowed' : result === 'not-found' ? 'not-found' : 'forbidden';
}
