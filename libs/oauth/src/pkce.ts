import { createHash, timingSafeEqual } from 'node:crypto';

/** The PKCE transforms JupyterHub accepts (RFC 7636 section 4.2). */
export const CODE_CHALLENGE_METHODS = ['plain', 'S256'] as const;
export type CodeChallengeMethod = (typeof CODE_CHALLENGE_METHODS)[number];

export function isCodeChallengeMethod(method: string): method is CodeChallengeMethod {
  return (CODE_CHALLENGE_METHODS as readonly string[]).includes(method);
}

/** `S256`: BASE64URL-NOPAD(SHA256(verifier)); `plain`: the verifier itself. */
export function codeChallengeOf(verifier: string, method: CodeChallengeMethod): string {
  if (method === 'plain') return verifier;
  return createHash('sha256').update(verifier, 'utf8').digest('base64url');
}

/** Whether `verifier` answers the challenge stored with a code; compared in constant time. */
export function verifiesChallenge(
  verifier: string,
  challenge: string,
  method: CodeChallengeMethod,
): boolean {
  const expected = Buffer.from(challenge, 'utf8');
  const actual = Buffer.from(codeChallengeOf(verifier, method), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
