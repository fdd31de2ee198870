import { TokensService } from '@orrery/api';
import { rawQuery, ServiceEntity } from '@orrery/core';
import { CourseRecords, CoursesService } from '@orrery/courses';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { HubFixture, startHub } from '../fixtures/hub-fixture';
import { tempHome } from '../servers-helpers';
import { courseRows, groupMembers, groupNames } from './courses-helpers';

describe('/hub/api/courses (Orrery extension) and Courses.courses', () => {
  let hub: HubFixture;
  let dataDir: string;
  const admin = () => hub.auth(hub.tokens.admin);

  beforeAll(async () => {
    dataDir = tempHome();
    hub = await startHub({
      JupyterHub: { data_dir: dataDir },
      Courses: {
        enabled: true,
        grader_cmd: [path.join(dataDir, 'no-such-grader')],
        courses: [
          { name: 'workshop', title: 'Workshop', instructors: ['wendy'], learners: ['lee', 'lou'] },
        ],
      },
    });
  });

  afterAll(async () => {
    await hub?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the courses of Courses.courses at start with their members', async () => {
    const answer = await hub.http().get('/hub/api/courses/workshop').set(admin()).expect(200);
    expect(answer.body).toMatchObject({
      kind: 'course',
      name: 'workshop',
      title: 'Workshop',
      lms: null,
      archived: null,
      service: 'workshop',
      groups: { staff: 'formgrade-workshop', learners: 'nbgrader-workshop' },
      grader: { user: 'grader-workshop', state: 'stopped' },
      staff: ['wendy'],
      learners: ['lee', 'lou'],
    });
  });

  it('lists courses for orrery:read:courses and refuses a caller without it', async () => {
    const list = await hub.http().get('/hub/api/courses').set(admin()).expect(200);
    expect(list.body.map((course: { name: string }) => course.name)).toEqual(['workshop']);
    const refused = await hub.http().get('/hub/api/courses').set(hub.auth(hub.tokens.alice));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      status: 403,
      message: expect.stringContaining('orrery:read:courses'),
    });
  });

  it('creates a course, adds and removes members by role, and answers 409 for a taken id', async () => {
    await hub
      .http()
      .post('/hub/api/courses/bio-1')
      .set(admin())
      .send({ title: 'Biology' })
      .expect(201);
    await hub.http().post('/hub/api/courses/bio-1').set(admin()).send({}).expect(409);
    await hub
      .http()
      .post('/hub/api/courses/bio-1/members')
      .set(admin())
      .send({ role: 'ta', users: ['tara'] })
      .expect(200);
    const added = await hub
      .http()
      .post('/hub/api/courses/bio-1/members')
      .set(admin())
      .send({ role: 'learner', users: ['lee'] })
      .expect(200);
    expect(added.body).toMatchObject({ staff: ['tara'], learners: ['lee'] });
    const removed = await hub
      .http()
      .delete('/hub/api/courses/bio-1/members')
      .set(admin())
      .send({ users: ['lee'] })
      .expect(200);
    expect(removed.body).toMatchObject({ staff: ['tara'], learners: [] });
    expect(await groupMembers(hub, 'nbgrader-workshop')).toContain('lee');
  });

  it.each([
    ['an unsafe id', '/hub/api/courses/Bad%20Id', {}, 400],
    ['an unknown course', '/hub/api/courses/none/members', { role: 'learner', users: ['x'] }, 404],
    ['an unknown role', '/hub/api/courses/bio-1/members', { role: 'dean', users: ['x'] }, 400],
    ['no users', '/hub/api/courses/bio-1/members', { role: 'learner', users: [] }, 400],
  ])('refuses %s with a JupyterHub-shaped error', async (_what, url, body, status) => {
    const answer = await hub.http().post(url).set(admin()).send(body);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ status, message: expect.any(String) });
  });

  it('answers a grader that cannot start with 503 and why, in words', async () => {
    const answer = await hub.http().post('/hub/api/courses/bio-1/grader').set(admin());
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      status: 503,
      message: expect.stringContaining('The grader service of bio-1 did not start'),
    });
  });

  it('archives a course: kept, marked, its grader stopped', async () => {
    const answer = await hub.http().post('/hub/api/courses/bio-1/archive').set(admin()).expect(200);
    expect(answer.body.archived).toEqual(expect.any(String));
    expect(answer.body.grader.state).toBe('stopped');
    const start = await hub.http().post('/hub/api/courses/bio-1/grader').set(admin());
    expect(start.status).toBe(409);
  });

  it('deletes a course with its data, leaving no group, role, service or grader behind', async () => {
    await hub.http().post('/hub/api/courses/chem').set(admin()).expect(201);
    const folder = path.join(dataDir, 'courses', 'chem', 'source-root');
    fs.mkdirSync(folder, { recursive: true });
    await hub.http().delete('/hub/api/courses/chem?data=true').set(admin()).expect(204);
    expect((await courseRows(hub)).map((course) => course.name)).not.toContain('chem');
    expect((await groupNames(hub)).filter((name) => name.endsWith('-chem'))).toEqual([]);
    const left = await rawQuery<{ n: unknown }>(
      hub.dataSource,
      "SELECT COUNT(*) AS n FROM roles WHERE name LIKE '%-chem'",
    );
    expect(Number(left[0].n)).toBe(0);
    await hub.http().get('/hub/api/services/chem').set(admin()).expect(404);
    await hub.http().get('/hub/api/users/grader-chem').set(admin()).expect(404);
    expect(fs.existsSync(path.join(dataDir, 'courses', 'chem'))).toBe(false);
  });

  it('deletes a course without its data when not asked to', async () => {
    await hub.http().post('/hub/api/courses/geo').set(admin()).expect(201);
    const folder = path.join(dataDir, 'courses', 'geo', 'source-root');
    fs.mkdirSync(folder, { recursive: true });
    await hub.http().delete('/hub/api/courses/geo').set(admin()).expect(204);
    await hub.http().get('/hub/api/courses/geo').set(admin()).expect(404);
    expect(fs.existsSync(folder)).toBe(true);
  });

  it("lets the grader service's token run nbgrader's JupyterHubAuthPlugin calls among 300 other groups", async () => {
    await hub.http().post('/hub/api/courses/sci').set(admin()).expect(201);
    const values = Array.from({ length: 300 }, (_, i) => `('other-${i}', '{}')`).join(', ');
    await rawQuery(hub.dataSource, `INSERT INTO groups (name, properties) VALUES ${values}`);
    await hub.http().post('/hub/api/users/newkid').set(admin()).expect(201);
    const { serviceToken } = await hub.app.get(CoursesService).graderSpec('sci');
    const asGrader = { Authorization: `token ${serviceToken}` };

    // get_student_courses('*'): the grader account's own groups name the course
    const self = await hub.http().get('/hub/api/users/grader-sci').set(asGrader).expect(200);
    expect([...self.body.groups].sort()).toEqual(['formgrade-sci', 'nbgrader-sci']);
    // add_student_to_course: GET /groups (no pagination header) sees the course's group ...
    const groups = await hub.http().get('/hub/api/groups').set(asGrader).expect(200);
    expect(groups.body.map((group: { name: string }) => group.name).sort()).toEqual([
      'formgrade-sci',
      'nbgrader-sci',
    ]);
    // ... so it does not try to create it, and enrols the student
    await hub
      .http()
      .post('/hub/api/groups/nbgrader-sci/users')
      .set(asGrader)
      .send({ users: ['newkid'] })
      .expect(200);
    const kid = await hub.http().get('/hub/api/users/newkid').set(asGrader).expect(200);
    expect(kid.body.groups).toEqual(['nbgrader-sci']);
    // remove_student_from_course
    await hub
      .http()
      .delete('/hub/api/groups/nbgrader-sci/users')
      .set(asGrader)
      .send({ users: ['newkid'] })
      .expect(200);
    expect(await groupMembers(hub, 'nbgrader-sci')).toEqual(['grader-sci']);
    // and nothing of other courses or groups
    const other = await hub
      .http()
      .post('/hub/api/groups/other-1/users')
      .set(asGrader)
      .send({ users: ['newkid'] });
    expect([403, 404]).toContain(other.status);
    const staff = await hub
      .http()
      .post('/hub/api/groups/formgrade-sci/users')
      .set(asGrader)
      .send({ users: ['newkid'] });
    expect([403, 404]).toContain(staff.status);
  });

  describe('GET /hub/api/courses/:id/check', () => {
    it('reports every problem in words: storage, group, token', async () => {
      await hub.http().post('/hub/api/courses/phys').set(admin()).expect(201);
      const fresh = await hub.http().get('/hub/api/courses/phys/check').set(admin()).expect(200);
      expect(fresh.body.ok).toBe(false);
      // the shared exchange root exists since bio-1's grader start prepared its storage
      expect(fresh.body.problems).toEqual([
        expect.stringMatching(/^The course directory .*phys.source-root is missing\.$/),
        expect.stringMatching(/^The grader's home .*phys.grader-home is missing\.$/),
      ]);

      await rawQuery(
        hub.dataSource,
        'DELETE FROM user_group_map WHERE group_id = (SELECT id FROM groups WHERE name = ?)',
        ['formgrade-phys'],
      );
      const service = await hub.dataSource
        .getRepository(ServiceEntity)
        .findOneByOrFail({ name: 'phys' });
      await hub.app.get(TokensService).issue({
        owner: { serviceId: service.id },
        scopes: ['list:groups!group=nbgrader-phys'],
        note: 'narrow',
      });
      const broken = await hub.http().get('/hub/api/courses/phys/check').set(admin()).expect(200);
      expect(broken.body.problems).toEqual(
        expect.arrayContaining([
          'The grader account grader-phys is not in formgrade-phys, so nbgrader shows released assignments as drafts.',
          expect.stringMatching(
            /^A token of the hub service phys \(narrow\) lacks .*groups!group=nbgrader-phys.*, which nbgrader needs\.$/,
          ),
        ]),
      );
    });

    it('reports a person whose launch role is not their group', async () => {
      const created = await hub.app.get(DataSource).transaction(async (manager) => {
        const course = await hub.app.get(CourseRecords).fromLaunch(manager, {
          id: 'ctx-9',
          label: 'MATH9',
          title: null,
          roles: [],
          platform: 'lti11:k',
        });
        return course.name;
      });
      await rawQuery(hub.dataSource, 'UPDATE users SET user_info = ? WHERE name = ?', [
        JSON.stringify({ courses: [{ id: 'ctx-9', platform: 'lti11:k', roles: ['learner'] }] }),
        'lou',
      ]);
      const answer = await hub
        .http()
        .get(`/hub/api/courses/${created}/check`)
        .set(admin())
        .expect(200);
      expect(answer.body.problems).toContain(
        `lou launched as learner but is not in nbgrader-${created}.`,
      );
    });
  });
});
