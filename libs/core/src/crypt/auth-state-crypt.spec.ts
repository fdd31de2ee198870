import { randomBytes } from 'node:crypto';
import { AuthStateCrypt, CryptKeyError, parseCryptKeys } from './auth-state-crypt';

const hexKey = () => randomBytes(32).toString('hex');

describe('parseCryptKeys', () => {
  it('reads hex and base64 keys separated by semicolons', () => {
    const b64 = randomBytes(32).toString('base64');
    const keys = parseCryptKeys(`${hexKey()};${b64}`);
    expect(keys).toHaveLength(2);
    expect(keys[1].toString('base64')).toBe(b64);
  });

  it('is empty when unset', () => {
    expect(parseCryptKeys(undefined)).toEqual([]);
    expect(parseCryptKeys(' ; ')).toEqual([]);
  });

  it('refuses a key of the wrong length or encoding', () => {
    expect(() => parseCryptKeys(randomBytes(16).toString('hex'))).toThrow(CryptKeyError);
    expect(() => parseCryptKeys('not a key!')).toThrow(/neither hex nor base64/);
  });
});

describe('AuthStateCrypt', () => {
  it('round-trips a state and never stores it in clear', () => {
    const crypt = new AuthStateCrypt(parseCryptKeys(hexKey()));
    const text = crypt.encrypt({ access_token: 'gho_secret' });
    expect(text).not.toContain('gho_secret');
    expect(crypt.decrypt(text)).toEqual({ access_token: 'gho_secret' });
  });

  it('decrypts with an old key after rotation and encrypts with the new one', () => {
    const [oldKey, newKey] = [hexKey(), hexKey()];
    const written = new AuthStateCrypt(parseCryptKeys(oldKey)).encrypt({ n: 1 });
    const rotated = new AuthStateCrypt(parseCryptKeys(`${newKey};${oldKey}`));
    expect(rotated.decrypt(written)).toEqual({ n: 1 });
    const rewritten = rotated.encrypt({ n: 1 });
    expect(new AuthStateCrypt(parseCryptKeys(newKey)).decrypt(rewritten)).toEqual({ n: 1 });
    expect(new AuthStateCrypt(parseCryptKeys(oldKey)).decrypt(rewritten)).toBeNull();
  });

  it('returns null for tampered text', () => {
    const crypt = new AuthStateCrypt(parseCryptKeys(hexKey()));
    const text = crypt.encrypt({ a: 'b' });
    const raw = Buffer.from(text.slice('aesgcm1:'.length), 'base64');
    raw[14] ^= 1;
    expect(crypt.decrypt(`aesgcm1:${raw.toString('base64')}`)).toBeNull();
    expect(crypt.decrypt('plain')).toBeNull();
  });

  it('cannot encrypt without a key', () => {
    expect(() => new AuthStateCrypt([]).encrypt({})).toThrow(CryptKeyError);
  });
});
