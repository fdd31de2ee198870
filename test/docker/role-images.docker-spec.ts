import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import {
  docker,
  execute,
  hubApi,
  login,
  newRun,
  removeRunObjects,
  startDockerHub,
  startServer,
  stopServer,
} from './fixtures/docker-hub';

/**
 * Each role image (images/build.sh) spawned through the hub by the docker spawner, chosen by
 * the user's group (image_by_group, as LMS roles become groups): the OAuth dance, a kernel over
 * the WebSocket, and nbgrader's routes as that role should have them, all through the proxy.
 */
/** A route each nbgrader server extension adds; a role's image serves only its own. */
const ROUTES = {
  assignment_list: 'assignments',
  course_list: 'formgraders',
  formgrader: 'formgrader/api/status',
};
const ROLES = [
  { user: 'lena', group: 'learners', image: 'orrery/learner:local', serves: 'assignment_list' },
  { user: 'ian', group: 'instructors', image: 'orrery/instructor:local', serves: 'course_list' },
  { user: 'gus', group: 'graders', image: 'orrery/grader:local', serves: 'formgrader' },
];

describe('role images through the hub', () => {
  const run = newRun();
  let hub: RunningOrrery;

  beforeAll(async () => {
    hub = await startDockerHub(
      run,
      { image_by_group: Object.fromEntries(ROLES.map((role) => [role.group, role.image])) },
      {
        JupyterHub: {
          load_groups: Object.fromEntries(
            ROLES.map((role) => [role.group, { users: [role.user] }]),
          ),
        },
      },
    );
  }, 120_000);

  afterAll(async () => {
    try {
      await hub?.stop();
    } finally {
      removeRunObjects(run);
    }
  }, 60_000);

  it.each(ROLES)(
    '$image: spawned for a user of $group, OAuth and a kernel work, nbgrader as the role wants',
    async (role) => {
      const session = await login(hub, role.user);
      await startServer(hub, role.user);
      expect(docker('inspect', '--format', '{{.Config.Image}}', `jupyter-${role.user}`)).toBe(
        role.image,
      );
      const prefix = `/user/${role.user}/`;
      // a page (not an API path, which answers 403 without a login) starts the OAuth dance
      const dance = await session.visit(`${prefix}files/`);
      expect(dance.hops.map((hop) => hop.split('?')[0])).toContain(`GET ${prefix}oauth_callback`);
      const created = await session.api(`${prefix}api/kernels`, 'POST', {});
      expect(created.status).toBe(201);
      const kernel = JSON.parse(created.body).id as string;
      expect(await execute(hub, session, prefix, kernel, 'import nbgrader; 6 * 7')).toBe('42');
      for (const [extension, route] of Object.entries(ROUTES)) {
        // a route that is there may still refuse a bare GET; only a missing one answers 404
        const served = (await session.visit(`${prefix}${route}`)).status !== 404;
        expect([extension, served]).toEqual([extension, extension === role.serves]);
      }
      await stopServer(hub, role.user);
      expect((await hubApi(hub, 'GET', `/users/${role.user}`)).json.servers).toEqual({});
    },
    240_000,
  );
});
