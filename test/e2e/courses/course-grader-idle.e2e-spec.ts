import { HubProxyService } from '@orrery/runtime';
import * as path from 'node:path';
import { HubFixture } from '../fixtures/hub-fixture';
import { listeningServerHub } from '../fixtures/lti11-launch';
import { spawnConfig, viaProxy } from '../servers-helpers';

/**
 * `Courses.grader_idle_timeout` with the wired runtime: requests through the grader's route
 * (the proxy's last_activity, which the hub never sees) keep it running; without them it is
 * stopped and its route taken away. The grader is a stand-in process answering on its URL.
 */
const FAKE_GRADER = `
const url = new URL(process.env.JUPYTERHUB_SERVICE_URL);
require('node:http').createServer((req, res) => res.end('formgrader')).listen(Number(url.port), url.hostname);
`;
const IDLE_SECONDS = 2;

describe('course graders stop after Courses.grader_idle_timeout without use', () => {
  let hub: HubFixture;
  const admin = () => hub.auth(hub.tokens.admin);
  const state = async () =>
    (await hub.http().get('/hub/api/courses/idle-1').set(admin()).expect(200)).body.grader.state;
  const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

  listeningServerHub(
    (home, hubBindUrl) => ({
      ...spawnConfig(home),
      JupyterHub: { hub_bind_url: hubBindUrl },
      Courses: {
        enabled: true,
        root: path.join(home, 'courses'),
        grader_cmd: [process.execPath, '-e', FAKE_GRADER],
        grader_idle_timeout: IDLE_SECONDS,
      },
    }),
    (started) => (hub = started),
  );

  it('keeps a grader in use through its route running, and stops it once unused', async () => {
    await hub.http().post('/hub/api/courses/idle-1').set(admin()).send({}).expect(201);
    await hub.http().post('/hub/api/courses/idle-1/grader').set(admin()).expect(200);
    // used through the proxy for twice the idle timeout: still running
    for (let i = 0; i < 8; i++) {
      expect((await viaProxy(hub, '/services/idle-1/')).body).toBe('formgrader');
      await sleep(500);
    }
    expect(await state()).toBe('running');
    // then unused: stopped within the timeout plus a few cull rounds
    for (let i = 0; i < 40 && (await state()) === 'running'; i++) await sleep(250);
    expect(await state()).toBe('stopped');
    const routes = await hub.app.get(HubProxyService).routes();
    expect(Object.keys(routes)).not.toContain('/services/idle-1/');
  }, 30_000);
});
