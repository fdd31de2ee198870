import type { JWTPayload } from 'jose';
import type { AuthResult, LoginRequest, LoginStep } from '../authenticator';
import { courseGroups } from '../lti-common/lti-roles';
import { claimProblem, launchCourse, signedNext, usernameOf } from './lti13-claims';
import { LaunchRefused, TokenChecks, verifyLaunchToken } from './launch-token';
import { clearedStateCookie, LoginState, parseLoginState, stateCookieName } from './login-state';
import { PlatformKeySet } from './platform-key-set';
import { UsedNonces } from './used-nonces';

export interface LaunchSettings extends Omit<TokenChecks, 'now'> {
  deploymentIds: readonly string[];
  usernameKey: string;
}

export interface LaunchDeps {
  keys: PlatformKeySet;
  usedNonces: UsedNonces;
  now: () => Date;
  /** a note for the log (a username taken from `sub` because username_key was missing) */
  warn: (message: string) => void;
}

const AGAIN = 'Launch the tool again from your course.';
const LOST_STATE =
  'This launch does not match a sign-in started in this browser (it may have expired, or the ' +
  'browser blocks cookies inside the learning platform: then open the tool in a new tab). ' +
  AGAIN;

/**
 * Step 2 of an LTI 1.3 launch: the platform's form post of id_token and state. The state must
 * be the one this browser's cookie holds, the id_token must verify, be an LTI resource link
 * launch of an allowed deployment and carry the cookie's nonce, used once.
 */
export async function completeLaunch(
  request: LoginRequest,
  settings: LaunchSettings,
  deps: LaunchDeps,
): Promise<LoginStep> {
  const state = request.form.state ?? '';
  const cleared = clearedStateCookie(state);
  try {
    const { payload, login } = await checkedLaunch(request, settings, deps);
    const result = authResult(payload, settings, deps);
    return { kind: 'login', result, next: signedNext(payload) ?? login.next, cookies: cleared };
  } catch (error) {
    if (!(error instanceof LaunchRefused)) throw error;
    return {
      kind: 'refuse',
      status: error.status,
      message: error.userMessage,
      reason: error.reason,
      cookies: cleared,
    };
  }
}

async function checkedLaunch(
  request: LoginRequest,
  settings: LaunchSettings,
  deps: LaunchDeps,
): Promise<{ payload: JWTPayload; login: LoginState }> {
  if (request.method !== 'POST') {
    throw new LaunchRefused(
      405,
      `A launch is posted by the learning platform. ${AGAIN}`,
      `${request.method} launch`,
    );
  }
  const { id_token: idToken, state } = request.form;
  if (!idToken || !state) {
    throw new LaunchRefused(400, LOST_STATE, 'launch without id_token or state');
  }
  const name = stateCookieName(state);
  const saved = name ? request.cookie(name) : null;
  const login = saved ? parseLoginState(saved) : null;
  if (!login || login.state !== state) {
    throw new LaunchRefused(
      400,
      LOST_STATE,
      'state does not match a state cookie (missing, expired or forged)',
    );
  }
  const now = deps.now();
  const payload = await verifyLaunchToken(idToken, deps.keys, { ...settings, now });
  const problem = claimProblem(payload, settings.clientIds, settings.deploymentIds);
  if (problem) throw new LaunchRefused(problem.status, problem.message, problem.reason);
  if (payload.nonce !== login.nonce) {
    throw new LaunchRefused(400, LOST_STATE, 'id_token nonce is not the nonce of the state cookie');
  }
  const until = new Date(
    Math.max(payload.exp ?? 0, (payload.iat ?? 0) + settings.maxAgeSeconds) * 1000 +
      settings.leewaySeconds * 1000,
  );
  if (!deps.usedNonces.use(login.nonce, until)) {
    throw new LaunchRefused(
      400,
      `This launch was already used. ${AGAIN}`,
      'id_token nonce replayed',
    );
  }
  return { payload, login };
}

function authResult(payload: JWTPayload, settings: LaunchSettings, deps: LaunchDeps): AuthResult {
  const username = usernameOf(payload, settings.usernameKey);
  if (!username) {
    throw new LaunchRefused(
      400,
      'The learning platform did not say who you are, so this hub cannot sign you in.',
      `no ${settings.usernameKey} and no sub in the id_token`,
    );
  }
  if (!username.fromKey) {
    deps.warn(`id_token has no ${settings.usernameKey}; the username is its sub`);
  }
  const course = launchCourse(payload);
  return {
    name: username.name,
    groups: courseGroups(course),
    course,
    identity: payload.sub ? `lti13:${payload.iss}:${payload.sub}` : undefined,
    authState: { ...payload },
  };
}
