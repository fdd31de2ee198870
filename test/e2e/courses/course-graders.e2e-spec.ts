import { HubProxyService } from '@orrery/runtime';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HubFixture } from '../fixtures/hub-fixture';
import { listeningServerHub } from '../fixtures/lti11-launch';
import { spawnConfig, viaProxy } from '../servers-helpers';
import { CONSUMERS, cookieOf, getViaProxy, launch11 } from './courses-helpers';

/**
 * The grader runtime wired into the courses (issue 14): a course made by an instructor's
 * first LTI 1.1 launch gets its grader on demand at `/services/<id>/` (progress page, then the
 * grader through the proxy), the course check and the API report it, a failed start shows why
 * and the next visit retries, archiving stops it. The grader is a stand-in process (the real
 * nbgrader one is in test/compat): it answers on its service URL with its own API token, or
 * exits while the marker file exists.
 */
const FAKE_GRADER = `
const fs = require('node:fs');
if (fs.existsSync(process.argv[1])) { console.error('nbgrader is not installed'); process.exit(4); }
const url = new URL(process.env.JUPYTERHUB_SERVICE_URL);
require('node:http')
  .createServer((req, res) => res.end('formgrader ' + process.env.JUPYTERHUB_API_TOKEN))
  .listen(Number(url.port), url.hostname);
`;
/** moodle.json: user 27, Instructor of context 12 labelled PHYS201. */
const PHYS = 'phys201';

describe('course graders wired into the hub (LTI 1.1 launch to a running grader)', () => {
  let hub: HubFixture;
  const failMarker = path.join(os.tmpdir(), `orrery-grader-fail-${process.pid}-${Date.now()}`);
  let root: string;
  let cookie: string;
  const admin = () => hub.auth(hub.tokens.admin);
  const course = async (name: string) =>
    (await hub.http().get(`/hub/api/courses/${name}`).set(admin()).expect(200)).body;
  const until = async (name: string, state: string) => {
    for (let i = 0; i < 200 && (await course(name)).grader.state !== state; i++) {
      await new Promise((done) => setTimeout(done, 50));
    }
    expect((await course(name)).grader.state).toBe(state);
  };
  const routed = async (name: string) =>
    Object.keys(await hub.app.get(HubProxyService).routes()).includes(`/services/${name}/`);

  listeningServerHub(
    (home, hubBindUrl) => {
      root = path.join(home, 'courses');
      return {
        ...spawnConfig(home, 'ok', { environment: { FIXTURE_REPORT_ENV: 'JUPYTER_CONFIG_PATH' } }),
        JupyterHub: { authenticator_class: 'lti11', hub_bind_url: hubBindUrl },
        Authenticator: { allow_all: true },
        LTI11Authenticator: { consumers: CONSUMERS },
        Courses: {
          enabled: true,
          root,
          grader_cmd: [process.execPath, '-e', FAKE_GRADER, failMarker],
        },
      };
    },
    (started) => (hub = started),
  );

  afterAll(() => fs.rmSync(failMarker, { force: true }));

  it("creates the course at the instructor's first launch, its grader stopped and unrouted", async () => {
    const launched = await launch11(hub, 'moodle');
    expect(launched.status).toBe(302);
    cookie = cookieOf(launched);
    expect(cookie).toContain('jupyterhub-session-id');
    expect((await course(PHYS)).grader.state).toBe('stopped');
    expect(await routed(PHYS)).toBe(false);
  });

  it('shows why a grader did not start, in the page and the check, and retries on the next visit', async () => {
    fs.writeFileSync(failMarker, '');
    const away = await getViaProxy(hub, `/services/${PHYS}/`, cookie);
    expect(away.status).toBe(302);
    expect(away.headers.location).toBe(`/hub/services/${PHYS}/`);
    expect((await getViaProxy(hub, `/hub/services/${PHYS}/`, cookie)).status).toBe(202);
    await until(PHYS, 'failed');
    const failed = await getViaProxy(hub, `/hub/services/${PHYS}/`, cookie);
    expect(failed.status).toBe(503);
    expect(failed.body).toContain('exited with status 4');
    expect(failed.body).toContain('nbgrader is not installed');
    const check = await hub.http().get(`/hub/api/courses/${PHYS}/check`).set(admin()).expect(200);
    expect(check.body.ok).toBe(false);
    expect(check.body.problems).toEqual(
      expect.arrayContaining([expect.stringContaining('nbgrader is not installed')]),
    );
    fs.rmSync(failMarker);
    expect((await getViaProxy(hub, `/hub/services/${PHYS}/?retry=1`, cookie)).status).toBe(202);
    await until(PHYS, 'running');
  });

  it('reaches the running grader through its route; the check reports nothing wrong with it', async () => {
    expect(await routed(PHYS)).toBe(true);
    const back = await getViaProxy(hub, `/hub/services/${PHYS}/`, cookie);
    expect(back.status).toBe(302);
    expect(back.headers.location).toBe(`/services/${PHYS}/?redirects=1`);
    const grader = await getViaProxy(hub, back.headers.location as string, cookie);
    expect(grader.status).toBe(200);
    expect(grader.body).toMatch(/^formgrader /);
    const check = await hub.http().get(`/hub/api/courses/${PHYS}/check`).set(admin()).expect(200);
    expect(check.body.problems.filter((line: string) => /grader service/.test(line))).toEqual([]);
    expect((await course(PHYS)).grader.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("keeps the running grader's token valid through visits and repeated starts", async () => {
    const token = (await getViaProxy(hub, `/services/${PHYS}/`, cookie)).body.split(' ')[1];
    await getViaProxy(hub, `/hub/services/${PHYS}/`, cookie);
    await hub.http().post(`/hub/api/courses/${PHYS}/grader`).set(admin()).expect(200);
    await hub.http().get('/hub/api/user').set(hub.auth(token)).expect(200);
  });

  it('starts a grader with POST /hub/api/courses/<id>/grader', async () => {
    await hub.http().post('/hub/api/courses/bio-1').set(admin()).send({}).expect(201);
    const started = await hub.http().post('/hub/api/courses/bio-1/grader').set(admin()).expect(200);
    expect(started.body.grader.state).toBe('running');
    expect(await routed('bio-1')).toBe(true);
  });

  it('mints one service token for simultaneous first starts, the one the grader runs with', async () => {
    await hub.http().post('/hub/api/courses/duo').set(admin()).send({}).expect(201);
    const starts = await Promise.all([
      ...[1, 2, 3].map(() => hub.http().post('/hub/api/courses/duo/grader').set(admin())),
      ...[1, 2].map(() =>
        hub.http().get('/hub/services/duo/').set(admin()).set('Accept', 'text/html'),
      ),
    ]);
    expect(starts.map((answer) => answer.status)).toEqual([200, 200, 200, 202, 202]);
    const token = (await viaProxy(hub, '/services/duo/')).body.split(' ')[1];
    await hub.http().get('/hub/api/user').set(hub.auth(token)).expect(200);
  });

  it("gives a course member's server nbgrader's config for their role, and others none", async () => {
    const envOf = async (user: string) => {
      await hub.http().post(`/hub/api/users/${user}/server`).set(admin()).expect(201);
      const answer = await viaProxy(hub, `/user/${user}/env`);
      expect(answer.status).toBe(200);
      return JSON.parse(answer.body) as Record<string, string>;
    };
    expect((await envOf('27')).JUPYTER_CONFIG_PATH).toBe(
      path.join(root, 'jupyter-config', 'instructor'),
    );
    expect(fs.existsSync(path.join(root, 'jupyter-config', 'instructor'))).toBe(true);
    expect((await envOf('alice')).JUPYTER_CONFIG_PATH).toBeUndefined();
  });

  it('stops a running grader when its course is archived, and takes its route away', async () => {
    const { url } = (await course(PHYS)).grader;
    const archived = await hub.http().post(`/hub/api/courses/${PHYS}/archive`).set(admin());
    expect(archived.status).toBe(200);
    expect(archived.body.grader.state).toBe('stopped');
    expect(await routed(PHYS)).toBe(false);
    await expect(fetch(`${url}/services/${PHYS}/`)).rejects.toThrow();
    expect((await getViaProxy(hub, `/hub/services/${PHYS}/`, cookie)).status).toBe(404);
  });
});
