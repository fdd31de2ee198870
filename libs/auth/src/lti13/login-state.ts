import { randomBytes } from 'node:crypto';
import type { LoginCookie } from '../authenticator';

/**
 * What the login initiation keeps for the launch that follows, in a cookie the hub signs: the
 * state sent to the platform (CSRF), the nonce the id_token must carry (replay) and the deep
 * link. One cookie per state, so two launches in one page (two LMS frames) do not clash.
 */
export interface LoginState {
  state: string;
  nonce: string;
  next: string | null;
}

const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newLoginState(next: string | null): LoginState {
  return {
    state: randomBytes(32).toString('base64url'),
    nonce: randomBytes(32).toString('base64url'),
    next,
  };
}

/** The cookie name of a state; null for a state this hub cannot have made. */
export function stateCookieName(state: string): string | null {
  return STATE_PATTERN.test(state) ? `lti13-state-${state}` : null;
}

export function stateCookie(login: LoginState, maxAgeSeconds: number): LoginCookie {
  return {
    name: stateCookieName(login.state) as string,
    value: JSON.stringify(login),
    maxAgeSeconds,
  };
}

export function clearedStateCookie(state: string): LoginCookie[] {
  const name = stateCookieName(state);
  return name ? [{ name, value: null, maxAgeSeconds: 0 }] : [];
}

export function parseLoginState(value: string): LoginState | null {
  try {
    const parsed = JSON.parse(value) as Partial<LoginState>;
    if (typeof parsed.state !== 'string' || typeof parsed.nonce !== 'string') return null;
    return {
      state: parsed.state,
      nonce: parsed.nonce,
      next: typeof parsed.next === 'string' ? parsed.next : null,
    };
  } catch {
    // the hub signed it, so this is a cookie from another version of Orrery: no state
    return null;
  }
}

/**
 * The deep link of a login initiation, as ltiauthenticator reads it: its `next` parameter, else
 * a `next=` inside target_link_uri, else target_link_uri's path unless it is the hub itself.
 * Only a path is kept: the hub checks it like any `?next=`.
 */
export function initiationNext(params: Record<string, string>, hubRoot: URL): string | null {
  if (params.next) return params.next;
  const target = params.target_link_uri ?? '';
  let url: URL;
  try {
    url = new URL(target, hubRoot);
  } catch {
    return null;
  }
  const inner = url.searchParams.get('next');
  if (inner) return inner;
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '' || path === hubRoot.pathname.replace(/\/+$/, '')) return null;
  return `${url.pathname}${url.search}`;
}
