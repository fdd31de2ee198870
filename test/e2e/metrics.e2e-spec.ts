import { Logger } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { submitLoginForm } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { serverHub, spawnConfig } from './servers-helpers';

/** Python prometheus_client's own text parser (from the pinned jupyterhub venv), not ours. */
const PYTHON = path.resolve(__dirname, '../../.venv/jupyterhub/bin/python');
const PARSE = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    # a family with no samples yet still declares its type
    out.append([family.name, family.type, None, {}, 0])
    for s in family.samples:
        out.append([family.name, family.type, s.name, s.labels, s.value])
print(json.dumps(out))
`;

type Sample = [
  family: string,
  type: string,
  name: string,
  labels: Record<string, string>,
  value: number,
];

function parse(text: string): Sample[] {
  return JSON.parse(execFileSync(PYTHON, ['-c', PARSE], { input: text }).toString());
}

/** The value of sample `name` with exactly `labels`, 0 when absent (a label set not yet seen). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    ([, , sampleName, sampleLabels]) =>
      sampleName === name && JSON.stringify(sampleLabels) === JSON.stringify(labels),
  );
  return found ? found[4] : 0;
}

describe('/hub/metrics', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => spawnConfig(dir, '', { args: [], http_timeout: 1 }),
    (started) => (hub = started),
  );
  const scrape = async () =>
    parse((await hub.http().get('/hub/metrics').set(hub.auth(hub.tokens.admin)).expect(200)).text);

  it('declares JupyterHub metric names and types, parsed by prometheus_client', async () => {
    const families = new Map((await scrape()).map(([family, type]) => [family, type]));
    expect(Object.fromEntries(families)).toMatchObject({
      jupyterhub_server_spawn_duration_seconds: 'histogram',
      jupyterhub_server_stop_seconds: 'histogram',
      jupyterhub_login_duration_seconds: 'histogram',
      jupyterhub_request_duration_seconds: 'histogram',
      jupyterhub_running_servers: 'gauge',
      jupyterhub_total_users: 'gauge',
      orrery_proxy_requests: 'counter',
      orrery_proxy_bytes: 'counter',
    });
  });

  it('moves each metric by one after a spawn, a failed spawn, a stop and a login', async () => {
    const before = await scrape();
    const admin = hub.auth(hub.tokens.admin);
    await hub.userToken('ok-metrics', []);
    await hub.userToken('exit-metrics', []);
    expect(
      (await submitLoginForm(hub, { username: 'metrics-login', password: 'metrics-login-secret' }))
        .status,
    ).toBe(302);
    await hub.http().post('/hub/api/users/ok-metrics/server').set(admin).expect(201);
    const running = await scrape();
    await hub.http().post('/hub/api/users/exit-metrics/server').set(admin).expect(500);
    await hub.http().delete('/hub/api/users/ok-metrics/server').set(admin).expect(204);
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    expect(
      moved('jupyterhub_server_spawn_duration_seconds_count', { status: 'success', reason: '' }),
    ).toBe(1);
    expect(
      moved('jupyterhub_server_spawn_duration_seconds_count', { status: 'error', reason: '' }),
    ).toBe(1);
    expect(
      moved('jupyterhub_server_spawn_duration_seconds_count', { status: 'failure', reason: '' }),
    ).toBe(0);
    expect(moved('jupyterhub_server_stop_seconds_count', { status: 'success' })).toBe(1);
    expect(moved('jupyterhub_login_duration_seconds_count', { status: 'success' })).toBe(1);
    expect(moved('jupyterhub_login_duration_seconds_count', { status: 'failure' })).toBe(0);
    expect(
      value(running, 'jupyterhub_running_servers') - value(before, 'jupyterhub_running_servers'),
    ).toBe(1);
    expect(value(after, 'jupyterhub_running_servers')).toBe(
      value(before, 'jupyterhub_running_servers'),
    );
    // two users made by tokens, one by the login
    expect(moved('jupyterhub_total_users', {})).toBe(3);
  });

  it('answers 403 without a credential or without read:metrics', async () => {
    await hub.http().get('/hub/metrics').expect(403);
    const narrow = await hub.userToken('no-metrics', ['read:users:name!user=no-metrics']);
    await hub.http().get('/hub/metrics').set(hub.auth(narrow)).expect(403);
    // root is an admin, whose role holds read:metrics
    const reader = await hub.userToken('root', ['read:metrics']);
    await hub.http().get('/hub/metrics').set(hub.auth(reader)).expect(200);
  });
});

describe('request log lines and request durations', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub({})));
  afterAll(() => hub.close());
  afterEach(() => jest.restoreAllMocks());

  it('logs one info line per request with method, redacted path, status, ms and user', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    await hub
      .http()
      .get('/hub/api/users/alice?token=secret-in-query')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    const lines = logged.mock.calls
      .map(([fields]) => fields as { path?: string })
      .filter(
        (fields) => typeof fields === 'object' && fields.path?.startsWith('/hub/api/users/alice'),
      );
    expect(lines).toEqual([
      {
        message: expect.stringMatching(
          /^200 GET \/hub\/api\/users\/alice\?token=\[secret\] \(root@127\.0\.0\.1\) \d+\.\d\dms$/,
        ),
        method: 'GET',
        path: '/hub/api/users/alice?token=[secret]',
        status: 200,
        ms: expect.any(Number),
        user: 'root',
      },
    ]);
    expect(JSON.stringify(logged.mock.calls)).not.toContain('secret-in-query');
  });

  it('counts requests in jupyterhub_request_duration_seconds by method, route and code', async () => {
    const admin = hub.auth(hub.tokens.admin);
    const count = async () =>
      value(
        parse((await hub.http().get('/hub/metrics').set(admin).expect(200)).text),
        'jupyterhub_request_duration_seconds_count',
        { method: 'GET', handler: '/hub/api/users/:user_name', code: '404' },
      );
    const before = await count();
    await hub.http().get('/hub/api/users/nobody-here').set(admin).expect(404);
    await hub.http().get('/hub/api/users/nobody-either').set(admin).expect(404);
    expect((await count()) - before).toBe(2);
  });
});

describe('/hub/metrics with JupyterHub.authenticate_prometheus false', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub({ JupyterHub: { authenticate_prometheus: false } })));
  afterAll(() => hub.close());

  it('answers anyone', async () => {
    const response = await hub.http().get('/hub/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
