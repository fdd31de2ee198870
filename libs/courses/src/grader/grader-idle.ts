/**
 * Which running graders to stop (pure): those whose last use is `Courses.grader_idle_timeout`
 * seconds or more before `now`. A timeout of 0 or less keeps every grader running, as
 * JupyterHub's culler does with no timeout. A hub with 500 courses runs only the few in use.
 */
export function idleGraders(
  lastUse: ReadonlyMap<string, number>,
  nowMs: number,
  timeoutSeconds: number,
): string[] {
  if (timeoutSeconds <= 0) return [];
  const limit = nowMs - timeoutSeconds * 1000;
  return [...lastUse].filter(([, at]) => at <= limit).map(([courseId]) => courseId);
}
