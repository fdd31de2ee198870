import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * One structured logger: JSON lines in production (NODE_ENV=production), readable lines in
 * development. `ORRERY_LOG_LEVEL` picks the lowest level shown (default log).
 */
export function hubLogger(): ConsoleLogger {
  const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
  const wanted = (process.env.ORRERY_LOG_LEVEL ?? 'log') as LogLevel;
  const levels = order.slice(Math.max(order.indexOf(wanted), 0));
  return new ConsoleLogger({
    json: process.env.NODE_ENV === 'production',
    logLevels: levels,
    colors: false,
  });
}
