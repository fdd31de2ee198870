import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HubFixture } from './fixtures/hub-fixture';
import { serverHub, spawnConfig } from './servers-helpers';

/**
 * Config keys of the pages and of stopping that no other suite touches: an admin's
 * `template_paths` override a page (and may extend the built-in layout), `logo_file` is the
 * logo served at /hub/logo, and `slow_stop_timeout` is how long a stop request waits before 202.
 */
describe('JupyterHub.template_paths and logo_file', () => {
  let hub: HubFixture;
  let templates: string;
  const logo = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><title>school</title></svg>');
  serverHub(
    (home) => {
      templates = path.join(home, 'templates');
      fs.mkdirSync(templates);
      fs.writeFileSync(
        path.join(templates, 'login.njk'),
        '{% extends "page.njk" %}{% block main %}<p id="school">Welcome to the school hub</p>{% endblock %}',
      );
      fs.writeFileSync(path.join(home, 'school-logo.svg'), logo);
      return {
        ...spawnConfig(home),
        JupyterHub: {
          template_paths: [templates],
          logo_file: path.join(home, 'school-logo.svg'),
        },
      };
    },
    (started) => (hub = started),
  );

  it('renders a page from template_paths before the built-in one, inside the built-in layout', async () => {
    const page = await hub.http().get('/hub/login').expect(200);
    expect(page.text).toContain('<p id="school">Welcome to the school hub</p>');
    expect(page.text).not.toContain('id="login-title"');
    // the layout still comes from the built-in page.njk
    expect(page.text).toMatch(/<link[^>]+static\/[^"]*\.css/);
  });

  it('keeps the built-in templates for pages the admin did not override', async () => {
    const page = await hub.http().get('/hub/nonexistent-page').expect(404);
    expect(page.text).not.toContain('Welcome to the school hub');
  });

  it('serves logo_file at /hub/logo', async () => {
    const reply = await hub.http().get('/hub/logo').buffer(true).expect(200);
    expect(Buffer.from(reply.body as Buffer)).toEqual(logo);
  });
});

describe.each([
  [0, 202],
  [10, 204],
])('JupyterHub.slow_stop_timeout: %i', (seconds, status) => {
  let hub: HubFixture;
  // the stubborn fixture ignores SIGINT, so its stop takes interrupt_timeout (2 s) and a SIGTERM
  serverHub(
    (home) => ({ ...spawnConfig(home, 'stubborn'), JupyterHub: { slow_stop_timeout: seconds } }),
    (started) => (hub = started),
  );

  it(`answers ${status} to a stop that takes two seconds`, async () => {
    const admin = hub.auth(hub.tokens.admin);
    await hub.http().post('/hub/api/users/alice/server').set(admin).expect(201);
    await hub.http().delete('/hub/api/users/alice/server').set(admin).expect(status);
  }, 30_000);
});
