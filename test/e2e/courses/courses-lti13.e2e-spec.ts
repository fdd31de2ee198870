import { HubProxyService } from '@orrery/runtime';
import { rawQuery } from '@orrery/core';
import { MEMBERS_FROM_LMS } from '@orrery/courses';
import * as fs from 'node:fs';
import { FormBrowser } from '../../fixtures/lti13/form-browser';
import { Lti13Platform, PlatformLaunch, PlatformUser } from '../../fixtures/lti13/lti13-platform';
import { freePort } from '../../contracts/proxy/peers';
import { HubFixture, startHub } from '../fixtures/hub-fixture';
import { killServers, spawnConfig, tempHome } from '../servers-helpers';
import { courseRows, groupMembers } from './courses-helpers';

const V2 = 'http://purl.imsglobal.org/vocab/lis/v2';
const LEARNER = `${V2}/membership#Learner`;
const INSTRUCTOR = `${V2}/membership#Instructor`;
const PHYSICS = { id: 'course-7', label: 'PHY101', title: 'Physics' };
const CHEMISTRY = { id: 'course-8', label: 'CHEM 110', title: 'Chemistry' };

const person = (name: string, roles: string[]): PlatformUser => ({
  sub: `sub-${name}`,
  email: `${name}@example.org`,
  given_name: name,
  roles,
});

describe('courses from LTI 1.3 launches (the jose platform), with manage_groups', () => {
  let hub: HubFixture;
  let home: string;
  let platform: Lti13Platform;

  beforeAll(async () => {
    home = tempHome();
    const hubPort = await freePort();
    const publicPort = await freePort();
    const publicOrigin = `http://127.0.0.1:${publicPort}`;
    platform = await Lti13Platform.start(
      {
        loginUrl: `${publicOrigin}/hub/lti13/oauth_login`,
        redirectUri: `${publicOrigin}/hub/lti13/oauth_callback`,
      },
      () => new Date(),
    );
    hub = await startHub({
      ...spawnConfig(home),
      JupyterHub: {
        authenticator_class: 'lti13',
        bind_url: publicOrigin,
        hub_bind_url: `http://127.0.0.1:${hubPort}`,
      },
      Authenticator: { allow_all: true, manage_groups: true },
      LTI13Authenticator: {
        issuer: platform.issuer,
        client_id: platform.clientId,
        authorize_url: platform.authorizeUrl,
        jwks_endpoint: platform.jwksUrl,
        deployment_ids: [platform.deploymentId],
      },
      // members' spawns make their courses' storage: in the temp home, not the cwd
      Courses: { enabled: true, root: `${home}/courses` },
    });
    await hub.app.listen(hubPort, '127.0.0.1');
    expect(hub.app.get(HubProxyService).publicPort).toBe(publicPort);
  });

  afterAll(async () => {
    if (hub) {
      await killServers(hub);
      await hub.close();
    }
    await platform?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  /** A browser clicking the tool's link; stops when the hub sends it to spawn. */
  async function launch(spec: PlatformLaunch): Promise<void> {
    const leavesLogin = (url: URL) => url.pathname.startsWith('/hub/spawn');
    const visit = await new FormBrowser().open(platform.launchPage(spec), leavesLogin);
    expect(visit.url.pathname).toMatch(/^\/hub\/spawn/);
  }

  it("creates the course at a learner's first launch, identified by issuer and deployment", async () => {
    await launch({ user: person('ada', [LEARNER]), context: PHYSICS });
    expect(await courseRows(hub)).toEqual([
      expect.objectContaining({
        name: 'phy101',
        title: 'Physics',
        lms_platform: `lti13:${platform.issuer}:${platform.deploymentId}`,
        lms_context_id: 'course-7',
      }),
    ]);
    expect(await groupMembers(hub, 'nbgrader-phy101')).toEqual([
      'ada@example.org',
      'grader-phy101',
    ]);
    expect(await groupMembers(hub, 'formgrade-phy101')).toEqual(['grader-phy101']);
  });

  it('puts an instructor in the staff group of the same course', async () => {
    await launch({ user: person('ian', [INSTRUCTOR]), context: PHYSICS });
    expect((await courseRows(hub)).map((course) => course.name)).toEqual(['phy101']);
    expect(await groupMembers(hub, 'formgrade-phy101')).toEqual([
      'grader-phy101',
      'ian@example.org',
    ]);
  });

  it("keeps a person's groups of one course when manage_groups sets them from another's launch", async () => {
    await launch({ user: person('ian', [LEARNER]), context: CHEMISTRY });
    expect((await courseRows(hub)).map((course) => course.name)).toEqual(['phy101', 'chem-110']);
    expect(await groupMembers(hub, 'nbgrader-chem-110')).toContain('ian@example.org');
    expect(await groupMembers(hub, 'formgrade-phy101')).toContain('ian@example.org');
    const model = await hub
      .http()
      .get('/hub/api/users/ian@example.org')
      .set(hub.auth(hub.tokens.adminService))
      .expect(200);
    expect([...model.body.groups].sort()).toEqual(
      ['course-8:learner', 'formgrade-phy101', 'nbgrader-chem-110'].sort(),
    );
  });

  it('refuses API member changes of an LMS course while manage_groups makes the LMS the source', async () => {
    const answer = await hub
      .http()
      .post('/hub/api/courses/phy101/members')
      .set(hub.auth(hub.tokens.admin))
      .send({ role: 'learner', users: ['someone'] });
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({ status: 409, message: MEMBERS_FROM_LMS });
  });

  it("gives a course member's server token what nbgrader needs, and others' none of it", async () => {
    const scopesOfServerToken = async (name: string): Promise<string[]> => {
      await hub
        .http()
        .post(`/hub/api/users/${name}/server`)
        .set(hub.auth(hub.tokens.adminService))
        .expect((answer) => expect([201, 202]).toContain(answer.status));
      const rows = await rawQuery<{ scopes: string }>(
        hub.dataSource,
        'SELECT t.scopes AS scopes FROM api_tokens t JOIN users u ON u.id = t.user_id ' +
          "WHERE u.name = ? AND t.note LIKE 'Server at %'",
        [name],
      );
      return JSON.parse(rows[0].scopes) as string[];
    };
    const member = await scopesOfServerToken('ada@example.org');
    expect(member).toEqual(
      expect.arrayContaining(['read:users:groups!user', 'list:services', 'read:services']),
    );
    await hub.userToken('outsider');
    const outsider = await scopesOfServerToken('outsider');
    expect(outsider).not.toContain('list:services');
    expect(outsider).not.toContain('read:users:groups!user');
  });
});
