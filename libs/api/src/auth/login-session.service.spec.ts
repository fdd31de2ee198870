import { CookieSecret, FakeClock, HubConfig, HubError, signCookieValue } from '@orrery/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGIN_COOKIE, SESSION_COOKIE, XSRF_COOKIE } from './hub-cookies';
import { LoginSessionService } from './login-session.service';

const SECRET = Buffer.alloc(32, 7);
const SESSION = '0123456789abcdef0123456789abcdef';
const ANN = { cookieId: 'ann-cookie-id' };
const BOB = { cookieId: 'bob-cookie-id' };
const DAY_MS = 86_400_000;

interface FakeRequestInit {
  cookie?: string;
  headers?: Record<string, string>;
  protocol?: string;
  method?: string;
  query?: Record<string, string>;
}

function request(init: FakeRequestInit = {}): FastifyRequest {
  const headers: Record<string, string> = { 'user-agent': 'spec', ...init.headers };
  if (init.cookie !== undefined) headers.cookie = init.cookie;
  return {
    headers,
    protocol: init.protocol ?? 'http',
    ip: '127.0.0.1',
    method: init.method ?? 'GET',
    query: init.query ?? {},
    body: undefined,
  } as unknown as FastifyRequest;
}

/** A reply that, like Fastify's, appends to set-cookie rather than replacing it. */
function reply(): FastifyReply & { cookies: () => string[] } {
  let cookies: string[] = [];
  return {
    cookies: () => cookies,
    getHeader: (name: string) => (name === 'set-cookie' && cookies.length ? cookies : undefined),
    removeHeader: (name: string) => {
      if (name === 'set-cookie') cookies = [];
    },
    header: (name: string, value: string[]) => {
      if (name === 'set-cookie') cookies = [...cookies, ...value];
    },
  } as unknown as FastifyReply & { cookies: () => string[] };
}

function setup(settings: { authenticator_class?: string; base_url?: string } = {}) {
  const config = new HubConfig();
  config.JupyterHub.base_url = settings.base_url ?? '/base/';
  if (settings.authenticator_class)
    config.JupyterHub.authenticator_class = settings.authenticator_class;
  const clock = new FakeClock('2026-12-01T00:00:00Z');
  const session = new LoginSessionService(config, clock, new CookieSecret(SECRET));
  return { session, clock, config };
}

function loginCookie(session: LoginSessionService, user = ANN): string {
  return `${LOGIN_COOKIE}=${session.loginCookieValue(user)}`;
}

function caught(action: () => void): HubError {
  try {
    action();
  } catch (error) {
    return error as HubError;
  }
  throw new Error('expected a HubError');
}

describe('LoginSessionService', () => {
  it('derives the hub prefix from base_url', () => {
    const { session } = setup();
    expect(session.baseUrl).toBe('/base/');
    expect(session.hubPrefix).toBe('/base/hub/');
  });

  describe('loginCookieId', () => {
    it('reads the cookie_id of a login cookie it signed', () => {
      const { session } = setup();
      expect(session.loginCookieId(request({ cookie: loginCookie(session) }))).toBe(
        'ann-cookie-id',
      );
    });

    it('is null without a login cookie', () => {
      const { session } = setup();
      expect(session.loginCookieId(request())).toBeNull();
      expect(session.loginCookieId(request({ cookie: 'other=1' }))).toBeNull();
    });

    it('refuses a value signed with another secret or for another cookie name', () => {
      const { session } = setup();
      const now = Date.parse('2026-12-01T00:00:00Z') / 1000;
      const forged = signCookieValue(Buffer.alloc(32, 8), LOGIN_COOKIE, 'ann', now);
      const otherName = signCookieValue(SECRET, XSRF_COOKIE, 'ann', now);
      expect(session.loginCookieId(request({ cookie: `${LOGIN_COOKIE}=${forged}` }))).toBeNull();
      expect(session.loginCookieId(request({ cookie: `${LOGIN_COOKIE}=${otherName}` }))).toBeNull();
    });

    it('refuses a cookie older than cookie_max_age_days', () => {
      const { session, clock, config } = setup();
      const cookie = loginCookie(session);
      clock.advance(config.JupyterHub.cookie_max_age_days * DAY_MS);
      expect(session.loginCookieId(request({ cookie }))).toBe('ann-cookie-id');
      clock.advance(1000);
      expect(session.loginCookieId(request({ cookie }))).toBeNull();
    });

    it('takes a valid cookie among invalid ones and the same login sent twice', () => {
      const { session } = setup();
      const valid = loginCookie(session);
      expect(session.loginCookieId(request({ cookie: `${LOGIN_COOKIE}=junk; ${valid}` }))).toBe(
        'ann-cookie-id',
      );
      expect(session.loginCookieId(request({ cookie: `${valid}; ${valid}` }))).toBe(
        'ann-cookie-id',
      );
    });

    it("logs in as nobody when two users' login cookies arrive together", () => {
      const { session } = setup();
      const cookie = `${loginCookie(session, BOB)}; ${loginCookie(session, ANN)}`;
      expect(session.loginCookieId(request({ cookie }))).toBeNull();
    });
  });

  describe('session id', () => {
    it('reads a 32-hex session id cookie, skipping malformed ones', () => {
      const { session } = setup();
      const cookie = `${SESSION_COOKIE}=not-hex; ${SESSION_COOKIE}=${SESSION}`;
      expect(session.sessionId(request({ cookie }))).toBe(SESSION);
      expect(session.sessionId(request({ cookie: `${SESSION_COOKIE}=${SESSION}0` }))).toBeNull();
      expect(session.sessionId(request({ cookie: `${SESSION_COOKIE}=x${SESSION}` }))).toBeNull();
      expect(session.sessionId(request())).toBeNull();
    });

    it('keeps an existing session id without setting a cookie', () => {
      const { session } = setup();
      const r = reply();
      const req = request({ cookie: `${SESSION_COOKIE}=${SESSION}` });
      expect(session.ensureSessionId(req, r)).toBe(SESSION);
      expect(r.cookies()).toEqual([]);
    });

    it('creates one session id per request and sets it on base_url', () => {
      const { session } = setup();
      const r = reply();
      const req = request();
      const created = session.ensureSessionId(req, r);
      expect(created).toMatch(/^[0-9a-f]{32}$/);
      expect(session.ensureSessionId(req, r)).toBe(created);
      expect(session.sessionId(req)).toBe(created);
      expect(r.cookies()).toEqual([
        `${SESSION_COOKIE}=${created}; Path=/base/; HttpOnly; SameSite=Lax`,
      ]);
    });
  });

  describe('setLoginCookies', () => {
    it('sets session, login and XSRF cookies bound to the user', () => {
      const { session } = setup();
      const r = reply();
      const req = request({ cookie: `${SESSION_COOKIE}=${SESSION}` });
      session.setLoginCookies(req, r, ANN);
      const token = session.xsrfTokenFor(SESSION, ANN);
      expect(r.cookies()).toEqual([
        `${LOGIN_COOKIE}=${session.loginCookieValue(ANN)}; Expires=Thu, 31 Dec 2026 00:00:00 GMT; ` +
          'Path=/base/hub/; HttpOnly; SameSite=Lax',
        `${XSRF_COOKIE}=${token}; Path=/base/hub/; SameSite=Lax`,
      ]);
      expect(session.xsrfToken(req)).toBe(token);
    });

    it('replaces the anonymous XSRF token of the login form', () => {
      const { session } = setup();
      const req = request({ cookie: `${SESSION_COOKIE}=${SESSION}` });
      const anonymous = session.xsrfToken(req);
      session.setLoginCookies(req, reply(), ANN);
      expect(session.xsrfToken(req)).not.toBe(anonymous);
      expect(session.xsrfToken(req)).toBe(session.xsrfTokenFor(SESSION, ANN));
    });

    it('creates the session id when the browser has none', () => {
      const { session } = setup();
      const r = reply();
      session.setLoginCookies(request(), r, ANN);
      expect(r.cookies()).toHaveLength(3);
      expect(r.cookies()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=[0-9a-f]{32}; Path=/base/;`));
    });
  });

  describe('clearLoginCookies', () => {
    it('clears session, login, services and XSRF cookies on their paths', () => {
      const { session } = setup();
      const r = reply();
      session.clearLoginCookies(request(), r);
      const gone = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0';
      expect(r.cookies()).toEqual([
        `${SESSION_COOKIE}=; ${gone}; Path=/base/`,
        `${LOGIN_COOKIE}=; ${gone}; Path=/base/hub/`,
        `jupyterhub-services=; ${gone}; Path=/base/services`,
        `${XSRF_COOKIE}=; ${gone}; Path=/base/hub/`,
      ]);
    });

    it('also clears them partitioned for a cross-site authenticator over https', () => {
      const { session } = setup({ authenticator_class: 'lti11' });
      const r = reply();
      session.clearLoginCookies(request({ protocol: 'https' }), r);
      const gone = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0';
      const partitioned = 'Secure; HttpOnly; SameSite=None; Partitioned';
      expect(r.cookies()).toEqual([
        `${SESSION_COOKIE}=; ${gone}; Path=/base/`,
        `${SESSION_COOKIE}=; ${gone}; Path=/base/; ${partitioned}`,
        `${LOGIN_COOKIE}=; ${gone}; Path=/base/hub/`,
        `${LOGIN_COOKIE}=; ${gone}; Path=/base/hub/; ${partitioned}`,
        `jupyterhub-services=; ${gone}; Path=/base/services`,
        `jupyterhub-services=; ${gone}; Path=/base/services; ${partitioned}`,
        `${XSRF_COOKIE}=; ${gone}; Path=/base/hub/`,
        `${XSRF_COOKIE}=; ${gone}; Path=/base/hub/; ${partitioned}`,
      ]);
    });
  });

  describe('xsrfToken', () => {
    it('keeps the cookie token bound to this session and user, setting it again for the page scripts', () => {
      const { session } = setup();
      const token = session.xsrfTokenFor(SESSION, ANN);
      const cookie = `${SESSION_COOKIE}=${SESSION}; ${XSRF_COOKIE}=other; ${XSRF_COOKIE}=${token}`;
      const req = request({ cookie });
      session.markLoggedIn(req, ANN.cookieId);
      const r = reply();
      expect(session.xsrfToken(req, r)).toBe(token);
      // the same token again, without HttpOnly: a cookie of an older version hid it from scripts
      expect(r.cookies()).toEqual([`${XSRF_COOKIE}=${token}; Path=/base/hub/; SameSite=Lax`]);
    });

    it("sets a new token when the cookie's is bound to another user", () => {
      const { session } = setup();
      const cookie = `${SESSION_COOKIE}=${SESSION}; ${XSRF_COOKIE}=${session.xsrfTokenFor(SESSION, BOB)}`;
      const req = request({ cookie });
      session.markLoggedIn(req, ANN.cookieId);
      const r = reply();
      const token = session.xsrfToken(req, r);
      expect(token).toBe(session.xsrfTokenFor(SESSION, ANN));
      expect(r.cookies()).toEqual([`${XSRF_COOKIE}=${token}; Path=/base/hub/; SameSite=Lax`]);
      expect(session.xsrfToken(req, r)).toBe(token);
      expect(r.cookies()).toHaveLength(1);
    });

    it('gives an anonymous token a cookie of one hour', () => {
      const { session } = setup();
      const r = reply();
      const token = session.xsrfToken(request(), r);
      expect(r.cookies()).toEqual([
        `${XSRF_COOKIE}=${token}; Max-Age=3600; Path=/base/hub/; SameSite=Lax`,
      ]);
    });

    it('sets the cookie on navigations only, and only given the reply', () => {
      const { session } = setup();
      const navigate = reply();
      session.xsrfToken(request({ headers: { 'sec-fetch-mode': 'navigate' } }), navigate);
      expect(navigate.cookies()).toHaveLength(1);
      const fetched = reply();
      session.xsrfToken(request({ headers: { 'sec-fetch-mode': 'cors' } }), fetched);
      expect(fetched.cookies()).toEqual([]);
      expect(session.xsrfToken(request())).toMatch(/^[\w-]+$/);
    });
  });

  describe('checkXsrf', () => {
    function post(session: LoginSessionService, headers: Record<string, string> = {}) {
      const req = request({
        cookie: `${SESSION_COOKIE}=${SESSION}`,
        method: 'post',
        headers,
      });
      session.markLoggedIn(req, ANN.cookieId);
      return req;
    }

    it('accepts the token of this session and user', () => {
      const { session } = setup();
      const token = session.xsrfTokenFor(SESSION, ANN);
      expect(() => session.checkXsrf(post(session, { 'x-xsrftoken': token }))).not.toThrow();
    });

    it("refuses a request offering no token with JupyterHub's 403", () => {
      const { session } = setup();
      const error = caught(() => session.checkXsrf(post(session)));
      expect(error).toBeInstanceOf(HubError);
      expect([error.status, error.message]).toEqual([403, "'_xsrf' argument missing from post"]);
    });

    it.each([
      ['another user', () => ({ session: SESSION, user: BOB, advance: 0 })],
      ['another session', () => ({ session: 'f'.repeat(32), user: ANN, advance: 0 })],
      ['an expired signature', () => ({ session: SESSION, user: ANN, advance: 15 * DAY_MS })],
    ])('refuses a token bound to %s', (_name, spec) => {
      const { session, clock } = setup();
      const { session: sessionId, user, advance } = spec();
      const token = session.xsrfTokenFor(sessionId, user);
      clock.advance(advance);
      const error = caught(() => session.checkXsrf(post(session, { 'x-xsrftoken': token })));
      expect([error.status, error.message]).toEqual([
        403,
        'XSRF cookie does not match POST argument',
      ]);
    });
  });

  describe('options', () => {
    it.each([
      ['first-use', 'http', { secure: false, sameSite: 'Lax' }],
      ['first-use', 'https', { secure: true, sameSite: 'Lax' }],
      ['lti11', 'http', { secure: false, sameSite: 'Lax' }],
      ['lti11', 'https', { secure: true, sameSite: 'None', partitioned: true }],
    ])('for %s over %s', (authenticator_class, protocol, expected) => {
      const { session } = setup({ authenticator_class });
      expect(session.options(request({ protocol }), '/p/')).toEqual({
        path: '/p/',
        httpOnly: true,
        ...expected,
      });
    });
  });
});
