import type { BrowserSession } from '../compat/fixtures/browser-session';
import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import {
  BASE_IMAGE,
  docker,
  execute,
  hubApi,
  login,
  newRun,
  progressEvents,
  removeRunObjects,
  runContainers,
  runVolumes,
  startDockerHub,
  startServer,
  stopServer,
  waitReady,
} from './fixtures/docker-hub';

/**
 * The docker spawner against the real Docker Engine with the offline base image: a real
 * jupyterhub-singleuser in a container, used through Orrery's proxy the way a browser does.
 */
const LEARNER_IMAGE = 'orrery/learner:local';
const INSTRUCTOR_IMAGE = 'orrery/instructor:local';
const imageOf = (container: string) =>
  docker('inspect', '--format', '{{.Config.Image}}', container);

describe('docker spawner with a per-user named volume', () => {
  const run = newRun();
  const alice = 'alice';
  let hub: RunningOrrery;
  let session: BrowserSession;

  beforeAll(async () => {
    hub = await startDockerHub(
      run,
      {
        volumes: { [`${run}-{username}`]: '/home/jovyan' },
        allowed_images: { Base: BASE_IMAGE, Learner: LEARNER_IMAGE },
        image_by_group: { instructors: INSTRUCTOR_IMAGE },
        mem_limit: '1G',
        post_start_cmd: 'echo "$JUPYTERHUB_USER" > /tmp/post-start',
      },
      // a start answers 202 at once, so its progress stream can be followed from the start
      { JupyterHub: { slow_spawn_timeout: 0, load_groups: { instructors: { users: ['ivy'] } } } },
    );
    session = await login(hub, alice);
  }, 120_000);

  afterAll(async () => {
    try {
      await hub?.stop();
    } finally {
      removeRunObjects(run);
    }
  }, 60_000);

  it('spawns a container through the API; the OAuth dance and a kernel work through the proxy', async () => {
    expect((await hubApi(hub, 'POST', `/users/${alice}/server`)).status).toBe(202);
    const messages = (await progressEvents(hub, alice)).map((event) => event.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Checking image orrery/singleuser-base:local',
        `Creating container jupyter-${alice}`,
        `Starting container jupyter-${alice}`,
        `Server ready at /user/${alice}/`,
      ]),
    );
    const server = await waitReady(hub, alice);
    expect(server.url).toBe(`/user/${alice}/`);
    expect(runContainers(run)).toEqual([`jupyter-${alice} running`]);
    expect(docker('inspect', '--format', '{{.HostConfig.Memory}}', `jupyter-${alice}`)).toBe(
      String(1024 ** 3),
    );
    expect(docker('exec', `jupyter-${alice}`, 'cat', '/tmp/post-start')).toBe(alice);
    const dance = await session.visit(`/user/${alice}/files/`);
    expect(dance.hops.map((hop) => hop.split('?')[0])).toEqual(
      expect.arrayContaining([
        'GET /hub/api/oauth2/authorize',
        `GET /user/${alice}/oauth_callback`,
      ]),
    );
    const created = await session.api(`/user/${alice}/api/kernels`, 'POST', {});
    expect(created.status).toBe(201);
    const kernel = JSON.parse(created.body).id as string;
    const code =
      "import os; open('kept.txt', 'w').write('written by ' + os.environ['JUPYTERHUB_USER'])";
    expect(Number(await execute(hub, session, `/user/${alice}/`, kernel, code))).toBeGreaterThan(0);
    expect(await execute(hub, session, `/user/${alice}/`, kernel, 'import os; os.getuid()')).toBe(
      '1000',
    );
  }, 180_000);

  it('runs the image of the first configured group the user is in', async () => {
    expect((await hubApi(hub, 'POST', '/users/ivy/server')).status).toBe(202);
    await waitReady(hub, 'ivy');
    expect(imageOf('jupyter-ivy')).toBe(INSTRUCTOR_IMAGE);
    await stopServer(hub, 'ivy');
  }, 180_000);

  it('offers allowed_images on the spawn form and runs the chosen one', async () => {
    const form = await session.visit(`/hub/spawn/${alice}/lab`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('<option value="Learner">Learner</option>');
    const xsrf = session.xsrfToken(`/hub/spawn/${alice}/lab`);
    await session.visit(`/hub/spawn/${alice}/lab`, { image: 'Learner', _xsrf: xsrf });
    await waitReady(hub, alice, 'lab');
    expect(imageOf(`jupyter-${alice}--lab`)).toBe(LEARNER_IMAGE);
    await stopServer(hub, alice, 'lab');
  }, 180_000);

  it('keeps a running container through a kill -9 and restart of the hub', async () => {
    const before = docker('inspect', '--format', '{{.Id}}', `jupyter-${alice}`);
    await hub.kill9();
    await hub.restart();
    const server = (await hubApi(hub, 'GET', `/users/${alice}`)).json.servers?.[''];
    expect(server).toMatchObject({ ready: true });
    expect((await session.api(`/user/${alice}/api/status`)).status).toBe(200);
    expect(docker('inspect', '--format', '{{.Id}} {{.State.Running}}', `jupyter-${alice}`)).toBe(
      `${before} true`,
    );
  }, 120_000);

  it('stops the container and, started again, finds the file in the named volume', async () => {
    await stopServer(hub, alice);
    expect(runContainers(run)).toContain(`jupyter-${alice} exited`);
    expect(runVolumes(run)).toContain(`${run}-${alice}`);
    await startServer(hub, alice);
    await session.visit(`/user/${alice}/files/`);
    const file = await session.api(`/user/${alice}/api/contents/kept.txt?content=1`);
    expect(file.status).toBe(200);
    expect(JSON.parse(file.body).content).toBe(`written by ${alice}`);
    // the container of the earlier start was replaced, not kept beside the new one
    expect(runContainers(run).filter((c) => c.startsWith(`jupyter-${alice} `))).toEqual([
      `jupyter-${alice} running`,
    ]);
  }, 180_000);

  it('forgets a container removed behind its back: the server is reported stopped', async () => {
    docker('rm', '-f', `jupyter-${alice}`);
    // the hub notices at its next poll of the server; a start asks at once
    const again = await hubApi(hub, 'POST', `/users/${alice}/server`);
    expect([201, 202]).toContain(again.status);
    await waitReady(hub, alice);
    expect(runContainers(run)).toContain(`jupyter-${alice} running`);
    await stopServer(hub, alice);
  }, 180_000);
});
