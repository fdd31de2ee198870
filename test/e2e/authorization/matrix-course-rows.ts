import { MatrixRow, scoped } from './matrix-rows';

/**
 * `/hub/api/courses...`: Orrery's extension (issue 14), under its own `orrery:` scopes, which
 * take no filter; the matrix hub declares the course `matrix-course` (matrix-personas.ts).
 */
export const COURSE_ROWS: MatrixRow[] = [
  scoped('GET /hub/api/courses', ['orrery:read:courses'], undefined),
  scoped('GET /hub/api/courses/:course_id', ['orrery:read:courses'], undefined),
  scoped('POST /hub/api/courses/:course_id', ['orrery:courses'], undefined),
  scoped('DELETE /hub/api/courses/:course_id', ['orrery:courses'], undefined),
  scoped('POST /hub/api/courses/:course_id/members', ['orrery:courses'], undefined),
  scoped('DELETE /hub/api/courses/:course_id/members', ['orrery:courses'], undefined),
  scoped('POST /hub/api/courses/:course_id/archive', ['orrery:courses'], undefined),
  scoped('POST /hub/api/courses/:course_id/grader', ['orrery:courses'], undefined),
  scoped('GET /hub/api/courses/:course_id/check', ['orrery:read:courses'], undefined),
];
