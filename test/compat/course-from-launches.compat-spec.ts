import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { signLaunch } from '../fixtures/lti11/sign-launch';
import { hubApi, until } from './fixtures/hub-api';
import { assignmentNotebook } from './fixtures/nbgrader-course';
import { type RunningOrrery, startOrrery } from './fixtures/orrery-process';

/**
 * The whole course from LMS launches, no hand setup, with the real nbgrader 0.9.6 and the
 * built hub: the instructor's first LTI 1.1 launch (signed by oauthlib) creates the course;
 * opening its service starts the grader (its own environment and token) on demand; there the
 * instructor creates, generates and releases an assignment with a test cell; a learner's launch
 * puts them in the course; they list, fetch and submit it in their own server; the instructor
 * collects and autogrades and reads the grade through the hub; the learner fetches feedback.
 */
const NBGRADER_BIN = path.resolve(__dirname, '../../.venv/nbgrader/bin');
const CONSUMERS = { 'moodle-key': 'moodle-secret' };
/** moodle.json: user 27, Instructor of context 12 labelled PHYS201 */
const COURSE = 'phys201';
const TEACHER = '27';
const LEARNER = '28';

describe('A whole course from LMS launches with the real nbgrader', () => {
  let dir: string;
  let hub: RunningOrrery;
  const tokens: Record<string, string> = {};

  async function as(user: string, method: string, route: string, body?: unknown) {
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
    return { status: response.status, body: text, json: <T>() => JSON.parse(text) as T };
  }

  async function launch(set: Record<string, string> = {}) {
    const url = `${hub.publicUrl}/hub/lti/launch`;
    const form = signLaunch(url, { key: 'moodle-key', secret: 'moodle-secret' }, 'moodle', { set });
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.body,
    });
    expect(response.status).toBe(302);
  }

  async function formgrader(action: string) {
    const answer = await as(TEACHER, 'POST', `/services/${COURSE}/formgrader/api/${action}`);
    expect({ action, status: answer.status }).toEqual({ action, status: 200 });
    const result = answer.json<{ success?: boolean }>();
    if (!result.success) throw new Error(`${action}: ${answer.body}`);
  }

  async function assignmentAction(action: string) {
    const answer = await as(
      LEARNER,
      'POST',
      `/user/${LEARNER}/assignments/${action}`,
      new URLSearchParams({ course_id: COURSE, assignment_id: 'ps1' }),
    );
    expect({ action, status: answer.status }).toEqual({ action, status: 200 });
  }

  async function released() {
    const answer = await as(LEARNER, 'GET', `/user/${LEARNER}/assignments?course_id=${COURSE}`);
    expect(answer.status).toBe(200);
    const list = answer.json<{ value: { assignment_id: string; status: string }[] }>();
    return list.value.map((a) => `${a.assignment_id}:${a.status}`).sort();
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'orrery-course-launch-'));
    // every allocated uid passes through to Courses.root
    chmodSync(dir, 0o711);
    hub = await startOrrery({
      cmd: [path.join(NBGRADER_BIN, 'jupyterhub-singleuser')],
      extra: {
        JupyterHub: {
          authenticator_class: 'lti11',
          load_roles: [
            {
              name: 'compat',
              scopes: ['admin:servers', 'admin:users', 'read:users', 'tokens'],
              services: ['compat'],
            },
            { name: 'course-reader', scopes: ['orrery:read:courses'], services: ['compat'] },
          ],
        },
        LTI11Authenticator: { consumers: CONSUMERS },
        Spawner: { start_timeout: 90 },
        Courses: { enabled: true, root: path.join(dir, 'courses'), grader_idle_timeout: 0 },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("creates the course at the instructor's first launch", async () => {
    await launch();
    const course = await hubApi<{ name: string; staff: string[] }>(
      hub,
      'GET',
      `/courses/${COURSE}`,
    );
    expect(course.status).toBe(200);
    expect(course.json.staff).toEqual([TEACHER]);
    const made = await hubApi<{ token: string }>(hub, 'POST', `/users/${TEACHER}/tokens`, {});
    tokens[TEACHER] = made.json.token;
  });

  it('starts the grader when the instructor opens the course service', async () => {
    const page = await as(TEACHER, 'GET', `/hub/services/${COURSE}/`);
    expect(page.status).toBe(202);
    await until(
      'the grader',
      async () => {
        const { json } = await hubApi<{ grader: { state: string; reason?: string } }>(
          hub,
          'GET',
          `/courses/${COURSE}`,
        );
        if (json.grader.state === 'failed') throw new Error(json.grader.reason);
        return json.grader.state === 'running' || undefined;
      },
      120_000,
    );
    const check = await hubApi<{ problems: string[] }>(hub, 'GET', `/courses/${COURSE}/check`);
    expect(check.json.problems.filter((line) => /grader service/.test(line))).toEqual([]);
  }, 150_000);

  it('creates, generates and releases an assignment with a test cell in the grader', async () => {
    const contents = `/services/${COURSE}/api/contents/source-root/source`;
    for (const folder of [contents, `${contents}/ps1`]) {
      expect([200, 201]).toContain(
        (await as(TEACHER, 'PUT', folder, { type: 'directory' })).status,
      );
    }
    const saved = await as(TEACHER, 'PUT', `${contents}/ps1/ps1.ipynb`, {
      type: 'notebook',
      format: 'json',
      content: assignmentNotebook(),
    });
    expect([200, 201]).toContain(saved.status);
    await formgrader('assignment/ps1/assign');
    await formgrader('assignment/ps1/release');
  }, 120_000);

  it("lets a learner's launch in, who lists, fetches and submits it in their own server", async () => {
    await launch({ user_id: LEARNER, roles: 'Learner' });
    tokens[LEARNER] = (
      await hubApi<{ token: string }>(hub, 'POST', `/users/${LEARNER}/tokens`, {})
    ).json.token;
    expect([201, 202]).toContain((await hubApi(hub, 'POST', `/users/${LEARNER}/server`)).status);
    await until(
      'the learner server',
      async () => {
        const model = await hubApi<{ servers?: Record<string, { ready: boolean }> }>(
          hub,
          'GET',
          `/users/${LEARNER}`,
        );
        return model.json.servers?.['']?.ready || undefined;
      },
      90_000,
    );
    expect(await released()).toEqual(['ps1:released']);
    await assignmentAction('fetch');
    const file = `/user/${LEARNER}/api/contents/${COURSE}/ps1/ps1.ipynb`;
    const notebook = (await as(LEARNER, 'GET', file)).json<{
      content: { cells: { source: string }[] };
    }>().content;
    notebook.cells[0].source = 'def add(a, b):\n    return a + b';
    const put = await as(LEARNER, 'PUT', file, {
      type: 'notebook',
      format: 'json',
      content: notebook,
    });
    expect(put.status).toBe(200);
    await assignmentAction('submit');
    expect(await released()).toContain('ps1:submitted');
  }, 150_000);

  it('lets the instructor collect and autograde; the grade is in formgrader through the hub', async () => {
    await formgrader('assignment/ps1/collect');
    await formgrader(`submission/ps1/${LEARNER}/autograde`);
    const submissions = await as(
      TEACHER,
      'GET',
      `/services/${COURSE}/formgrader/api/submissions/ps1`,
    );
    expect(submissions.status).toBe(200);
    expect(submissions.json<unknown[]>()).toEqual([
      expect.objectContaining({ student: LEARNER, autograded: true, score: 1, max_score: 1 }),
    ]);
  }, 180_000);

  it('gives the learner the feedback', async () => {
    await formgrader('assignment/ps1/generate_feedback');
    await formgrader('assignment/ps1/release_feedback');
    await assignmentAction('fetch_feedback');
    const feedback = await as(
      LEARNER,
      'GET',
      `/user/${LEARNER}/api/contents/${COURSE}/ps1/feedback`,
    );
    expect(feedback.status).toBe(200);
    expect(feedback.json<{ content: unknown[] }>().content).toHaveLength(1);
  }, 180_000);
});
