import type { LaunchCourse } from '../authenticator';

/** The course roles Orrery tells apart; every other LMS role is dropped. */
export type CourseRole = 'instructor' | 'ta' | 'learner';

const ORDER: readonly CourseRole[] = ['instructor', 'ta', 'learner'];

/** A role's principal name (`Instructor`) and sub-role (`TeachingAssistant`), if any. */
interface RoleName {
  principal: string;
  sub: string | null;
}

const LIS_V2 = 'http://purl.imsglobal.org/vocab/lis/v2/';
const LTI11_URN = /^urn:lti:(?:role|instrole|sysrole):ims\/lis\/(.+)$/;

/**
 * Reads one role in any of the forms LMSes send:
 * - LTI 1.1 short (`Instructor`) and URN (`urn:lti:role:ims/lis/Instructor/TeachingAssistant`,
 *   `urn:lti:instrole:ims/lis/Student`);
 * - LTI 1.3 context (`…/lis/v2/membership#Instructor`), its sub-roles
 *   (`…/membership/Instructor#TeachingAssistant`, and the `…/membership#Instructor#TeachingAssistant`
 *   some platforms send) and institution roles (`…/lis/v2/institution/person#Faculty`).
 * System roles (`…/system/person#…`, `urn:lti:sysrole:…`) say nothing about a course.
 */
function parseRole(role: string): RoleName | null {
  const text = role.trim();
  if (text.startsWith(LIS_V2)) {
    const rest = text.slice(LIS_V2.length);
    if (rest.startsWith('system/')) return null;
    const sub = /^membership\/([^#]+)#(.+)$/.exec(rest);
    if (sub) return { principal: sub[1], sub: sub[2] };
    const hashed = /^(?:membership|institution\/person)#([^#]+)(?:#(.+))?$/.exec(rest);
    return hashed ? { principal: hashed[1], sub: hashed[2] ?? null } : null;
  }
  if (text.startsWith('urn:lti:sysrole:')) return null;
  const urn = LTI11_URN.exec(text);
  const path = urn ? urn[1] : text;
  if (path.includes(':') || path.includes('#')) return null;
  const [principal, sub] = path.split('/');
  return principal ? { principal, sub: sub ?? null } : null;
}

function roleOf({ principal, sub }: RoleName): CourseRole | null {
  const name = principal.toLowerCase();
  if (name === 'teachingassistant') return 'ta';
  if (name === 'instructor' || name === 'faculty') {
    return sub?.toLowerCase().startsWith('teachingassistant') ? 'ta' : 'instructor';
  }
  if (name === 'learner' || name === 'student') return 'learner';
  return null;
}

/**
 * The course roles of an LTI launch (1.1 `roles`, comma-separated, or the 1.3 roles claim),
 * each once, instructor first. A teaching assistant is `ta`, not also `instructor`, even when
 * sent as an Instructor sub-role.
 */
export function courseRoles(roles: string | readonly string[] | undefined): CourseRole[] {
  const list = typeof roles === 'string' ? roles.split(',') : (roles ?? []);
  const found = new Set<CourseRole>();
  for (const role of list) {
    const name = parseRole(role);
    const mapped = name ? roleOf(name) : null;
    if (mapped) found.add(mapped);
  }
  return ORDER.filter((role) => found.has(role));
}

/**
 * The hub groups of a launch's course when `Authenticator.manage_groups` is on: one per role,
 * `<context id>:<role>` (e.g. `course-42:instructor`), so a course's staff is one group.
 */
export function courseGroups(course: LaunchCourse | undefined): string[] {
  return course ? course.roles.map((role) => `${course.id}:${role}`) : [];
}
