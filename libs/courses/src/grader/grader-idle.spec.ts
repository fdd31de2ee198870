import { idleGraders } from './grader-idle';

describe('idleGraders', () => {
  const lastUse = new Map([
    ['a', 0],
    ['b', 50_000],
    ['c', 99_999],
  ]);

  it('picks the graders unused for the timeout or longer', () => {
    expect(idleGraders(lastUse, 100_000, 50)).toEqual(['a', 'b']);
  });

  it('picks none when the timeout is 0 or less', () => {
    expect(idleGraders(lastUse, 10 ** 12, 0)).toEqual([]);
    expect(idleGraders(lastUse, 10 ** 12, -1)).toEqual([]);
  });
});
