import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM: a 32-byte key, a 12-byte nonce per message, a 16-byte tag. */
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Marks the format, so a later format can be told apart from this one. */
const PREFIX = 'aesgcm1:';

export class CryptKeyError extends Error {
  override name = 'CryptKeyError';
}

function decodeKey(text: string, index: number): Buffer {
  const where = `JUPYTERHUB_CRYPT_KEY key ${index + 1}`;
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new CryptKeyError(`${where} is neither hex nor base64`);
  }
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new CryptKeyError(
      `${where} is ${key.length} bytes; it must be ${KEY_BYTES} (openssl rand -hex 32)`,
    );
  }
  return key;
}

/**
 * JupyterHub's `JUPYTERHUB_CRYPT_KEY`: one or more 32-byte keys, hex or base64, separated by
 * `;`. The first encrypts; all decrypt, so a new key is put first and the old one kept after
 * it until every auth state has been written again.
 */
export function parseCryptKeys(value: string | undefined): Buffer[] {
  const parts = (value ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.map(decodeKey);
}

/** Encrypts users' auth state at rest; the Nest injection token for it too. */
export class AuthStateCrypt {
  constructor(private readonly keys: readonly Buffer[]) {}

  get available(): boolean {
    return this.keys.length > 0;
  }

  encrypt(state: Record<string, unknown>): string {
    const key = this.keys[0];
    if (!key) throw new CryptKeyError('no JUPYTERHUB_CRYPT_KEY to encrypt auth state with');
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  /** The state, or null when no key opens it (tampered, or written with a key since dropped). */
  decrypt(text: string): Record<string, unknown> | null {
    if (!text.startsWith(PREFIX)) return null;
    const raw = Buffer.from(text.slice(PREFIX.length), 'base64');
    if (raw.length < NONCE_BYTES + TAG_BYTES) return null;
    const nonce = raw.subarray(0, NONCE_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce);
        decipher.setAuthTag(tag);
        const plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        return JSON.parse(plain) as Record<string, unknown>;
      } catch {
        // the tag does not verify under this key: try the next one
      }
    }
    return null;
  }
}
