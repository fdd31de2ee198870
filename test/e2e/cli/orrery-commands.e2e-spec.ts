import * as fs from 'node:fs';
import * as path from 'node:path';
import { childEnv, ensureBuilt, ORRERY_BIN, run, tempDir } from './built-bins';
import { hubConfigDir } from './hub-config-dir';

/** Every documented command and flag of `orrery`, run through bin/orrery.js over dist/. */
jest.setTimeout(180_000);

const COMMANDS = ['start', 'upgrade-db', 'token', 'generate-config'];

beforeAll(() => ensureBuilt());

describe('orrery without a command it knows', () => {
  let cwd: string;
  beforeEach(() => (cwd = tempDir('help')));
  afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('--help lists every command and exits 0', async () => {
    const ran = await run(ORRERY_BIN, ['--help'], { cwd });
    expect(ran.code).toBe(0);
    for (const command of COMMANDS) expect(ran.stdout).toContain(command);
  });

  it('shows the help, starts nothing and writes nothing when no command is given', async () => {
    const ran = await run(ORRERY_BIN, [], { cwd });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^Usage: orrery/m);
    for (const command of COMMANDS) expect(ran.stderr).toContain(command);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('says "unknown command" and shows the help for a command it does not have', async () => {
    const ran = await run(ORRERY_BIN, ['strat'], { cwd });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("error: unknown command 'strat'");
    expect(ran.stderr).toMatch(/^Usage: orrery/m);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('start takes --log-format text or json and refuses any other', async () => {
    const ran = await run(ORRERY_BIN, ['start', '--log-format', 'xml'], { cwd });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("option '--log-format <format>' argument 'xml' is invalid");
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('orrery generate-config', () => {
  let cwd: string;
  beforeAll(() => (cwd = tempDir('generate')));
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('writes every key to standard output', async () => {
    const ran = await run(ORRERY_BIN, ['generate-config'], { cwd });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('db_url');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('writes the file given with -o, refuses to overwrite it, and overwrites it with --force', async () => {
    const file = path.join(cwd, 'orrery.yaml');
    const written = await run(ORRERY_BIN, ['generate-config', '-o', file], { cwd });
    expect(written).toMatchObject({ code: 0, stdout: `wrote ${file}\n` });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('db_url');
    fs.writeFileSync(file, 'changed by hand\n');
    const refused = await run(ORRERY_BIN, ['generate-config', '--output', file], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`orrery: ${file} exists; pass --force to overwrite it\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe('changed by hand\n');
    const forced = await run(ORRERY_BIN, ['generate-config', '-o', file, '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('orrery token with no config', () => {
  it('fails without creating a database or cookie secret in the working directory', async () => {
    const cwd = tempDir('token-cwd');
    const home = tempDir('token-home');
    try {
      const ran = await run(ORRERY_BIN, ['token', 'alice'], {
        cwd,
        env: childEnv({ HOME: home, XDG_DATA_HOME: path.join(home, 'data') }),
      });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain('orrery: no hub database at');
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('orrery start, token, upgrade-db on one hub', () => {
  const cli = hubConfigDir('hub');

  const whoami = (token: string) =>
    fetch(`http://127.0.0.1:${cli.hubPort}/hub/api/user`, {
      headers: { Authorization: `token ${token}` },
    });

  it('start --config listens on the configured hub port', async () => {
    await cli.start();
    const info = await fetch(`http://127.0.0.1:${cli.hubPort}/hub/api/`);
    expect(info.status).toBe(200);
  });

  it('ends its start-up log with where to open the hub, without Nest route-mapping lines', async () => {
    const opened = /Orrery is running at http:\/\/127\.0\.0\.1:\d+\/\n$/;
    if (!cli.hub) throw new Error('the hub of the previous test did not start');
    const started = cli.hub;
    // the start-up log: what comes before the first request's log line (the previous test's)
    const startup = () => started.output().split(/^.*\[request\].*$/m)[0];
    // the line follows the API's by a moment; bounded wait
    for (let tries = 0; tries < 100 && !opened.test(startup()); tries++) {
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(startup()).toMatch(opened);
    expect(started.output()).not.toMatch(/RouterExplorer|RoutesResolver/);
  });

  it('token --config prints a token of that user that the running hub accepts', async () => {
    const ran = await run(ORRERY_BIN, ['token', 'alice', '--config', cli.configFile], {
      cwd: cli.dir,
    });
    expect(ran.code).toBe(0);
    const response = await whoami(ran.stdout.trim());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'user', name: 'alice' });
  });

  it('token reads the config named by ORRERY_CONFIG, with --scopes and --note', async () => {
    const ran = await run(
      ORRERY_BIN,
      ['token', 'alice', '--scopes', 'read:users:name!user=alice', '--note', 'from the cli test'],
      { cwd: cli.dir, env: childEnv({ ORRERY_CONFIG: cli.configFile }) },
    );
    expect(ran.code).toBe(0);
    const me = (await (await whoami(ran.stdout.trim())).json()) as { scopes: string[] };
    // alice is an admin: an 'inherit' token would hold admin:users
    expect(me.scopes).toContain('read:users:name!user=alice');
    expect(me.scopes).not.toContain('admin:users');
  });

  it('token refuses a user that does not exist', async () => {
    const ran = await run(ORRERY_BIN, ['token', 'nobody', '--config', cli.configFile], {
      cwd: cli.dir,
    });
    expect(ran).toMatchObject({ code: 1, stderr: 'orrery: No such user: nobody\n' });
  });

  it('upgrade-db on the current schema says it is up to date', async () => {
    const ran = await run(ORRERY_BIN, ['upgrade-db', '--config', cli.configFile], { cwd: cli.dir });
    expect(ran).toMatchObject({ code: 0, stdout: 'database is up to date\n' });
  });

  it('leaves nothing in the working directory but what the config names', async () => {
    const left = fs.readdirSync(cli.dir).filter((name) => name !== path.basename(cli.configFile));
    expect(left).toEqual(['cookie_secret']);
  });
});
