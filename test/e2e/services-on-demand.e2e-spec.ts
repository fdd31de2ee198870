import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '@orrery/core';
import { ServiceOnDemand } from '@orrery/web';
import { CourseGraders } from '../../libs/courses/src/grader/course-graders.service';
import { GraderOnDemand } from '../../libs/courses/src/grader/grader-on-demand';
import { HubFixture, PERSONAS_CONFIG, startHub } from './fixtures/hub-fixture';

/**
 * A course's grader opened while stopped (`/services/<id>/` without a route ends at
 * `/hub/services/<id>/`): the hub starts it through CourseGraders for someone holding
 * `access:services!service=<id>`, shows a page that reloads itself, and sends them back to the
 * path once it runs. The grader is a stand-in process that answers on its service URL, or
 * fails while the file `fail` exists.
 */
const FAKE_GRADER = `
const fs = require('node:fs');
if (fs.existsSync(process.argv[1])) { console.error('nbgrader is not installed'); process.exit(4); }
const url = new URL(process.env.JUPYTERHUB_SERVICE_URL);
require('node:http').createServer((req, res) => res.end('formgrader')).listen(Number(url.port), url.hostname);
`;

describe('on-demand course services: GET /hub/services/<id>/...', () => {
  let hub: HubFixture;
  let dir: string;
  let graders: CourseGraders;
  let ada: string;
  let lee: string;

  const open = (path: string, token?: string) => {
    const call = hub.http().get(path).set('Accept', 'text/html');
    return token ? call.set(hub.auth(token)) : call;
  };
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((done) => setTimeout(done, 50));
  };

  beforeAll(async () => {
    // the roles the courses side gives each course's instructors (formgrade-<id>)
    hub = await startHub({
      JupyterHub: {
        load_roles: [
          ...PERSONAS_CONFIG.JupyterHub.load_roles,
          {
            name: 'formgrade-phys101',
            scopes: ['access:services!service=phys101'],
            users: ['ada'],
          },
          {
            name: 'formgrade-chem201',
            scopes: ['access:services!service=chem201'],
            users: ['lee'],
          },
        ],
      },
    });
    dir = await mkdtemp(join(tmpdir(), 'on-demand-'));
    graders = new CourseGraders({
      config: hub.config,
      root: join(dir, 'courses'),
      command: [process.execPath, '-e', FAKE_GRADER, join(dir, 'fail')],
      idleTimeoutSeconds: 0,
      startTimeoutSeconds: 10,
      clock: new SystemClock(),
    });
    const spec = (courseId: string) => ({
      courseId,
      graderUser: `grader-${courseId}`,
      serviceToken: `token-of-${courseId}`,
      root: join(dir, 'courses'),
    });
    hub.app
      .get(ServiceOnDemand)
      .register(
        new GraderOnDemand(graders, async (id) =>
          ['phys101', 'chem201'].includes(id) ? spec(id) : null,
        ),
      );
    ada = await hub.userToken('ada');
    lee = await hub.userToken('lee');
  });

  afterAll(async () => {
    await graders.stopAll();
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends /services/<id>/... without a route to the hub', async () => {
    const response = await open('/services/phys101/formgrader').expect(302);
    expect(response.headers.location).toBe('/hub/services/phys101/formgrader');
  });

  it('keeps a service that is not on demand a 404', async () => {
    await open('/hub/services/not-a-course/', ada).expect(404);
  });

  it('sends someone not logged in to the login page and refuses one without access', async () => {
    const response = await open('/hub/services/phys101/formgrader').expect(302);
    expect(response.headers.location).toBe(
      `/hub/login?next=${encodeURIComponent('/hub/services/phys101/formgrader')}`,
    );
    await open('/hub/services/phys101/formgrader', lee).expect(403);
    expect(graders.state('phys101').state).toBe('stopped');
  });

  it('starts a stopped grader behind a reloading page, then goes back to the path', async () => {
    const first = await open('/hub/services/phys101/formgrader?x=1', ada).expect(202);
    expect(first.text).toContain('<meta http-equiv="refresh" content="2">');
    expect(first.text).toContain('Starting phys101');
    await until(() => graders.state('phys101').state === 'running');
    const back = await open('/hub/services/phys101/formgrader?x=1', ada).expect(302);
    expect(back.headers.location).toBe('/services/phys101/formgrader?x=1&redirects=1');
  });

  it('shows why a grader did not start and starts it again on "Try again"', async () => {
    await writeFile(join(dir, 'fail'), '');
    await open('/hub/services/chem201/', lee).expect(202);
    await until(() => graders.state('chem201').state === 'failed');
    const failed = await open('/hub/services/chem201/', lee).expect(503);
    expect(failed.text).toContain('exited with status 4');
    expect(failed.text).toContain('nbgrader is not installed');
    expect(failed.text).toContain('href="/hub/services/chem201/?retry=1"');
    await rm(join(dir, 'fail'));
    await open('/hub/services/chem201/?retry=1', lee).expect(202);
    await until(() => graders.state('chem201').state === 'running');
    await open('/hub/services/chem201/', lee).expect(302);
  });
});
