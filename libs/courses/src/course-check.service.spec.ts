import { graderProblems } from './course-check.service';
import { NO_GRADER_RUNTIME } from './courses.service';

describe('graderProblems', () => {
  it.each([
    ['no runtime', false, { state: 'stopped' as const }, [NO_GRADER_RUNTIME]],
    ['a stopped grader (started on demand)', true, { state: 'stopped' as const }, []],
    ['a running grader', true, { state: 'running' as const }, []],
    ['a starting grader', true, { state: 'starting' as const }, []],
    [
      'a failed grader, with the reason',
      true,
      { state: 'failed' as const, reason: 'jupyterhub-singleuser exited with 1' },
      ['The grader service failed to start: jupyterhub-singleuser exited with 1.'],
    ],
    [
      'a failed grader without a reason',
      true,
      { state: 'failed' as const },
      ['The grader service failed to start: no reason given.'],
    ],
  ])('reports %s', (_what, runtime, state, problems) => {
    expect(graderProblems(runtime, state)).toEqual(problems);
  });
});
