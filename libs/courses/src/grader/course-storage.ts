import { chmod, chown, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coursePaths, roleConfigDir } from './course-paths';
import {
  courseNbgraderConfig,
  globalNbgraderConfig,
  graderHomeNbgraderConfig,
  labPageConfigFor,
  NbgraderRole,
  serverConfigFor,
} from './nbgrader-config';

/** Who owns what: 'grader' the course's grader uid, 'hub' whoever runs the hub. */
type Owner = 'grader' | 'hub';

export interface StorageDir {
  path: string;
  mode: number;
  owner: Owner;
}

export interface StorageFile {
  path: string;
  content: string;
  mode: number;
  owner: Owner;
  /** written only when missing (the instructors' own file) */
  keep: boolean;
}

export interface StoragePlan {
  dirs: StorageDir[];
  files: StorageFile[];
}

const ROLES: NbgraderRole[] = ['learner', 'instructor', 'grader'];

/**
 * The directories and files of one course, in creation order (pure). The course's own folder
 * is the grader's and 0700, so no learner reads its sources or gradebook; the exchange has
 * nbgrader's modes (root world-writable, sticky so no course removes another's folder;
 * `inbound` write-only with setgid; `feedback` passable, not listable), its course folder
 * owned by the grader because `release_assignment` refuses one it does not own.
 */
export function storagePlan(root: string, courseId: string, exchangeRoot?: string): StoragePlan {
  const paths = coursePaths(root, courseId, exchangeRoot);
  const exchangeCourse = join(paths.exchangeRoot, courseId);
  const dirs: StorageDir[] = [
    { path: root, mode: 0o711, owner: 'hub' },
    { path: join(root, courseId), mode: 0o700, owner: 'grader' },
    { path: paths.courseDir, mode: 0o700, owner: 'grader' },
    { path: paths.graderHome, mode: 0o700, owner: 'grader' },
    { path: paths.exchangeRoot, mode: 0o1777, owner: 'hub' },
    { path: exchangeCourse, mode: 0o755, owner: 'grader' },
    { path: join(exchangeCourse, 'outbound'), mode: 0o755, owner: 'grader' },
    { path: join(exchangeCourse, 'inbound'), mode: 0o2733, owner: 'grader' },
    { path: join(exchangeCourse, 'feedback'), mode: 0o711, owner: 'grader' },
    { path: join(root, 'jupyter-config'), mode: 0o755, owner: 'hub' },
  ];
  const files: StorageFile[] = [
    {
      path: join(paths.courseDir, 'nbgrader_config.py'),
      content: courseNbgraderConfig(courseId),
      mode: 0o600,
      owner: 'grader',
      keep: true,
    },
    {
      path: join(paths.graderHome, 'nbgrader_config.py'),
      content: graderHomeNbgraderConfig(paths.courseDir, courseId),
      mode: 0o600,
      owner: 'grader',
      keep: false,
    },
  ];
  for (const role of ROLES) {
    const dir = roleConfigDir(root, role);
    dirs.push(
      { path: dir, mode: 0o755, owner: 'hub' },
      { path: join(dir, 'labconfig'), mode: 0o755, owner: 'hub' },
    );
    files.push(
      {
        path: join(dir, 'nbgrader_config.py'),
        content: globalNbgraderConfig(paths.exchangeRoot, role),
        mode: 0o644,
        owner: 'hub',
        keep: false,
      },
      {
        path: join(dir, 'jupyter_server_config.json'),
        content: `${JSON.stringify(serverConfigFor(role), null, 2)}\n`,
        mode: 0o644,
        owner: 'hub',
        keep: false,
      },
      {
        path: join(dir, 'labconfig', 'page_config.json'),
        content: `${JSON.stringify(labPageConfigFor(role), null, 2)}\n`,
        mode: 0o644,
        owner: 'hub',
        keep: false,
      },
    );
  }
  return { dirs, files };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Makes the plan real, idempotently: modes are set again on every call (a hand-made chmod
 * is undone). `graderUid` is given when the hub runs as root and allocates uids; the
 * grader's entries are then chowned to it, else everything stays the hub's.
 */
export async function applyStoragePlan(plan: StoragePlan, graderUid?: number): Promise<void> {
  const owned = async (path: string, owner: Owner): Promise<void> => {
    if (owner === 'grader' && graderUid !== undefined) await chown(path, graderUid, graderUid);
  };
  for (const dir of plan.dirs) {
    await mkdir(dir.path, { recursive: true });
    await owned(dir.path, dir.owner);
    // mkdir's mode passes the umask and drops setgid/sticky; chmod sets them exactly
    await chmod(dir.path, dir.mode);
  }
  for (const file of plan.files) {
    if (file.keep && (await exists(file.path))) continue;
    await writeFile(file.path, file.content, { mode: file.mode });
    await owned(file.path, file.owner);
    await chmod(file.path, file.mode);
  }
}
