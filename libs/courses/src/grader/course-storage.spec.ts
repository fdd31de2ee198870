import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coursePaths } from './course-paths';
import { applyStoragePlan, storagePlan } from './course-storage';

const modeOf = async (path: string) => (await stat(path)).mode & 0o7777;

describe('storagePlan', () => {
  const plan = storagePlan('/srv/courses', 'phys101');
  const dir = (path: string) => plan.dirs.find((d) => d.path === path);

  it('lays the course out under Courses.root as the seam says, exchange shared', () => {
    expect(coursePaths('/srv/courses', 'phys101')).toEqual({
      courseDir: '/srv/courses/phys101/source-root',
      graderHome: '/srv/courses/phys101/grader-home',
      exchangeRoot: '/srv/courses/exchange',
    });
    expect(coursePaths('/srv/courses', 'phys101', '/srv/ex').exchangeRoot).toBe('/srv/ex');
  });

  it("keeps the course's sources and the grader's home to the grader alone", () => {
    for (const path of ['/srv/courses/phys101', '/srv/courses/phys101/source-root']) {
      expect(dir(path)).toEqual({ path, mode: 0o700, owner: 'grader' });
    }
    expect(dir('/srv/courses/phys101/grader-home')?.mode).toBe(0o700);
  });

  it("gives the exchange nbgrader's modes, its course folder owned by the grader", () => {
    expect(dir('/srv/courses/exchange')).toMatchObject({ mode: 0o1777, owner: 'hub' });
    expect(dir('/srv/courses/exchange/phys101')).toMatchObject({ mode: 0o755, owner: 'grader' });
    expect(dir('/srv/courses/exchange/phys101/outbound')?.mode).toBe(0o755);
    expect(dir('/srv/courses/exchange/phys101/inbound')?.mode).toBe(0o2733);
    expect(dir('/srv/courses/exchange/phys101/feedback')?.mode).toBe(0o711);
  });

  it('creates every parent before its children', () => {
    plan.dirs.forEach((d, i) => {
      const parents = plan.dirs.slice(i + 1).filter((later) => d.path.startsWith(`${later.path}/`));
      expect(parents).toEqual([]);
    });
  });
});

describe('applyStoragePlan', () => {
  let root: string;
  beforeEach(async () => {
    root = join(await mkdtemp(join(tmpdir(), 'grader-storage-')), 'courses');
  });
  afterEach(async () => {
    await rm(join(root, '..'), { recursive: true, force: true });
  });

  it('makes the directories with their exact modes, setgid and sticky included', async () => {
    await applyStoragePlan(storagePlan(root, 'phys101'));
    expect(await modeOf(join(root, 'exchange'))).toBe(0o1777);
    expect(await modeOf(join(root, 'exchange/phys101/inbound'))).toBe(0o2733);
    expect(await modeOf(join(root, 'phys101/source-root'))).toBe(0o700);
    expect(await modeOf(join(root, 'jupyter-config/learner/nbgrader_config.py'))).toBe(0o644);
  });

  it("sets the modes again on a second run and keeps the instructors' course options", async () => {
    const plan = storagePlan(root, 'phys101');
    await applyStoragePlan(plan);
    const options = join(root, 'phys101/source-root/nbgrader_config.py');
    await writeFile(options, 'c.ClearSolutions.code_stub = {}\n');
    await chmod(join(root, 'exchange/phys101/inbound'), 0o777);
    await applyStoragePlan(plan);
    expect(await readFile(options, 'utf8')).toBe('c.ClearSolutions.code_stub = {}\n');
    expect(await modeOf(join(root, 'exchange/phys101/inbound'))).toBe(0o2733);
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    "chowns the grader's entries to its uid and leaves the shared ones the hub's",
    async () => {
      await applyStoragePlan(storagePlan(root, 'phys101'), 4321);
      expect((await stat(join(root, 'phys101/source-root'))).uid).toBe(4321);
      expect((await stat(join(root, 'phys101/grader-home/nbgrader_config.py'))).uid).toBe(4321);
      expect((await stat(join(root, 'exchange/phys101/inbound'))).uid).toBe(4321);
      expect((await stat(join(root, 'exchange'))).uid).toBe(0);
      expect((await stat(join(root, 'jupyter-config/grader'))).uid).toBe(0);
    },
  );
});
