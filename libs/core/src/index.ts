export { Clock, FakeClock, SystemClock } from './clock';
export * from './config';
export * from './cookies';
export * from './crypt';
export * from './database';
export * from './entities';
export { HubError } from './hub-error';
export { isoformat, parseTimestamp } from './timestamps';
export * from './tokens/token-hash';
export { normalizeUsername, unsafeUsernameReason } from './names/username-rules';
export {
  checkedTemplatePath,
  isInsideRoot,
  PathOutsideRootError,
  templateRoot,
} from './names/path-inside-root';
export { HubMetrics, secondsSince } from './metrics/hub-metrics';
export type { OutcomeStatus } from './metrics/hub-metrics';
