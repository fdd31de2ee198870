import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentError } from './agent-error';

export interface StoredLogin {
  hub: string;
  user: string;
  token: string;
  /** ISO time the hub said the token ends */
  expiresAt: string;
}

/** `$ORRERY_REMOTE_CONFIG_DIR`, else the XDG config folder's `orrery-remote`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORRERY_REMOTE_CONFIG_DIR) return env.ORRERY_REMOTE_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'orrery-remote');
}

/**
 * The login in `login.json`, readable by its owner only (0600 in a 0700 folder). Written to a
 * new file created with that mode and renamed over the old one, so the token never sits in a
 * file others could read, not even for a moment. A file others can read is refused, as ssh
 * refuses such a key.
 */
export class CredentialsStore {
  readonly file: string;

  constructor(private readonly dir: string) {
    this.file = path.join(dir, 'login.json');
  }

  read(): StoredLogin | null {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      return null;
    }
    if ((stat.mode & 0o077) !== 0)
      throw new AgentError(`${this.file} is readable by others: run logout, then login again`);
    const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<StoredLogin>;
    if (!parsed.hub || !parsed.token || !parsed.user) return null;
    return parsed as StoredLogin;
  }

  write(login: StoredLogin): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temp = path.join(this.dir, `.login-${process.pid}.json`);
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(login, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, this.file);
  }

  /** False when there was no login to remove. */
  remove(): boolean {
    try {
      fs.unlinkSync(this.file);
      return true;
    } catch {
      return false;
    }
  }
}
