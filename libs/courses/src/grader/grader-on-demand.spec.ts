import type { CourseGraders } from './course-graders.service';
import { GraderOnDemand } from './grader-on-demand';
import type { CourseGraderSpec, GraderState } from './grader-port.types';

/** CourseGraders as far as GraderOnDemand sees it: a state per course, starts and uses counted. */
function fakeGraders(initial: GraderState, reason?: string) {
  const calls = { starts: 0, touches: 0 };
  let state: GraderState = initial;
  const graders = {
    state: () => ({ state, ...(reason ? { reason } : {}) }),
    start: async () => {
      calls.starts++;
      state = 'starting';
    },
    touch: () => {
      calls.touches++;
    },
  } as unknown as CourseGraders;
  return { graders, calls };
}

const specFor = async (id: string): Promise<CourseGraderSpec | null> =>
  id === 'phys101'
    ? { courseId: id, graderUser: `grader-${id}`, serviceToken: 't', root: '/srv/courses' }
    : null;

describe('GraderOnDemand', () => {
  it('handles the courses only', async () => {
    const onDemand = new GraderOnDemand(fakeGraders('stopped').graders, specFor);
    expect(await onDemand.handles('phys101')).toBe(true);
    expect(await onDemand.handles('jupyterhub-idle-culler')).toBe(false);
  });

  it('starts a stopped grader and says it is starting', async () => {
    const { graders, calls } = fakeGraders('stopped');
    expect(await new GraderOnDemand(graders, specFor).visit('phys101', false)).toEqual({
      state: 'starting',
    });
    expect(calls.starts).toBe(1);
  });

  it('does not start a grader already starting', async () => {
    const { graders, calls } = fakeGraders('starting');
    await new GraderOnDemand(graders, specFor).visit('phys101', false);
    expect(calls.starts).toBe(0);
  });

  it('counts a visit to a running grader as use', async () => {
    const { graders, calls } = fakeGraders('running');
    expect(await new GraderOnDemand(graders, specFor).visit('phys101', false)).toEqual({
      state: 'running',
    });
    expect(calls).toEqual({ starts: 0, touches: 1 });
  });

  it('shows a failure until the visitor asks to try again', async () => {
    const { graders, calls } = fakeGraders('failed', 'it exited with status 1');
    const onDemand = new GraderOnDemand(graders, specFor);
    expect(await onDemand.visit('phys101', false)).toEqual({
      state: 'failed',
      reason: 'it exited with status 1',
    });
    expect(calls.starts).toBe(0);
    expect(await onDemand.visit('phys101', true)).toEqual({ state: 'starting' });
    expect(calls.starts).toBe(1);
  });
});
