import { Inject, Injectable } from '@nestjs/common';
import {
  clearedCookie,
  Clock,
  CookieOptions,
  cookieValues,
  CookieSecret,
  HubConfig,
  HubError,
  serializeCookie,
  signCookieValue,
  verifyCookieValue,
} from '@orrery/core';
import { findAuthenticator } from '@orrery/auth';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  appendSetCookie,
  browserProtocol,
  LOGIN_COOKIE,
  LOGIN_COOKIE_BROWSER_DAYS,
  SESSION_COOKIE,
  XSRF_COOKIE,
} from './hub-cookies';
import { anonymousXsrfId, offeredXsrfToken } from './xsrf-rules';

/** Anonymous XSRF cookies only need to outlive a login form (JupyterHub: one hour). */
const ANONYMOUS_XSRF_MAX_AGE = 3600;

interface RequestState {
  sessionId?: string;
  /** users.cookie_id of the user this request is logged in as by cookie (or just logged in) */
  cookieId?: string;
  xsrfToken?: string;
  /** a token issued on a navigation that the browser has no cookie of yet (set on the reply) */
  pendingXsrfCookie?: string;
}

/** Only the id of the user's cookie matters for the login and XSRF cookies. */
export interface LoginUser {
  cookieId: string;
}

/**
 * The browser session of the hub: the signed login cookie (`users.cookie_id`), the unsigned
 * session id cookie that servers read, and the XSRF token bound to both. Pages and the login
 * flow use this; the ScopeGuard reads the login cookie through it.
 */
@Injectable()
export class LoginSessionService {
  private readonly state = new WeakMap<FastifyRequest, RequestState>();
  private readonly crossSite: boolean;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CookieSecret) private readonly secret: CookieSecret,
  ) {
    this.crossSite =
      findAuthenticator(config.JupyterHub.authenticator_class).crossSiteCookies === true;
  }

  get baseUrl(): string {
    return this.config.JupyterHub.base_url;
  }

  get hubPrefix(): string {
    return `${this.baseUrl}hub/`;
  }

  /** The cookie_id in a valid login cookie of this request, if any. */
  loginCookieId(request: FastifyRequest): string | null {
    const now = this.nowSeconds();
    const maxAge = this.config.JupyterHub.cookie_max_age_days;
    const ids = new Set<string>();
    for (const value of cookieValues(request.headers.cookie, LOGIN_COOKIE)) {
      const cookieId = verifyCookieValue(this.secret.key, LOGIN_COOKIE, value, now, maxAge);
      if (cookieId) ids.add(cookieId);
    }
    // Deviation from JupyterHub, which takes the first that verifies: a script on a user's
    // server (the hub's origin without subdomain_host) can set its owner's login cookie on a
    // narrower path, which the browser sends first. Two logins in one request are such a
    // cookie tossed in, so the request is logged in as nobody rather than as the other user.
    if (ids.size > 1) return null;
    return ids.values().next().value ?? null;
  }

  /** Marks the request as logged in by the login cookie of `cookieId` (binds its XSRF token). */
  markLoggedIn(request: FastifyRequest, cookieId: string): void {
    this.stateOf(request).cookieId = cookieId;
  }

  sessionId(request: FastifyRequest): string | null {
    const state = this.stateOf(request);
    if (state.sessionId) return state.sessionId;
    const value = cookieValues(request.headers.cookie, SESSION_COOKIE).find((v) =>
      /^[0-9a-f]{32}$/.test(v),
    );
    return value ?? null;
  }

  /** The browser's session id, set as a new cookie when the browser has none. */
  ensureSessionId(request: FastifyRequest, reply: FastifyReply): string {
    const existing = this.sessionId(request);
    if (existing) return existing;
    const sessionId = randomUUID().replace(/-/g, '');
    this.stateOf(request).sessionId = sessionId;
    appendSetCookie(
      reply,
      serializeCookie(SESSION_COOKIE, sessionId, this.options(request, this.baseUrl)),
    );
    return sessionId;
  }

  /** The signed login cookie value for a user (also what tests log in with). */
  loginCookieValue(user: LoginUser): string {
    return signCookieValue(this.secret.key, LOGIN_COOKIE, user.cookieId, this.nowSeconds());
  }

  /** An XSRF token for a browser session of a logged-in user. */
  xsrfTokenFor(sessionId: string, user: LoginUser): string {
    return this.signXsrfId(`${sessionId}:${user.cookieId}`);
  }

  /** After a successful login: session id (if missing), login cookie and a fresh XSRF cookie. */
  setLoginCookies(request: FastifyRequest, reply: FastifyReply, user: LoginUser): void {
    this.ensureSessionId(request, reply);
    const signed = this.loginCookieValue(user);
    const expires = new Date(this.clock.now().getTime() + LOGIN_COOKIE_BROWSER_DAYS * 86_400_000);
    appendSetCookie(
      reply,
      serializeCookie(LOGIN_COOKIE, signed, { ...this.options(request, this.hubPrefix), expires }),
    );
    const state = this.stateOf(request);
    state.cookieId = user.cookieId;
    state.xsrfToken = undefined;
    state.pendingXsrfCookie = undefined;
    this.setXsrfCookie(request, reply, this.newXsrfToken(request));
  }

  /**
   * Logout: drops the session id, login and XSRF cookies (and the legacy services cookie).
   * Cookies set partitioned (inside an LMS frame) are only dropped by a partitioned Set-Cookie,
   * so those go out both ways.
   */
  clearLoginCookies(request: FastifyRequest, reply: FastifyReply): void {
    const partitioned = this.options(request, this.baseUrl).partitioned === true;
    const clear = (name: string, path: string) => {
      appendSetCookie(reply, clearedCookie(name, path));
      if (partitioned) {
        const options = { ...this.options(request, path), maxAgeSeconds: 0, expires: new Date(0) };
        appendSetCookie(reply, serializeCookie(name, '', options));
      }
    };
    clear(SESSION_COOKIE, this.baseUrl);
    clear(LOGIN_COOKIE, this.hubPrefix);
    clear('jupyterhub-services', `${this.baseUrl}services`);
    clear(XSRF_COOKIE, this.hubPrefix);
  }

  /**
   * The XSRF token of this request's session: the cookie's when it is bound to this session
   * and user, else a new one. Pages never put it in their HTML (a same-origin script of a
   * user's server could fetch() the page and read it): on navigations only (a fetch() must not
   * replace the token the page holds) a new token goes out as the cookie, on `reply` or through
   * the onSend hook (registerXsrfCookie), and the hub's scripts read it from document.cookie.
   */
  xsrfToken(request: FastifyRequest, reply?: FastifyReply): string {
    const state = this.stateOf(request);
    if (state.xsrfToken) return state.xsrfToken;
    const expectedId = this.xsrfId(request);
    const fromCookie = cookieValues(request.headers.cookie, XSRF_COOKIE).find(
      (token) => this.xsrfIdOf(token) === expectedId,
    );
    const token = fromCookie ?? this.newXsrfToken(request);
    state.xsrfToken = token;
    const mode = request.headers['sec-fetch-mode'] ?? 'navigate';
    if (mode !== 'navigate') return token;
    // a navigation sets it again even when the browser has it: an older hub set it HttpOnly,
    // which would keep it from the pages' scripts until it expired
    if (reply) this.setXsrfCookie(request, reply, token);
    else state.pendingXsrfCookie = token;
    return token;
  }

  /** Sets the XSRF cookie that xsrfToken issued without a reply at hand (the onSend hook). */
  flushXsrfCookie(request: FastifyRequest, reply: FastifyReply): void {
    const state = this.state.get(request);
    const token = state?.pendingXsrfCookie;
    if (!token) return;
    state.pendingXsrfCookie = undefined;
    this.setXsrfCookie(request, reply, token);
  }

  /** Throws JupyterHub's 403 unless the request offers a valid token bound to this session. */
  checkXsrf(request: FastifyRequest): void {
    const offered = offeredXsrfToken(request);
    if (!offered) throw new HubError(403, `'_xsrf' argument missing from ${request.method}`);
    if (this.xsrfIdOf(offered) !== this.xsrfId(request)) {
      throw new HubError(
        403,
        `XSRF cookie does not match ${request.method.toUpperCase()} argument`,
      );
    }
  }

  /** `<session id>:<cookie_id>` when logged in, else `<session id>:<anonymous id>`. */
  private xsrfId(request: FastifyRequest): string {
    const state = this.stateOf(request);
    const who = state.cookieId ?? anonymousXsrfId(request);
    return `${this.sessionId(request) ?? ''}:${who}`;
  }

  private xsrfIdOf(token: string): string | null {
    const signed = Buffer.from(token, 'base64url').toString('utf8');
    const maxAge = this.config.JupyterHub.cookie_max_age_days;
    return verifyCookieValue(this.secret.key, XSRF_COOKIE, signed, this.nowSeconds(), maxAge);
  }

  private newXsrfToken(request: FastifyRequest): string {
    return (this.stateOf(request).xsrfToken = this.signXsrfId(this.xsrfId(request)));
  }

  private signXsrfId(id: string): string {
    const signed = signCookieValue(this.secret.key, XSRF_COOKIE, id, this.nowSeconds());
    return Buffer.from(signed).toString('base64url');
  }

  private setXsrfCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
    this.stateOf(request).pendingXsrfCookie = undefined;
    // readable by scripts (the hub's read it from document.cookie) but only on the hub's path:
    // a page of a user's server (under /user/) does not see it, and the hub's pages refuse
    // frames (X-Frame-Options / frame-ancestors) and, where browsers apply COOP (HTTPS and
    // loopback), windows opened from there
    const options: CookieOptions = { ...this.options(request, this.hubPrefix), httpOnly: false };
    if (!this.stateOf(request).cookieId) options.maxAgeSeconds = ANONYMOUS_XSRF_MAX_AGE;
    appendSetCookie(reply, serializeCookie(XSRF_COOKIE, token, options));
  }

  /** Options of the hub's cookies on `path`, for the browser protocol of this request. */
  options(request: FastifyRequest, path: string): CookieOptions {
    const secure = browserProtocol(request) === 'https';
    // browsers drop SameSite=None cookies that are not Secure, so plain HTTP keeps Lax
    if (!(this.crossSite && secure)) return { path, httpOnly: true, secure, sameSite: 'Lax' };
    // current Chromium keeps only partitioned cookies inside a cross-site frame
    return { path, httpOnly: true, secure, sameSite: 'None', partitioned: true };
  }

  private stateOf(request: FastifyRequest): RequestState {
    let state = this.state.get(request);
    if (!state) this.state.set(request, (state = {}));
    return state;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
