import type { LoginInput } from '@orrery/auth';

/** The login form's fields, first value each; `_xsrf` is the hub's, not the authenticator's. */
export function loginInput(body: unknown): LoginInput {
  const input: LoginInput = { username: '', password: '' };
  if (!body || typeof body !== 'object' || Array.isArray(body)) return input;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (key !== '_xsrf' && typeof first === 'string') input[key] = first;
  }
  return input;
}
