import { AuthResult } from '../authenticator';
import { courseGroups, courseRoles } from '../lti-common/lti-roles';

export interface IdentityOptions {
  /** the launch parameter that names the user; user_id when it is missing or empty */
  usernameKey: string;
  /** keep the part before the @ when the name is an email address */
  emailLocalPart: boolean;
}

const EMAIL = /^([^@\s]+)@[^@\s]+$/;

/** Custom parameters an LMS adds carry the `custom_` prefix (Open edX, Canvas, Moodle). */
const NEXT_PARAMS = ['custom_next', 'next'] as const;

/** The hub user a verified launch names. */
export function launchUsername(params: Record<string, string>, options: IdentityOptions): string {
  const chosen = params[options.usernameKey] || params.user_id;
  const email = options.emailLocalPart ? EMAIL.exec(chosen) : null;
  return email ? email[1] : chosen;
}

/**
 * Who a verified launch logs in: the user, the course (context_*) with their roles in it,
 * one group per role (`<context_id>:<role>`, as LTI 1.3 launches name them), the launch
 * parameters but oauth_* as auth state (as ltiauthenticator keeps them), and the LMS account
 * (consumer key and user_id) as identity.
 */
export function launchResult(
  consumerKey: string,
  params: Record<string, string>,
  options: IdentityOptions,
): AuthResult {
  const roles = courseRoles(params.roles);
  const contextId = params.context_id;
  const course = contextId
    ? {
        id: contextId,
        label: params.context_label || null,
        title: params.context_title || null,
        roles,
        platform: `lti11:${consumerKey}`,
        claims: courseClaims(params),
      }
    : undefined;
  return {
    name: launchUsername(params, options),
    groups: courseGroups(course),
    authState: Object.fromEntries(
      Object.entries(params).filter(([name]) => !name.startsWith('oauth_')),
    ),
    course,
    identity: `lti11:${consumerKey}:${params.user_id}`,
  };
}

/** The launch parameters a course id may come from (`Courses.course_id_key`). */
function courseClaims(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).filter(
      ([name, value]) => value && (name.startsWith('context_') || name.startsWith('custom_')),
    ),
  );
}

/** Where the launch asks to land (an nbgitpuller link, a notebook): custom_next, then next. */
export function launchNext(params: Record<string, string>): string | null {
  for (const name of NEXT_PARAMS) {
    if (params[name]) return params[name];
  }
  return null;
}
