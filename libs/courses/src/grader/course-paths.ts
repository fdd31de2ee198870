import { join } from 'node:path';

/** Where one course's storage lives under `Courses.root` (the seam's layout). */
export interface CoursePaths {
  /** nbgrader's course root, holding the course layer `nbgrader_config.py` */
  courseDir: string;
  /** the grader service's home and cwd, holding the grader layer */
  graderHome: string;
  /** `Courses.exchange_root`, shared by every course (`path_includes_course = True`) */
  exchangeRoot: string;
}

/** `Courses.exchange_root`'s default: `<root>/exchange`. */
export function defaultExchangeRoot(root: string): string {
  return join(root, 'exchange');
}

export function coursePaths(root: string, courseId: string, exchangeRoot?: string): CoursePaths {
  return {
    courseDir: join(root, courseId, 'source-root'),
    graderHome: join(root, courseId, 'grader-home'),
    exchangeRoot: exchangeRoot || defaultExchangeRoot(root),
  };
}

/** The Jupyter config directory a role's servers get on `JUPYTER_CONFIG_PATH`. */
export function roleConfigDir(root: string, role: 'learner' | 'instructor' | 'grader'): string {
  return join(root, 'jupyter-config', role);
}
