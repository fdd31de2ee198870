import * as fs from 'node:fs';
import { loginAs } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { killServers, serverHub, spawnConfig, tempHome } from './servers-helpers';

/** The pages around a server: spawn, spawn-pending, the /hub/user/ fall-through, user-redirect. */
describe('server pages', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => ({ ...spawnConfig(dir), JupyterHub: { allow_named_servers: true } }),
    (started) => (hub = started),
  );

  const page = async (name: string) => {
    const session = await loginAs(hub, name);
    return {
      get: (path: string) =>
        hub.http().get(path).set({ Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' }),
      post: (path: string, form: Record<string, string>) =>
        hub
          .http()
          .post(path)
          .set({ Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' })
          .type('form')
          .send({ ...form, _xsrf: session.xsrf }),
    };
  };
  const stop = (user: string, server = '') =>
    hub
      .http()
      .delete(server ? `/hub/api/users/${user}/servers/${server}` : `/hub/api/users/${user}/server`)
      .set(hub.auth(hub.tokens.admin));

  it('starts the server from /hub/spawn and sends the browser through spawn-pending to it', async () => {
    const browser = await page('sp-ada');
    const spawn = await browser.get('/hub/spawn').expect(302);
    expect(spawn.headers.location).toBe('/hub/spawn-pending/sp-ada');
    const pending = await browser.get('/hub/spawn-pending/sp-ada').expect(302);
    expect(pending.headers.location).toBe('/user/sp-ada/');
    const again = await browser.get('/hub/spawn?next=%2Fuser%2Fsp-ada%2Flab').expect(302);
    expect(again.headers.location).toBe('/user/sp-ada/lab');
    await stop('sp-ada').expect(204);
  });

  it('shows the live progress page while a server starts, then its failure', async () => {
    const slowHome = tempHome();
    const slow = await startHub(spawnConfig(slowHome, 'silent', { http_timeout: 2 }));
    try {
      const session = await loginAs(slow, 'sp-bo');
      const headers = { Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' };
      await slow.http().get('/hub/spawn').set(headers).expect(302);
      const pending = await slow.http().get('/hub/spawn-pending/sp-bo').set(headers).expect(200);
      expect(pending.text).toContain('role="progressbar"');
      expect(pending.text).toContain('/hub/api/users/sp-bo/server/progress');
      let failed = pending;
      for (let i = 0; i < 100 && failed.status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        failed = await slow.http().get('/hub/spawn-pending/sp-bo').set(headers);
      }
      expect(failed.status).toBe(500);
      expect(failed.text).toContain('/hub/spawn/sp-bo');
    } finally {
      await killServers(slow);
      await slow.close();
      fs.rmSync(slowHome, { recursive: true, force: true });
    }
  });

  it('answers 424 for a stopped server: a page with a start link, JSON for APIs and scripts', async () => {
    const browser = await page('sp-cy');
    const html = await browser.get('/hub/user/sp-cy/tree/notes.ipynb').expect(424);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('/hub/spawn/sp-cy?next=%2Fuser%2Fsp-cy%2Ftree%2Fnotes.ipynb');
    const api = await browser.get('/hub/user/sp-cy/api/kernels').expect(424);
    expect(api.body.message).toMatch(
      /^JupyterHub server no longer running at \/user\/sp-cy\/api\/kernels\. Restart the server at/,
    );
    const post = await hub.http().post('/hub/user/sp-cy/api/contents').send({}).expect(424);
    expect(post.headers['content-type']).toMatch(/^application\/json/);
  });

  it("hides another user's server behind a 404 that says there is no access", async () => {
    const browser = await page('sp-dee');
    const other = await browser.get('/hub/user/sp-cy/tree').expect(404);
    expect(other.text).toContain('No access to resources or resources not found');
    const nobody = await browser.get('/hub/user/sp-nobody/tree').expect(404);
    expect(nobody.text).toContain('No access to resources or resources not found');
    await browser.get('/hub/spawn/sp-cy').expect(404);
  });

  it('sends an anonymous browser to the login page with the whole path as next', async () => {
    const response = await hub.http().get('/hub/user/sp-cy/tree?x=1').expect(302);
    expect(response.headers.location).toBe(
      `/hub/login?next=${encodeURIComponent('/hub/user/sp-cy/tree?x=1')}`,
    );
  });

  it('redirects back to a ready server a few times, then reports the loop', async () => {
    const browser = await page('sp-eve');
    await browser.get('/hub/spawn').expect(302);
    const back = await browser.get('/hub/user/sp-eve/lab?a=b').expect(302);
    expect(back.headers.location).toBe('/user/sp-eve/lab?a=b&redirects=1');
    const loop = await browser.get('/hub/user/sp-eve/lab?redirects=4').expect(500);
    expect(loop.text).toContain('Redirect loop detected.');
    await stop('sp-eve').expect(204);
  });

  it('sends /hub/user-redirect/<path> to the same path on the user’s own server', async () => {
    const browser = await page('sp-fay');
    const response = await browser.get('/hub/user-redirect/tree/a.ipynb?x=1').expect(302);
    expect(response.headers.location).toBe(
      `/hub/spawn/sp-fay?next=${encodeURIComponent('/user/sp-fay/tree/a.ipynb?x=1')}`,
    );
  });

  it('starts a named server from its spawn page, with the display name from the query', async () => {
    const browser = await page('sp-gus');
    const spawn = await browser.get('/hub/spawn/sp-gus/lab1?display_name=Lab%201').expect(302);
    expect(spawn.headers.location).toBe('/hub/spawn-pending/sp-gus/lab1');
    const model = await hub
      .http()
      .get('/hub/api/users/sp-gus/servers/lab1')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(model.body).toMatchObject({ ready: true, display_name: 'Lab 1' });
    await stop('sp-gus', 'lab1').expect(204);
    await browser.get('/hub/spawn/sp-gus/Bad_Name').expect(400);
  });
});

describe('the spawn options form', () => {
  let hub: HubFixture;
  serverHub(
    (dir) =>
      spawnConfig(dir, 'ok', {
        options_form: '<label for="size">Size</label><input id="size" name="size">',
      }),
    (started) => (hub = started),
  );

  it('renders the configured form, and its posted fields become user_options', async () => {
    const session = await loginAs(hub, 'form-hal');
    const headers = { Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' };
    const form = await hub.http().get('/hub/spawn').set(headers).expect(200);
    expect(form.text).toContain('<input id="size" name="size">');
    await hub
      .http()
      .post('/hub/spawn')
      .set(headers)
      .type('form')
      .send({ size: 'big', _xsrf: session.xsrf })
      .expect(302)
      .expect('location', '/hub/spawn-pending/form-hal');
    const model = await hub
      .http()
      .get('/hub/api/users/form-hal/server')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(model.body.user_options).toEqual({ size: ['big'] });
  });

  it('takes options from opt- query parameters without showing the form', async () => {
    const session = await loginAs(hub, 'form-ida');
    const headers = { Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' };
    await hub.http().get('/hub/spawn?opt-size=small').set(headers).expect(302);
    const model = await hub
      .http()
      .get('/hub/api/users/form-ida/server')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(model.body.user_options).toEqual({ size: ['small'] });
  });
});

describe('the landing page of a logged-in user', () => {
  let hub: HubFixture;
  let home: string;
  serverHub(
    (dir) => spawnConfig(dir),
    (started, dir) => {
      hub = started;
      home = dir;
    },
  );

  it('is the spawn page while no server runs, then the running server', async () => {
    const session = await loginAs(hub, 'land-jo');
    const headers = { Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' };
    await hub.http().get('/hub/').set(headers).expect(302).expect('location', '/hub/spawn');
    await hub.http().get('/hub/spawn').set(headers).expect(302);
    await hub.http().get('/hub/').set(headers).expect(302).expect('location', '/user/land-jo/');
  });

  it('is the home page without redirect_to_server', async () => {
    const other = await startHub({
      ...spawnConfig(home),
      JupyterHub: { redirect_to_server: false },
    });
    try {
      const session = await loginAs(other, 'land-kim');
      await other
        .http()
        .get('/hub/')
        .set({ Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' })
        .expect(302)
        .expect('location', '/hub/home');
    } finally {
      await other.close();
    }
  });
});
