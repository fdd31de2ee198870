import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * JupyterHub's token storage: the first 4 characters are kept in clear as an index
 * (`prefix`), the whole token is stored as `sha512:<rounds>:<salt>:<hexdigest>` where the
 * digest is sha512 over the salt's hex text followed by the token repeated `rounds` times.
 * Generated tokens are long and random, so one round suffices; tokens that people choose
 * (config `api_token`) get 16384 rounds to slow down guessing.
 */
export const TOKEN_PREFIX_LENGTH = 4;
export const GENERATED_TOKEN_ROUNDS = 1;
export const PROVIDED_TOKEN_ROUNDS = 16384;
export const MIN_PROVIDED_TOKEN_LENGTH = 8;

export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX_LENGTH);
}

export function hashToken(
  token: string,
  rounds = GENERATED_TOKEN_ROUNDS,
  salt = randomBytes(8).toString('hex'),
): string {
  const hash = createHash('sha512');
  hash.update(salt, 'utf8');
  const tokenBytes = Buffer.from(token, 'utf8');
  for (let i = 0; i < rounds; i++) hash.update(tokenBytes);
  return `sha512:${rounds}:${salt}:${hash.digest('hex')}`;
}

/** Constant-time comparison of a presented token with a stored hash. */
export function matchesTokenHash(token: string, hashed: string): boolean {
  const [algorithm, roundsText, salt, digest] = hashed.split(':');
  if (algorithm !== 'sha512' || !salt || !digest) return false;
  const rounds = Number(roundsText);
  if (!Number.isInteger(rounds) || rounds < 1) return false;
  const expected = Buffer.from(hashToken(token, rounds, salt).split(':')[3], 'hex');
  const actual = Buffer.from(digest, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A new API token as JupyterHub makes them: uuid4 hex, 32 characters. */
export function newApiToken(): string {
  return randomBytes(16).toString('hex');
}

/** An OAuth access token or code: 30 characters of [A-Za-z0-9], like oauthlib's generate_token. */
export function newOAuthToken(length = 30): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    // 248 = 4 * 62: rejecting the top values keeps every character equally likely.
    if (bytes[i] < 248) out += alphabet[bytes[i] % 62];
  }
  return out.length === length ? out : newOAuthToken(length);
}
