import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CookieSecretError, loadCookieSecret } from './cookie-secret';

describe('loadCookieSecret', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-secret-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the configured hex secret and never touches the file', () => {
    const file = path.join(dir, 'secret');
    const secret = loadCookieSecret({ cookie_secret: 'deadbeef', cookie_secret_file: file });
    expect(secret.key.toString('hex')).toBe('deadbeef');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a configured secret that is not hex', () => {
    expect(() => loadCookieSecret({ cookie_secret: 'xyz', cookie_secret_file: 'f' })).toThrow(
      CookieSecretError,
    );
  });

  it('generates 32 random bytes, writes them as hex with mode 0600, and reads them back', () => {
    const file = path.join(dir, 'secret');
    const first = loadCookieSecret({ cookie_secret: null, cookie_secret_file: file });
    expect(first.key).toHaveLength(32);
    expect(fs.readFileSync(file, 'utf8')).toBe(first.key.toString('hex'));
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadCookieSecret({ cookie_secret: null, cookie_secret_file: file });
    expect(again.key.equals(first.key)).toBe(true);
  });

  (process.platform === 'win32' ? it.skip : it)('refuses a secret file others can read', () => {
    const file = path.join(dir, 'secret');
    fs.writeFileSync(file, 'abcd', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(() => loadCookieSecret({ cookie_secret: null, cookie_secret_file: file })).toThrow(
      /can be read or written by other users/,
    );
  });
});
