import { errors, JWTPayload, jwtVerify } from 'jose';
import { PlatformKeySet, PlatformKeysUnavailable } from './platform-key-set';

/** A launch this hub refuses: `message` for the person, `reason` for the log. */
export class LaunchRefused extends Error {
  override name = 'LaunchRefused';

  constructor(
    readonly status: number,
    readonly userMessage: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface TokenChecks {
  issuer: string;
  clientIds: readonly string[];
  algorithms: readonly string[];
  now: Date;
  leewaySeconds: number;
  maxAgeSeconds: number;
}

const AGAIN = 'Launch the tool again from your course.';
const UNVERIFIED = `The launch from your learning platform could not be verified. ${AGAIN}`;

/**
 * Verifies the id_token of a launch as OIDC's implicit flow asks: the signature with the
 * platform's keys, iss, aud (one of the client ids), exp, and iat no older than max_age.
 * Throws LaunchRefused with the reason; returns the claims.
 */
export async function verifyLaunchToken(
  idToken: string,
  keys: PlatformKeySet,
  checks: TokenChecks,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, keys.getKey, {
      issuer: checks.issuer,
      audience: [...checks.clientIds],
      algorithms: [...checks.algorithms],
      currentDate: checks.now,
      clockTolerance: checks.leewaySeconds,
      maxTokenAge: checks.maxAgeSeconds,
      requiredClaims: ['exp', 'iat', 'nonce'],
    });
    return payload;
  } catch (error) {
    throw refusalOf(error);
  }
}

function refusalOf(error: unknown): LaunchRefused {
  const detail = (error as Error).message;
  if (error instanceof PlatformKeysUnavailable) {
    return new LaunchRefused(
      502,
      `The learning platform's signing keys could not be fetched, so the launch cannot be checked. Try again in a moment.`,
      `platform JWKS unavailable: ${detail}`,
    );
  }
  if (error instanceof errors.JWTExpired) {
    // jose reports both exp passed and iat older than max_age as expired
    const stale = error.claim === 'iat';
    return new LaunchRefused(
      401,
      `This launch has expired. ${AGAIN}`,
      stale ? `id_token older than max_age: ${detail}` : `id_token expired: ${detail}`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new LaunchRefused(401, UNVERIFIED, `id_token ${error.claim} check failed: ${detail}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new LaunchRefused(401, UNVERIFIED, 'id_token signature does not verify');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new LaunchRefused(401, UNVERIFIED, "no key of the platform's JWKS matches the id_token");
  }
  if (error instanceof errors.JOSEError) {
    return new LaunchRefused(400, UNVERIFIED, `id_token rejected: ${error.code}: ${detail}`);
  }
  throw error;
}
