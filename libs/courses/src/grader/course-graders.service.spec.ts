import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FakeClock, HubConfig } from '@orrery/core';
import { CourseGraders, type CourseGradersOptions } from './course-graders.service';
import type { CourseGraderSpec } from './grader-port.types';

/**
 * A stand-in for jupyterhub-singleuser: listens where JUPYTERHUB_SERVICE_URL says and answers
 * with what it was given; exits with 3 after a line on stderr while the file `argv[1]` exists.
 */
const FAKE_SERVER = `
const fs = require('node:fs');
if (fs.existsSync(process.argv[1])) { console.error('no module named nbgrader'); process.exit(3); }
const url = new URL(process.env.JUPYTERHUB_SERVICE_URL);
require('node:http').createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ path: req.url, cwd: process.cwd(), pid: process.pid, env: process.env }));
}).listen(Number(url.port), url.hostname);
`;

async function get(
  url: string,
): Promise<{ path: string; cwd: string; pid: number; env: Record<string, string> }> {
  return (await fetch(url)).json() as never;
}

describe('CourseGraders', () => {
  let dir: string;
  let failFlag: string;
  let clock: FakeClock;
  let published: [string, string | null][];
  let graders: CourseGraders;
  let spec: CourseGraderSpec;

  const make = (extra: Partial<CourseGradersOptions> = {}) =>
    new CourseGraders({
      config: new HubConfig(),
      root: join(dir, 'courses'),
      command: [process.execPath, '-e', FAKE_SERVER, failFlag],
      idleTimeoutSeconds: 600,
      startTimeoutSeconds: 10,
      clock,
      publish: async (courseId, url) => {
        published.push([courseId, url]);
      },
      ...extra,
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'course-graders-'));
    failFlag = join(dir, 'fail');
    clock = new FakeClock();
    published = [];
    graders = make();
    spec = {
      courseId: 'phys101',
      graderUser: 'grader-phys101',
      serviceToken: 'service-token-phys101',
      root: join(dir, 'courses'),
    };
  });

  afterEach(async () => {
    await graders.stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the service in the grader home with a managed service environment', async () => {
    await graders.start(spec);
    const { state, url } = graders.state('phys101');
    expect(state).toBe('running');
    expect(published).toEqual([['phys101', url]]);
    const seen = await get(`${url}/services/phys101/`);
    expect(seen.path).toBe('/services/phys101/');
    expect(seen.cwd).toBe(join(dir, 'courses/phys101/grader-home'));
    expect(seen.env).toMatchObject({
      JUPYTERHUB_SERVICE_NAME: 'phys101',
      JUPYTERHUB_SERVICE_PREFIX: '/services/phys101/',
      JUPYTERHUB_SERVICE_URL: url,
      JUPYTERHUB_USER: 'grader-phys101',
      JUPYTERHUB_API_TOKEN: 'service-token-phys101',
      JUPYTERHUB_CLIENT_ID: 'service-phys101',
      JUPYTERHUB_OAUTH_CALLBACK_URL: '/services/phys101/oauth_callback',
      JUPYTERHUB_DEFAULT_URL: '/lab',
      JUPYTERHUB_ROOT_DIR: join(dir, 'courses/phys101'),
      JUPYTER_CONFIG_PATH: join(dir, 'courses/jupyter-config/grader'),
      HOME: join(dir, 'courses/phys101/grader-home'),
      USER: 'grader-phys101',
    });
    expect(seen.env.JUPYTERHUB_ACTIVITY_URL).toBeUndefined();
    // the command's folder comes first, as in an activated venv (nbgrader runs alembic)
    expect(seen.env.PATH.split(':')[0]).toBe(dirname(process.execPath));
  });

  it('runs one process for two starts at once', async () => {
    await Promise.all([graders.start(spec), graders.start(spec)]);
    await graders.start(spec);
    expect(published).toHaveLength(1);
  });

  it('reports why a grader did not start and starts it on the next try', async () => {
    await writeFile(failFlag, '');
    await expect(graders.start(spec)).rejects.toMatchObject({ status: 503 });
    const failed = graders.state('phys101');
    expect(failed.state).toBe('failed');
    expect(failed.reason).toContain('exited with status 3');
    expect(failed.reason).toContain('no module named nbgrader');
    expect(published).toEqual([]);
    await rm(failFlag);
    await graders.start(spec);
    expect(graders.state('phys101')).toMatchObject({ state: 'running' });
  });

  it('stops the process and withdraws the route', async () => {
    await graders.start(spec);
    const { url } = graders.state('phys101');
    const { pid } = await get(`${url}/services/phys101/`);
    await graders.stop('phys101');
    expect(graders.state('phys101')).toEqual({ state: 'stopped' });
    expect(published.at(-1)).toEqual(['phys101', null]);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });

  it('stops a grader unused for grader_idle_timeout and keeps one in use', async () => {
    const other = { ...spec, courseId: 'chem201', graderUser: 'grader-chem201' };
    await graders.start(spec);
    await graders.start(other);
    clock.advance(400_000);
    graders.touch('chem201');
    clock.advance(200_000);
    expect(await graders.cullIdle()).toEqual(['phys101']);
    expect(graders.state('phys101').state).toBe('stopped');
    expect(graders.state('chem201').state).toBe('running');
  });

  it('keeps a grader whose route the proxy saw used, however long since the hub saw it', async () => {
    graders = make({ lastActivity: async () => clock.now().getTime() - 1000 });
    await graders.start(spec);
    clock.advance(3_600_000);
    expect(await graders.cullIdle()).toEqual([]);
    expect(graders.state('phys101').state).toBe('running');
  });

  it('keeps every grader running with an idle timeout of 0', async () => {
    graders = make({ idleTimeoutSeconds: 0 });
    await graders.start(spec);
    clock.advance(10 * 86_400_000);
    expect(await graders.cullIdle()).toEqual([]);
  });

  it('gives course members their role config directory and others nothing', () => {
    expect(graders.nbgraderEnvFor('learner', ['phys101'])).toEqual({
      JUPYTER_CONFIG_PATH: join(dir, 'courses/jupyter-config/learner'),
    });
    expect(graders.nbgraderEnvFor('instructor', [])).toEqual({});
  });

  it('prepares the storage idempotently', async () => {
    await graders.prepareStorage(spec);
    await graders.prepareStorage(spec);
    expect((await stat(join(dir, 'courses/exchange/phys101/inbound'))).mode & 0o7777).toBe(0o2733);
  });
});
