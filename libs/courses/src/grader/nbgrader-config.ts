/**
 * nbgrader's configuration in its three layers, as file contents (pure; `course-storage.ts`
 * writes them). nbgrader reads `nbgrader_config.py` from every Jupyter config directory, then
 * the cwd's, then the course root's, later ones winning, so: the global layer lives in the
 * role config directory every course server gets, the grader layer in the grader's home (its
 * cwd), the course layer in the course root.
 */

export type NbgraderRole = 'learner' | 'instructor' | 'grader';

/** A Python string literal: a JSON string is one (same escapes for quotes, `\\`, `\uXXXX`). */
function py(value: string): string {
  return JSON.stringify(value);
}

/**
 * The global layer. Exchange, `path_includes_course` and the hub as the source of courses are
 * the same for every role (nbgrader needs `path_includes_course` equal everywhere). A member's
 * student id is their hub name: nbgrader takes the OS user's passwd name, which the uids a
 * root hub allocates do not have (and every server run as the hub's user would share), so as
 * nbgrader itself does for `jovyan` containers, `JUPYTERHUB_USER`. The grader keeps `*`.
 */
export function globalNbgraderConfig(exchangeRoot: string, role: NbgraderRole): string {
  const lines = [
    '# Written by Orrery for every course server: the shared exchange and the hub as the',
    '# source of which courses a user belongs to.',
    'c = get_config()  # noqa: F821',
    `c.Exchange.root = ${py(exchangeRoot)}`,
    'c.Exchange.path_includes_course = True',
    "c.Authenticator.plugin_class = 'nbgrader.auth.JupyterHubAuthPlugin'",
  ];
  if (role !== 'grader') {
    lines.push(
      'import os',
      "if os.environ.get('JUPYTERHUB_USER'):",
      "    c.CourseDirectory.student_id = os.environ['JUPYTERHUB_USER']",
    );
  }
  return [...lines, ''].join('\n');
}

/**
 * The grader layer, in the grader service's home: which course it grades and where. The
 * grader runs under a uid the hub allocated, which has no passwd entry, and nbgrader's
 * "you don't own the exchange directory" check looks the owner's name up (a KeyError);
 * `groupshared` skips that check, and its extra group bits open nothing, since the grader's
 * gid is its own and has no other members.
 */
export function graderHomeNbgraderConfig(courseDir: string, courseId: string): string {
  return [
    '# Written by Orrery: this grader service grades one course.',
    'c = get_config()  # noqa: F821',
    `c.CourseDirectory.root = ${py(courseDir)}`,
    `c.CourseDirectory.course_id = ${py(courseId)}`,
    'c.CourseDirectory.groupshared = True',
    '',
  ].join('\n');
}

/**
 * The course layer, written once into the course root and then the instructors' to edit
 * (nbgrader's own options: ClearSolutions, Execute timeouts, ...).
 */
export function courseNbgraderConfig(courseId: string): string {
  return [
    `# Course options for ${courseId.replace(/[\r\n]/g, '')}; Orrery writes this file only`,
    '# when it is missing, so edits here stay.',
    'c = get_config()  # noqa: F821',
    `c.CourseDirectory.course_id = ${py(courseId)}`,
    '',
  ].join('\n');
}

const SERVER_EXTENSIONS = [
  'assignment_list',
  'course_list',
  'formgrader',
  'validate_assignment',
] as const;
type ServerExtension = (typeof SERVER_EXTENSIONS)[number];

/** Per role, as IllumiDesk's table has it; everything else nbgrader installs is off. */
const ENABLED: Record<NbgraderRole, readonly ServerExtension[]> = {
  learner: ['assignment_list'],
  instructor: ['assignment_list', 'course_list'],
  grader: ['formgrader'],
};

/**
 * The JupyterLab plugins of `@jupyter/nbgrader` (its ids; `nbgrader:open-*` are commands, not
 * plugins) each role keeps; the menu stays, it only offers the commands a kept plugin adds.
 */
const LAB_PLUGINS: Record<NbgraderRole, readonly string[]> = {
  learner: ['assignment-list', 'menu'],
  instructor: ['assignment-list', 'course-list', 'menu'],
  grader: ['formgrader', 'create-assignment', 'menu'],
};
const ALL_LAB_PLUGINS = [
  'assignment-list',
  'course-list',
  'create-assignment',
  'formgrader',
  'menu',
  'validate-assignment',
];

/**
 * A role's `jupyter_server_config.json`: nbgrader's package enables all four server
 * extensions (its `etc/jupyter` file); a config directory earlier on the path overrides each.
 * Only the grader service's servers may be framed (see the README: formgrader in JupyterLab).
 */
export function serverConfigFor(role: NbgraderRole): Record<string, unknown> {
  const extensions: Record<string, boolean> = {};
  for (const name of SERVER_EXTENSIONS) {
    extensions[`nbgrader.server_extensions.${name}`] = ENABLED[role].includes(name);
  }
  const serverApp: Record<string, unknown> = { jpserver_extensions: extensions };
  if (role === 'grader') serverApp.tornado_settings = { headers: graderFramingHeaders() };
  return { ServerApp: serverApp };
}

/** A role's `labconfig/page_config.json`: the nbgrader plugins it does not get are disabled. */
export function labPageConfigFor(role: NbgraderRole): Record<string, unknown> {
  const disabled: Record<string, boolean> = {};
  for (const plugin of ALL_LAB_PLUGINS) {
    if (!LAB_PLUGINS[role].includes(plugin)) disabled[`@jupyter/nbgrader:${plugin}`] = true;
  }
  return { disabledExtensions: disabled };
}

/**
 * jupyterhub-singleuser sets `frame-ancestors 'none'` only when no Content-Security-Policy
 * header is configured; the grader's own one lets pages of the hub's origin (the members'
 * JupyterLab at `/user/...`) frame formgrader, and no other origin.
 */
export function graderFramingHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': "frame-ancestors 'self'" };
}
