/**
 * The hub objects of one course, by name, and the scopes of its roles. The grader service's
 * scopes are what nbgrader's JupyterHubAuthPlugin calls need (nbgrader/auth/jupyterhub.py):
 * `GET /users/{name}` (groups of a member, or of the grader itself for "*"), `GET /groups`
 * (does `nbgrader-<id>` exist), `POST /groups/nbgrader-<id>` (create it), and
 * `POST|DELETE /groups/nbgrader-<id>/users` (enrol, drop). Each is filtered to the course's
 * own groups, so `GET /groups` from it is short however many courses the hub holds.
 */
export interface CourseNames {
  learners: string;
  staff: string;
  graderUser: string;
  service: string;
  serviceRole: string;
}

export function courseNames(id: string): CourseNames {
  return {
    learners: `nbgrader-${id}`,
    staff: `formgrade-${id}`,
    graderUser: `grader-${id}`,
    service: id,
    serviceRole: `nbgrader-service-${id}`,
  };
}

export interface CourseRoleSpec {
  name: string;
  description: string;
  scopes: string[];
}

/** The course's three roles: staff, learners (held by their groups) and the grader service. */
export function courseRoleSpecs(id: string): CourseRoleSpec[] {
  const names = courseNames(id);
  const service = `service=${names.service}`;
  const groups = [names.learners, names.staff];
  return [
    {
      name: names.staff,
      description: `Instructors and TAs of course ${id}: its formgrader`,
      scopes: [`access:services!${service}`, 'list:services', `read:services!${service}`],
    },
    {
      name: names.learners,
      description: `Learners of course ${id}: its assignments`,
      scopes: ['list:services', `read:services!${service}`],
    },
    {
      name: names.serviceRole,
      description: `The grader service of course ${id}: what nbgrader asks of the hub`,
      scopes: [
        ...groups.map((group) => `read:users:groups!group=${group}`),
        ...groups.map((group) => `list:groups!group=${group}`),
        `admin:groups!group=${names.learners}`,
        `groups!group=${names.learners}`,
      ],
    },
  ];
}

/**
 * Added to the server token of a course member, so nbgrader in their server can read their
 * groups (their courses) and find the course services; a token holds no more than its owner,
 * whose course roles filter `read:services` to their own courses.
 */
export const MEMBER_SERVER_SCOPES = ['read:users:groups!user', 'list:services', 'read:services'];

/** The course roles a launch names, and the group each puts the user in. */
export function groupForRoles(roles: readonly string[]): 'staff' | 'learners' | null {
  if (roles.includes('instructor') || roles.includes('ta')) return 'staff';
  return roles.includes('learner') ? 'learners' : null;
}
