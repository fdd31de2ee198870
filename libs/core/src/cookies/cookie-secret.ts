import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';

/** Bytes of a generated secret (JupyterHub's COOKIE_SECRET_BYTES). */
export const COOKIE_SECRET_BYTES = 32;

const HEX = /^([0-9a-fA-F]{2})+$/;

/** The key that signs the hub's cookies; the Nest injection token for it too. */
export class CookieSecret {
  constructor(readonly key: Buffer) {}
}

export interface CookieSecretSource {
  /** hex, from JupyterHub.cookie_secret */
  cookie_secret: string | null;
  cookie_secret_file: string;
}

export class CookieSecretError extends Error {
  override name = 'CookieSecretError';
}

function fromHex(text: string, where: string): Buffer {
  if (!HEX.test(text)) throw new CookieSecretError(`${where} must be hex-encoded bytes`);
  return Buffer.from(text, 'hex');
}

/**
 * As JupyterHub: the configured secret, else the secret file, else a new random secret written
 * to that file (mode 0600) so logins survive a restart. A secret file that other users may read
 * is refused: whoever reads it can forge anyone's login.
 */
export function loadCookieSecret(source: CookieSecretSource): CookieSecret {
  if (source.cookie_secret !== null) {
    return new CookieSecret(fromHex(source.cookie_secret, 'JupyterHub.cookie_secret'));
  }
  const file = source.cookie_secret_file;
  if (fs.existsSync(file)) {
    // Windows has no POSIX modes to check
    if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) {
      throw new CookieSecretError(
        `cookie secret file ${file} can be read or written by other users; chmod 600 it`,
      );
    }
    return new CookieSecret(fromHex(fs.readFileSync(file, 'utf8').trim(), file));
  }
  const key = randomBytes(COOKIE_SECRET_BYTES);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  return new CookieSecret(key);
}
