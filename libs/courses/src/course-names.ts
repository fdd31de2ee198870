import { createHash } from 'node:crypto';
import type { LaunchCourse } from '@orrery/auth';

/**
 * A course id is nbgrader's `course_id`, a hub service name, part of group and role names
 * and of the grader's user name, and a directory: so it is lowercase letters, digits and
 * single dashes, at most 24 characters (`grader-<id>` stays a valid 31-character login).
 * `Data Science 101 (Fall)` -> `data-science-101-fall`.
 */
export const MAX_COURSE_ID = 24;

const SAFE_COURSE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function normaliseCourseId(raw: string): string {
  const safe = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_COURSE_ID)
    .replace(/-+$/, '');
  return safe || 'course';
}

export function isSafeCourseId(id: string): boolean {
  return id.length <= MAX_COURSE_ID && SAFE_COURSE_ID.test(id);
}

/** The claim `Courses.course_id_key` names; the label, then the context id, when it is missing. */
export function courseIdSource(course: LaunchCourse, key: string): string {
  const claims = {
    context_id: course.id,
    ...(course.label && { context_label: course.label }),
    ...(course.title && { context_title: course.title }),
    ...course.claims,
  };
  return claims[key as keyof typeof claims] || course.label || course.id;
}

/**
 * The ids a context may take, best first: the normalised one, then with a short suffix from
 * a hash of the platform and context (stable, so the same context always asks for the same
 * ids), longer if that one is taken too.
 */
export function courseIdCandidates(base: string, platform: string, contextId: string): string[] {
  const digest = createHash('sha256').update(`${platform}\n${contextId}`).digest('hex');
  return [
    base,
    ...[4, 8, 16].map((length) => {
      const stem = base.slice(0, MAX_COURSE_ID - length - 1).replace(/-+$/, '');
      return `${stem}-${digest.slice(0, length)}`;
    }),
  ];
}
