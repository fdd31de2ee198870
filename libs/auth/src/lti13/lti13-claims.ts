import type { JWTPayload } from 'jose';
import type { LaunchCourse } from '../authenticator';
import { courseRoles } from '../lti-common/lti-roles';

/** Claim names of LTI 1.3 (https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims). */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
} as const;

export const RESOURCE_LINK_REQUEST = 'LtiResourceLinkRequest';
export const LTI_VERSION = '1.3.0';

/** Why a verified id_token is still not a launch this hub takes. */
export interface ClaimProblem {
  status: number;
  message: string;
  reason: string;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

const NOT_A_LAUNCH = 'The learning platform sent a message this hub does not take as a launch.';

/**
 * The LTI checks after the signature, iss, aud and time checks: a resource link launch of
 * LTI 1.3.0 from an allowed deployment, and azp naming this tool when aud names several.
 */
export function claimProblem(
  payload: JWTPayload,
  clientIds: readonly string[],
  deploymentIds: readonly string[],
): ClaimProblem | null {
  const invalid = (reason: string): ClaimProblem => ({
    status: 400,
    message: NOT_A_LAUNCH,
    reason,
  });
  const messageType = payload[CLAIM.messageType];
  if (messageType !== RESOURCE_LINK_REQUEST) {
    return invalid(`message_type ${JSON.stringify(messageType)} is not ${RESOURCE_LINK_REQUEST}`);
  }
  if (payload[CLAIM.version] !== LTI_VERSION) {
    return invalid(`LTI version ${JSON.stringify(payload[CLAIM.version])} is not ${LTI_VERSION}`);
  }
  if (!text(record(payload[CLAIM.resourceLink]).id)) return invalid('resource_link id missing');
  if (!Array.isArray(payload[CLAIM.roles])) return invalid('roles claim missing');
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (
    (audiences.length > 1 || payload.azp !== undefined) &&
    !clientIds.includes(`${payload.azp}`)
  ) {
    return {
      status: 401,
      message: 'The launch was not meant for this hub.',
      reason: `azp ${JSON.stringify(payload.azp)} is not a configured client_id`,
    };
  }
  const deployment = text(payload[CLAIM.deploymentId]);
  if (!deployment) return invalid('deployment_id missing');
  if (deploymentIds.length > 0 && !deploymentIds.includes(deployment)) {
    return {
      status: 403,
      message: 'This deployment of the tool in the learning platform may not use this hub.',
      reason: `deployment_id ${JSON.stringify(deployment)} is not in deployment_ids`,
    };
  }
  return null;
}

/**
 * The username: the claim `usernameKey` names (`custom_<name>`: `<name>` of the custom claim),
 * else `sub` as ltiauthenticator does; null when neither is a non-empty string.
 */
export function usernameOf(
  payload: JWTPayload,
  usernameKey: string,
): { name: string; fromKey: boolean } | null {
  const custom = usernameKey.startsWith('custom_');
  const source = custom ? record(payload[CLAIM.custom]) : (payload as Record<string, unknown>);
  const name = text(source[custom ? usernameKey.slice('custom_'.length) : usernameKey]);
  if (name) return { name, fromKey: true };
  const sub = text(payload.sub);
  return sub ? { name: sub, fromKey: false } : null;
}

/** The launch's course (context claim) with the user's roles in it; none without a context. */
export function launchCourse(payload: JWTPayload): LaunchCourse | undefined {
  const context = record(payload[CLAIM.context]);
  const id = text(context.id);
  if (!id) return undefined;
  const roles = (payload[CLAIM.roles] as unknown[]).filter(
    (role): role is string => typeof role === 'string',
  );
  return {
    id,
    label: text(context.label),
    title: text(context.title),
    roles: courseRoles(roles),
    platform: `lti13:${String(payload.iss)}:${String(payload[CLAIM.deploymentId])}`,
    claims: courseClaims(context, record(payload[CLAIM.custom])),
  };
}

/** The context and custom claims by their LTI 1.1 names, for `Courses.course_id_key`. */
function courseClaims(
  context: Record<string, unknown>,
  custom: Record<string, unknown>,
): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(context)) {
    if (text(value)) claims[`context_${name}`] = value as string;
  }
  for (const [name, value] of Object.entries(custom)) {
    if (text(value)) claims[`custom_${name}`] = value as string;
  }
  return claims;
}

/** A deep link the platform signed: the custom parameter `next` (as LTI 1.1's custom_next). */
export function signedNext(payload: JWTPayload): string | null {
  return text(record(payload[CLAIM.custom]).next);
}
