import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkoutRoot, preparedEnvOnPath } from './prepared-env';

describe('preparedEnvOnPath', () => {
  let root: string;
  const bin = () => path.join(root, '.venv/singleuser/bin');
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-prepared-'));
    fs.mkdirSync(bin(), { recursive: true });
    fs.writeFileSync(path.join(bin(), 'jupyterhub-singleuser'), '#!/bin/sh\n', { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("puts the checkout's .venv/singleuser first on the PATH", () => {
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    expect(preparedEnvOnPath(env, root)).toBe(bin());
    expect(env.PATH).toBe(`${bin()}:/usr/local/bin:/usr/bin`);
  });

  it('adds it once', () => {
    const env = { PATH: `${bin()}:/usr/bin` };
    expect(preparedEnvOnPath(env, root)).toBeNull();
    expect(env.PATH).toBe(`${bin()}:/usr/bin`);
  });

  it('leaves the PATH alone without a prepared env', () => {
    fs.rmSync(path.join(root, '.venv'), { recursive: true });
    const env = { PATH: '/usr/bin' };
    expect(preparedEnvOnPath(env, root)).toBeNull();
    expect(env.PATH).toBe('/usr/bin');
  });

  it('finds the checkout from its own folder', () => {
    expect(checkoutRoot()).toBe(path.resolve(__dirname, '../../../..'));
  });
});
