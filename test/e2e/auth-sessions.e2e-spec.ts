import { ApiTokenEntity, UserEntity } from '@orrery/core';
import { cookieHeader, pageXsrf, submitLoginForm } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { CookieJar } from './fixtures/login-flow';

describe('login sessions end on the server side', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  /** A browser logged in through the form: its cookie jar. */
  const logIn = async (username: string, password: string): Promise<CookieJar> => {
    const jar = new CookieJar();
    const response = jar.take(await submitLoginForm(hub, { username, password }));
    expect(response.status).toBe(302);
    return jar;
  };
  const home = (cookie: string) => hub.http().get('/hub/home').set('Cookie', cookie);
  const sessionIdOf = (cookie: string) => /jupyterhub-session-id=([0-9a-f]+)/.exec(cookie)?.[1];
  const oauthToken = async (name: string, sessionId: string | undefined, prefix: string) => {
    const user = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name });
    const tokens = hub.dataSource.getRepository(ApiTokenEntity);
    await tokens.save(
      tokens.create({
        hashed: `sha512:1:${prefix}:00`,
        prefix,
        userId: user.id,
        sessionId,
        created: new Date(),
        note: 'oauth token of a browser session',
        scopes: [],
      }),
    );
  };

  it('replayed login cookie after logout is refused', async () => {
    const copied = (await logIn('leaver', 'leaver-secret')).header();
    await home(copied).expect(200);
    await hub.http().get('/hub/logout').set('Cookie', copied).expect(302);
    const replay = await home(copied);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toMatch(/^\/hub\/login/);
    await hub.http().get('/hub/api/user').set('Cookie', copied).expect(403);
  });

  it('password change logs out other sessions', async () => {
    const mine = await logIn('changer', 'old-password');
    const other = (await logIn('changer', 'old-password')).header();
    await oauthToken('changer', sessionIdOf(other), 'othr');
    await oauthToken('changer', sessionIdOf(mine.header()), 'mine');
    const page = await home(mine.header()).expect(200);
    const xsrf = pageXsrf(page, mine.header());
    const changed = await hub
      .http()
      .post('/hub/auth/change-password')
      .set('Cookie', mine.header())
      .type('form')
      .send({
        current_password: 'old-password',
        new_password: 'new-password',
        new_password_confirmation: 'new-password',
        _xsrf: xsrf,
      })
      .expect(200);
    expect(changed.text).toContain('Your password has been changed successfully!');
    expect(cookieHeader(changed.headers)).toContain('jupyterhub-hub-login=');
    mine.take(changed);
    await home(mine.header()).expect(200);
    expect((await home(other)).status).toBe(302);
    const tokens = hub.dataSource.getRepository(ApiTokenEntity);
    expect(await tokens.countBy({ prefix: 'othr' })).toBe(0);
    expect(await tokens.countBy({ prefix: 'mine' })).toBe(1);
  });
});
