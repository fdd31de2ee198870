import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { loginAs } from '../fixtures/browser-login';
import { HubFixture, startHub } from '../fixtures/hub-fixture';
import { childEnv, ensureBuilt, ROOT, run, startUntil, tempDir } from './built-bins';

const REMOTE_BIN = path.join(ROOT, 'bin/orrery-remote.js');

/** `orrery-remote login/status/logout` as a researcher runs them, against a listening hub. */
describe('orrery-remote login, status and logout', () => {
  let hub: HubFixture;
  let hubUrl: string;
  let home: string;
  let env: NodeJS.ProcessEnv;

  const remote = (args: string[], extra: Record<string, string> = {}) =>
    run(REMOTE_BIN, args, { cwd: home, env: { ...env, ...extra } });

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub();
    await hub.app.listen(0, '127.0.0.1');
    hubUrl = `http://127.0.0.1:${(hub.app.getHttpServer().address() as AddressInfo).port}/`;
    home = tempDir('remote');
    env = childEnv({ XDG_CONFIG_HOME: path.join(home, 'config') });
    delete env.ORRERY_REMOTE_TOKEN;
    delete env.ORRERY_REMOTE_HUB;
  }, 300_000);

  afterAll(async () => {
    await hub.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('logs in with a code the user confirms on /hub/device, keeping the token mode 0600', async () => {
    const agent = await startUntil(
      REMOTE_BIN,
      ['login', '--hub', hubUrl],
      /confirm the code [B-Z]{4}-[B-Z]{4}/,
      { cwd: home, env },
    );
    try {
      const userCode = /confirm the code ([B-Z]{4}-[B-Z]{4})/.exec(agent.output())?.[1] as string;
      expect(agent.output()).toContain(`Open ${hubUrl}hub/device?user_code=${userCode}`);
      const alice = await loginAs(hub, 'alice');
      await hub
        .http()
        .post('/hub/device')
        .set({ Cookie: alice.cookie, 'Sec-Fetch-Mode': 'navigate' })
        .type('form')
        .send({ user_code: userCode, decision: 'approve', _xsrf: alice.xsrf })
        .expect(200);
      const code = await new Promise<number | null>((done) => agent.child.once('exit', done));
      expect(code).toBe(0);
      expect(agent.output()).toContain(`Logged in to ${hubUrl} as alice.`);
    } finally {
      await agent.stop();
    }
    const file = path.join(home, 'config/orrery-remote/login.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ hub: hubUrl, user: 'alice' });
  }, 60_000);

  it('status names the user of the stored login, checked at the hub', async () => {
    const ran = await remote(['status']);
    expect([ran.code, ran.stdout.trim()]).toEqual([0, `Logged in to ${hubUrl} as alice.`]);
  });

  it('takes --token or ORRERY_REMOTE_TOKEN instead, and says clearly when the hub refuses it', async () => {
    const bob = await hub.userToken('bob');
    const viaEnv = await remote(['status', '--hub', hubUrl], { ORRERY_REMOTE_TOKEN: bob });
    expect(viaEnv.stdout.trim()).toBe(`Logged in to ${hubUrl} as bob.`);
    const refused = await remote(['status', '--hub', hubUrl, '--token', 'not-a-token']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `orrery-remote: The hub refused the token (expired or revoked): run orrery-remote login --hub ${hubUrl}`,
    );
  });

  it('refuses a login file others can read', async () => {
    const file = path.join(home, 'config/orrery-remote/login.json');
    fs.chmodSync(file, 0o644);
    try {
      const ran = await remote(['status']);
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain('is readable by others');
    } finally {
      fs.chmodSync(file, 0o600);
    }
  });

  it('refuses to send a token over plain http to another machine', async () => {
    const ran = await remote(['login', '--hub', 'http://hub.example.org/']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("Refusing plain http to hub.example.org: use the hub's https URL");
  });

  it('logout forgets the login', async () => {
    expect((await remote(['logout'])).stdout.trim()).toBe('Logged out.');
    const after = await remote(['status']);
    expect([after.code, after.stderr.trim()]).toEqual([
      1,
      'orrery-remote: Not logged in: run orrery-remote login --hub <url>',
    ]);
  });
});
