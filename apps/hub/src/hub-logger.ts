import { ConsoleLogger, LogLevel } from '@nestjs/common';

export type LogFormat = 'text' | 'json';

/** Nest's start-up chatter (one line per route and module): useful only when debugging. */
const DEBUG_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader']);

/** The last string argument of a Nest log call is its context. */
function contextOf(rest: unknown[]): unknown {
  return rest.length > 0 ? rest[rest.length - 1] : undefined;
}

/** A ConsoleLogger that logs Nest's route-mapping and module lines at debug, not at info. */
class HubConsoleLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    if (DEBUG_CONTEXTS.has(contextOf(rest) as string)) return this.debug(message, ...rest);
    super.log(message, ...rest);
  }
}

/**
 * One structured logger: JSON lines with `--log-format json` (ORRERY_LOG_FORMAT=json, or
 * NODE_ENV=production), readable lines otherwise. `ORRERY_LOG_LEVEL` picks the lowest level
 * shown (default log, i.e. info).
 */
export function hubLogger(env: NodeJS.ProcessEnv = process.env): ConsoleLogger {
  const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
  const wanted = (env.ORRERY_LOG_LEVEL ?? 'log') as LogLevel;
  const levels = order.slice(Math.max(order.indexOf(wanted), 0));
  const format: LogFormat =
    env.ORRERY_LOG_FORMAT === 'json' || (!env.ORRERY_LOG_FORMAT && env.NODE_ENV === 'production')
      ? 'json'
      : 'text';
  return new HubConsoleLogger({ json: format === 'json', logLevels: levels, colors: false });
}
