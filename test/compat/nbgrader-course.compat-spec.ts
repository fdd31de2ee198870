import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HubConfig, SystemClock } from '@orrery/core';
import { CourseGraders } from '../../libs/courses/src/grader/course-graders.service';
import { freePort } from '../contracts/proxy/peers';
import { BrowserSession } from './fixtures/browser-session';
import { hubApi, until } from './fixtures/hub-api';
import { execute } from './fixtures/kernel-execute';
import {
  assignmentNotebook,
  course,
  courseGroups,
  courseRoles,
  type CourseSetup,
} from './fixtures/nbgrader-course';
import { type RunningOrrery, startOrrery } from './fixtures/orrery-process';

/**
 * The whole course with the real nbgrader 0.9.6 and unchanged jupyterhub-singleuser, no
 * browser: the course is set up through config (groups, roles, a service with its token), its
 * grader started through CourseGraders; the instructor creates, generates and releases an
 * assignment with a test cell in the grader's server; the learner lists, fetches and submits it
 * in their own server; the instructor collects and autogrades, reads the grade in formgrader's
 * API and releases feedback, which the learner fetches. Two courses side by side: `lee` is a
 * learner in phys101 and an instructor in chem201, `ada` an instructor of phys101 only, `mo` a
 * learner of phys101 only.
 */
const NBGRADER_BIN = path.resolve(__dirname, '../../.venv/nbgrader/bin');
const asRoot = process.getuid?.() === 0;
/** the graders' uids, outside `LocalProcessSpawner.uid_range` (the hub's allocations) */
const GRADER_UIDS: Record<string, number> = { 'grader-phys101': 880101, 'grader-chem201': 880102 };

const phys = course('phys101', ['lee', 'mo'], ['ada']);
/** 300 groups of other courses and teams; `newbie` is a hub user in none of the course's */
const OTHER_GROUPS = Object.fromEntries(
  Array.from({ length: 300 }, (_, i) => [`team-${i}`, { users: i === 0 ? ['newbie'] : [] }]),
);
const chem = course('chem201', [], ['lee', 'cy']);

interface Answer {
  status: number;
  location?: string;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

describe('A course with the real nbgrader through Orrery', () => {
  let dir: string;
  let root: string;
  let hub: RunningOrrery;
  let graders: CourseGraders;
  /** ada's browser, logged in through the hub's OAuth to phys101's grader */
  let adaBrowser: BrowserSession;
  const tokens: Record<string, string> = {};

  /** A request through the public port with a user's API token, as nbgrader's own UI sends. */
  async function as(user: string, method: string, route: string, body?: unknown): Promise<Answer> {
    const form = body instanceof URLSearchParams;
    const response = await fetch(`${hub.publicUrl}${route}`, {
      method,
      redirect: 'manual',
      headers: {
        authorization: `token ${tokens[user]}`,
        ...(body === undefined
          ? {}
          : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
      },
      body: body === undefined ? undefined : form ? body.toString() : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      location: response.headers.get('location') ?? undefined,
      body: text,
      json: () => JSON.parse(text),
    };
  }

  /** formgrader's API answers 200 with `{success: false}` on failure: both are checked. */
  async function formgrader(user: string, c: CourseSetup, action: string): Promise<unknown> {
    const answer = await as(user, 'POST', `/services/${c.id}/formgrader/api/${action}`);
    expect({ action, status: answer.status }).toEqual({ action, status: 200 });
    const result = answer.json<{ success?: boolean }>();
    if (!result.success) throw new Error(`${action}: ${answer.body}`);
    return result;
  }

  async function assignmentAction(user: string, c: CourseSetup, action: string, id: string) {
    const answer = await as(
      user,
      'POST',
      `/user/${user}/assignments/${action}`,
      new URLSearchParams({ course_id: c.id, assignment_id: id }),
    );
    expect({ action, status: answer.status }).toEqual({ action, status: 200 });
    return answer.json<unknown>();
  }

  async function released(user: string, c: CourseSetup) {
    const answer = await as(user, 'GET', `/user/${user}/assignments?course_id=${c.id}`);
    expect(answer.status).toBe(200);
    const list = answer.json<{
      success: boolean;
      value: { assignment_id: string; course_id: string; status: string }[];
    }>();
    expect(list.success).toBe(true);
    return list.value.map((a) => `${a.course_id}/${a.assignment_id}:${a.status}`).sort();
  }

  /** An instructor writes the source notebook in the grader's server and generates and releases it. */
  async function releaseAssignment(user: string, c: CourseSetup, id: string) {
    const contents = `/services/${c.id}/api/contents/source-root/source`;
    for (const folder of [contents, `${contents}/${id}`]) {
      const made = await as(user, 'PUT', folder, { type: 'directory' });
      expect([200, 201]).toContain(made.status);
    }
    const saved = await as(user, 'PUT', `${contents}/${id}/${id}.ipynb`, {
      type: 'notebook',
      format: 'json',
      content: assignmentNotebook(),
    });
    expect([200, 201]).toContain(saved.status);
    await formgrader(user, c, `assignment/${id}/assign`);
    await formgrader(user, c, `assignment/${id}/release`);
  }

  async function startServer(user: string) {
    expect([201, 202]).toContain((await hubApi(hub, 'POST', `/users/${user}/server`)).status);
    await until(
      `${user}'s server`,
      async () => {
        const model = (
          await hubApi<{ servers?: Record<string, { ready: boolean }> }>(
            hub,
            'GET',
            `/users/${user}`,
          )
        ).json;
        return model.servers?.['']?.ready || undefined;
      },
      90_000,
    );
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'orrery-nbgrader-'));
    // every allocated uid passes through to its own home and to Courses.root
    chmodSync(dir, 0o711);
    root = path.join(dir, 'courses');
    const urls: Record<string, string> = {};
    for (const c of [phys, chem]) urls[c.id] = `http://127.0.0.1:${await freePort()}`;
    const config = new HubConfig();
    graders = new CourseGraders({
      config,
      root,
      command: [path.join(NBGRADER_BIN, 'jupyterhub-singleuser')],
      idleTimeoutSeconds: 0,
      startTimeoutSeconds: 90,
      clock: new SystemClock(),
      allocateUid: async (name) => GRADER_UIDS[name],
      urlFor: async (id) => urls[id],
    });
    // what the integrated hub puts in each member's spawn environment (nbgraderEnvFor), here
    // chosen by a wrapper from JUPYTERHUB_USER: lee is an instructor somewhere, ada too
    const envOf = (role: 'learner' | 'instructor', ids: string[]) =>
      graders.nbgraderEnvFor(role, ids).JUPYTER_CONFIG_PATH;
    const wrapper = path.join(dir, 'singleuser.sh');
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        'case "$JUPYTERHUB_USER" in',
        `  lee|ada) export JUPYTER_CONFIG_PATH=${envOf('instructor', ['phys101', 'chem201'])} ;;`,
        `  *) export JUPYTER_CONFIG_PATH=${envOf('learner', ['phys101'])} ;;`,
        'esac',
        `exec ${path.join(NBGRADER_BIN, 'jupyterhub-singleuser')} "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    hub = await startOrrery({
      cmd: [wrapper],
      services: [phys, chem].map((c) => ({
        name: c.id,
        url: urls[c.id],
        api_token: c.serviceToken,
        oauth_no_confirm: true,
      })),
      extra: {
        JupyterHub: {
          load_groups: {
            ...courseGroups(phys),
            ...courseGroups(chem),
            // more groups than a page of GET /groups: nbgrader's enrolment reads one page
            ...OTHER_GROUPS,
          },
          load_roles: [
            {
              name: 'compat',
              scopes: ['admin:servers', 'admin:users', 'read:users', 'read:tokens', 'tokens'],
              services: ['compat'],
            },
            ...courseRoles(phys),
            ...courseRoles(chem),
          ],
        },
        // what the courses side gives every member's server token (nbgrader reads groups and services)
        Spawner: {
          server_token_scopes: [
            'users:activity!user',
            'access:servers!server',
            'read:users:groups!user',
            'list:services',
            'read:services',
          ],
        },
      },
    });
    config.JupyterHub.hub_bind_url = hub.hubUrl;
    for (const user of ['ada', 'lee', 'cy', 'mo']) {
      const made = await hubApi<{ token: string }>(hub, 'POST', `/users/${user}/tokens`, {});
      expect(made.status).toBe(201);
      tokens[user] = made.json.token;
    }
    for (const c of [phys, chem]) {
      await graders.prepareStorage({
        courseId: c.id,
        graderUser: c.graderUser,
        serviceToken: c.serviceToken,
        root,
      });
      await graders.start({
        courseId: c.id,
        graderUser: c.graderUser,
        serviceToken: c.serviceToken,
        root,
      });
    }
    await Promise.all([startServer('lee'), startServer('ada'), startServer('mo')]);
  }, 300_000);

  afterAll(async () => {
    await graders?.stopAll();
    await hub?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('runs each grader as a hub service that reports running', () => {
    expect(graders.state('phys101')).toMatchObject({ state: 'running' });
    expect(graders.state('chem201')).toMatchObject({ state: 'running' });
  });

  (asRoot ? it : it.skip)("keeps the course's sources to its grader's uid", () => {
    const sources = statSync(path.join(root, 'phys101', 'source-root'));
    expect(sources.uid).toBe(GRADER_UIDS['grader-phys101']);
    expect(sources.mode & 0o077).toBe(0);
  });

  it('refuses formgrader to a learner of the course and to an instructor of another', async () => {
    expect((await as('lee', 'GET', '/services/phys101/formgrader')).status).toBe(403);
    expect((await as('cy', 'GET', '/services/phys101/formgrader')).status).toBe(403);
    const page = await as('ada', 'GET', '/services/phys101/formgrader');
    expect(page.location).toBe('/services/phys101/formgrader/manage_assignments');
    expect((await as('ada', 'GET', page.location as string)).status).toBe(200);
    expect((await as('cy', 'GET', '/services/chem201/formgrader/api/status')).json()).toEqual({
      status: true,
    });
  });

  it("lets the course's instructor in through the hub's OAuth with a browser cookie", async () => {
    const session = (adaBrowser = new BrowserSession(hub.publicUrl));
    await session.visit('/hub/login');
    const xsrf = session.xsrfToken();
    await session.visit('/hub/login?next=%2Fhub%2Fhome', {
      username: 'ada',
      password: 'ada-password-1',
      _xsrf: xsrf,
    });
    const page = await session.visit('/services/phys101/formgrader');
    expect(page.status).toBe(200);
    expect(page.url).toBe('/services/phys101/formgrader/manage_assignments');
    // no confirmation page on the way: the course service is oauth_no_confirm
    expect(page.hops.some((hop) => hop.includes('/hub/api/oauth2/authorize'))).toBe(true);
    expect(page.body).toContain('Manage Assignments');
  });

  it("lets formgrader be framed by pages of the hub and the members' servers by none", async () => {
    const grader = await fetch(`${hub.publicUrl}/services/phys101/formgrader`, {
      headers: { authorization: `token ${tokens.ada}` },
    });
    expect(grader.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
    const own = await fetch(`${hub.publicUrl}/user/ada/api/status`, {
      headers: { authorization: `token ${tokens.ada}` },
    });
    expect(own.headers.get('content-security-policy')).toMatch(/^frame-ancestors 'none'/);
  });

  it('creates, generates and releases an assignment with a test cell in the grader', async () => {
    await releaseAssignment('ada', phys, 'ps1');
    await releaseAssignment('cy', chem, 'hw1');
    expect(await released('lee', phys)).toEqual(['phys101/ps1:released']);
  }, 120_000);

  it('lets the learner fetch, answer and submit it in their own server', async () => {
    await assignmentAction('lee', phys, 'fetch', 'ps1');
    const file = '/user/lee/api/contents/phys101/ps1/ps1.ipynb';
    const fetched = await as('lee', 'GET', file);
    expect(fetched.status).toBe(200);
    const notebook = fetched.json<{ content: { cells: { source: string }[] } }>().content;
    expect(notebook.cells[0].source).toContain('raise NotImplementedError');
    notebook.cells[0].source = 'def add(a, b):\n    return a + b';
    expect(
      (await as('lee', 'PUT', file, { type: 'notebook', format: 'json', content: notebook }))
        .status,
    ).toBe(200);
    await assignmentAction('lee', phys, 'submit', 'ps1');
    expect(await released('lee', phys)).toContain('phys101/ps1:submitted');
  }, 120_000);

  it('lets the instructor collect and autograde, and shows the grade in formgrader', async () => {
    await formgrader('ada', phys, 'assignment/ps1/collect');
    await formgrader('ada', phys, 'submission/ps1/lee/autograde');
    const submissions = await as('ada', 'GET', '/services/phys101/formgrader/api/submissions/ps1');
    expect(submissions.status).toBe(200);
    expect(submissions.json<unknown[]>()).toEqual([
      expect.objectContaining({ student: 'lee', autograded: true, score: 1, max_score: 1 }),
    ]);
  }, 180_000);

  it('gives the learner the feedback the instructor released', async () => {
    await formgrader('ada', phys, 'assignment/ps1/generate_feedback');
    await formgrader('ada', phys, 'assignment/ps1/release_feedback');
    await assignmentAction('lee', phys, 'fetch_feedback', 'ps1');
    const feedback = await as('lee', 'GET', '/user/lee/api/contents/phys101/ps1/feedback');
    expect(feedback.status).toBe(200);
    const [stamp] = feedback.json<{ content: { name: string }[] }>().content;
    const html = await as(
      'lee',
      'GET',
      `/user/lee/api/contents/phys101/ps1/feedback/${stamp.name}/ps1.html`,
    );
    expect(html.status).toBe(200);
  }, 180_000);

  it('enrols a student with nbgrader db student add among 300 other groups', async () => {
    // formgrader's own Manage Students page in 0.9.6 builds its gradebook without the
    // authenticator, so the hub hears of a student from the command line, in the grader
    const created = await adaBrowser.api('/services/phys101/api/kernels', 'POST', {});
    expect(created.status).toBe(201);
    const kernel = JSON.parse(created.body).id as string;
    const code =
      "import subprocess, os; p = subprocess.run(['nbgrader', 'db', 'student', 'add', 'newbie'], " +
      "cwd=os.environ['HOME'], capture_output=True, text=True); p.returncode";
    expect(await execute(hub, adaBrowser, '/services/phys101/', kernel, code, 60_000)).toBe('0');
    const user = await hubApi<{ groups: string[] }>(hub, 'GET', '/users/newbie');
    expect(user.json.groups).toContain('nbgrader-phys101');
  }, 90_000);

  (asRoot ? it : it.skip)(
    "keeps the course's sources and other learners' submissions from a learner's uid",
    () => {
      const uid = statSync(path.join(hub.dir, 'home', 'mo')).uid;
      const asMo = (...argv: string[]) =>
        spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...argv], {
          encoding: 'utf8',
        });
      const source = path.join(root, 'phys101/source-root/source/ps1/ps1.ipynb');
      expect(asMo('cat', source).stderr).toMatch(/Permission denied/);
      expect(asMo('ls', path.join(root, 'exchange/phys101/inbound')).stderr).toMatch(
        /Permission denied/,
      );
      // what the learners are given stays readable
      expect(asMo('ls', path.join(root, 'exchange/phys101/outbound/ps1')).stdout).toContain(
        'ps1.ipynb',
      );
    },
  );

  it('shows each person exactly their own courses side by side', async () => {
    const courses = async (user: string) => {
      const answer = (await as(user, 'GET', `/user/${user}/courses`)).json<{ value: string[] }>();
      return [...answer.value].sort();
    };
    const formgraders = async (user: string) => {
      const answer = (await as(user, 'GET', `/user/${user}/formgraders`)).json<{
        value: { course_id: string }[];
      }>();
      return answer.value.map((c) => c.course_id).sort();
    };
    expect(await courses('lee')).toEqual(['chem201', 'phys101']);
    expect(await courses('ada')).toEqual(['phys101']);
    expect(await formgraders('lee')).toEqual(['chem201', 'phys101']);
    expect(await formgraders('ada')).toEqual(['phys101']);
    // a learner's server has no course list at all
    expect((await as('mo', 'GET', '/user/mo/formgraders')).status).toBe(404);
    expect(await courses('mo')).toEqual(['phys101']);
    expect(await released('mo', phys)).toEqual(['phys101/ps1:released']);
    expect(await released('lee', chem)).toEqual(['chem201/hw1:released']);
    // asked by name, a course ada is not in lists nothing
    expect(await released('ada', chem)).toEqual([]);
  }, 60_000);
});
