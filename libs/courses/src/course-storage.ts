import * as path from 'node:path';
import type { HubConfig } from '@orrery/core';

/**
 * Where a course's storage lives (the seam with the grader runtime): `Courses.root`, relative
 * to `JupyterHub.data_dir`; the course's own folder `<root>/<id>` (course dir `source-root`,
 * grader home `grader-home`); the exchange `Courses.exchange_root` or `<root>/exchange`, with
 * one folder per course (`path_includes_course = True`).
 */
export function coursesRoot(config: HubConfig): string {
  return path.resolve(config.JupyterHub.data_dir ?? process.cwd(), config.Courses.root);
}

export function exchangeRoot(config: HubConfig): string {
  const root = coursesRoot(config);
  return config.Courses.exchange_root
    ? path.resolve(root, config.Courses.exchange_root)
    : path.join(root, 'exchange');
}

export function courseStorage(config: HubConfig, id: string) {
  const folder = path.join(coursesRoot(config), id);
  return {
    folder,
    courseDir: path.join(folder, 'source-root'),
    graderHome: path.join(folder, 'grader-home'),
    exchange: path.join(exchangeRoot(config), id),
  };
}
