import { dirname, isAbsolute } from 'node:path';
import { buildServiceEnv } from '@orrery/spawn';
import { coursePaths, roleConfigDir } from './course-paths';
import type { CourseGraderSpec, MemberRole } from './grader-port.types';

export interface GraderEnvInput {
  spec: CourseGraderSpec;
  exchangeRoot?: string;
  /** where the hub reaches the service, `http://127.0.0.1:<port>` */
  url: string;
  /** `JupyterHub.base_url` */
  baseUrl: string;
  /** `http://127.0.0.1:8081/hub/api` */
  hubApiUrl: string;
  /** the hub's own environment, of which only the default `env_keep` passes */
  hubEnv: Readonly<Record<string, string | undefined>>;
  /** what runs: `Courses.grader_cmd` or `Spawner.cmd` */
  command: readonly string[];
}

/**
 * The grader service's environment: exactly what JupyterHub gives a managed service named
 * after the course and run for `grader-<id>` (nbgrader's JupyterHubAuthPlugin asks the hub
 * as that user), plus where nbgrader finds its layers. Its cwd is the grader's home (the
 * grader layer); the server's root is the course's folder, since formgrader refuses a course
 * root that is not below the server's root (`url_prefix` starting `../`). A command given by
 * path has its folder first on PATH, as an activated venv: nbgrader runs its own tools (the
 * gradebook's `alembic`) from PATH.
 */
export function graderServiceEnv(input: GraderEnvInput): Record<string, string> {
  const { spec } = input;
  const paths = coursePaths(spec.root, spec.courseId, input.exchangeRoot);
  const { hostname, port } = new URL(input.url);
  const env = buildServiceEnv({
    hubEnv: input.hubEnv,
    name: spec.courseId,
    url: input.url,
    user: spec.graderUser,
    apiToken: spec.serviceToken,
    clientId: `service-${spec.courseId}`,
    baseUrl: input.baseUrl,
    hubApiUrl: input.hubApiUrl,
    bind: { ip: hostname, port: Number(port) },
    environment: {
      JUPYTERHUB_DEFAULT_URL: '/lab',
      JUPYTERHUB_ROOT_DIR: dirname(paths.courseDir),
      JUPYTER_CONFIG_PATH: roleConfigDir(spec.root, 'grader'),
    },
  });
  const [program] = input.command;
  if (program && isAbsolute(program)) {
    env.PATH = env.PATH ? `${dirname(program)}:${env.PATH}` : dirname(program);
  }
  return { ...env, USER: spec.graderUser, HOME: paths.graderHome };
}

/**
 * What a course member's server gets: the role's config directory on `JUPYTER_CONFIG_PATH`
 * (the global layer and the role's extensions). Someone learner in one course and instructor
 * in another gets the instructor's, which lists both (nbgrader reads the courses from the
 * hub's groups); someone in no course gets nothing, so their server is as without courses.
 */
export function memberNbgraderEnv(
  root: string,
  role: MemberRole,
  courseIds: readonly string[],
): Record<string, string> {
  if (courseIds.length === 0) return {};
  return { JUPYTER_CONFIG_PATH: roleConfigDir(root, role) };
}
