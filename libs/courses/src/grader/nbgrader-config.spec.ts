import {
  courseNbgraderConfig,
  globalNbgraderConfig,
  graderHomeNbgraderConfig,
  labPageConfigFor,
  serverConfigFor,
} from './nbgrader-config';

type ServerApp = {
  ServerApp: { jpserver_extensions: Record<string, boolean>; tornado_settings?: unknown };
};
const enabledOf = (role: 'learner' | 'instructor' | 'grader') =>
  Object.entries((serverConfigFor(role) as ServerApp).ServerApp.jpserver_extensions)
    .filter(([, on]) => on)
    .map(([name]) => name.replace('nbgrader.server_extensions.', ''))
    .sort();

describe('nbgrader configuration layers', () => {
  it('gives every server the exchange, path_includes_course and the hub as authenticator', () => {
    for (const role of ['learner', 'instructor', 'grader'] as const) {
      const text = globalNbgraderConfig('/srv/courses/exchange', role);
      expect(text).toContain('c.Exchange.root = "/srv/courses/exchange"');
      expect(text).toContain('c.Exchange.path_includes_course = True');
      expect(text).toContain("c.Authenticator.plugin_class = 'nbgrader.auth.JupyterHubAuthPlugin'");
    }
  });

  it("makes a member's student id their hub name and leaves the grader's at *", () => {
    const member = "c.CourseDirectory.student_id = os.environ['JUPYTERHUB_USER']";
    expect(globalNbgraderConfig('/x', 'learner')).toContain(member);
    expect(globalNbgraderConfig('/x', 'instructor')).toContain(member);
    expect(globalNbgraderConfig('/x', 'grader')).not.toContain('student_id');
  });

  it("points the grader's home at its course root and id", () => {
    const text = graderHomeNbgraderConfig('/srv/courses/phys101/source-root', 'phys101');
    expect(text).toContain('c.CourseDirectory.root = "/srv/courses/phys101/source-root"');
    expect(text).toContain('c.CourseDirectory.course_id = "phys101"');
  });

  it('lets the grader release from an exchange folder whose owner has no passwd entry', () => {
    expect(graderHomeNbgraderConfig('/c', 'phys101')).toContain(
      'c.CourseDirectory.groupshared = True',
    );
  });

  it('quotes paths and ids as Python string literals, so a quote cannot end the string', () => {
    const text = graderHomeNbgraderConfig('/srv/a"b\\c', "x'y");
    expect(text).toContain('c.CourseDirectory.root = "/srv/a\\"b\\\\c"');
    expect(text).toContain('c.CourseDirectory.course_id = "x\'y"');
  });

  it('keeps a newline in a course id out of the comment line of the course layer', () => {
    const lines = courseNbgraderConfig('a\nimport os').split('\n');
    expect(lines.filter((line) => line.startsWith('import'))).toEqual([]);
    expect(lines).toContain('c.CourseDirectory.course_id = "a\\nimport os"');
  });
});

describe('server extensions per role', () => {
  it.each([
    ['learner', ['assignment_list']],
    ['instructor', ['assignment_list', 'course_list']],
    ['grader', ['formgrader']],
  ] as const)('enables for a %s only %j and turns the other nbgrader ones off', (role, on) => {
    expect(enabledOf(role)).toEqual(on);
    expect(
      Object.keys((serverConfigFor(role) as ServerApp).ServerApp.jpserver_extensions),
    ).toHaveLength(4);
  });

  it('lets only the grader service be framed, by pages of its own origin', () => {
    expect((serverConfigFor('grader') as ServerApp).ServerApp.tornado_settings).toEqual({
      headers: { 'Content-Security-Policy': "frame-ancestors 'self'" },
    });
    expect((serverConfigFor('learner') as ServerApp).ServerApp.tornado_settings).toBeUndefined();
    expect((serverConfigFor('instructor') as ServerApp).ServerApp.tornado_settings).toBeUndefined();
  });
});

describe('JupyterLab plugins per role', () => {
  const disabled = (role: 'learner' | 'instructor' | 'grader') =>
    Object.keys(
      (labPageConfigFor(role) as { disabledExtensions: Record<string, boolean> })
        .disabledExtensions,
    ).sort();

  it.each([
    ['learner', ['course-list', 'create-assignment', 'formgrader', 'validate-assignment']],
    ['instructor', ['create-assignment', 'formgrader', 'validate-assignment']],
    ['grader', ['assignment-list', 'course-list', 'validate-assignment']],
  ] as const)('disables for a %s the @jupyter/nbgrader plugins %j', (role, off) => {
    expect(disabled(role)).toEqual(off.map((id) => `@jupyter/nbgrader:${id}`));
  });
});
