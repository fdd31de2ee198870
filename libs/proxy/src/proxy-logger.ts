/** The proxy's logging port: the hub passes its own logger, the CLI a leveled console one. */
export interface ProxyLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One line per event on stderr, `<ISO time> [OrreryProxy] <level>: <message>`. */
export function consoleLogger(level: LogLevel = 'info'): ProxyLogger {
  const threshold = LOG_LEVELS.indexOf(level);
  const line = (name: LogLevel) =>
    LOG_LEVELS.indexOf(name) < threshold
      ? () => undefined
      : (message: string) => {
          process.stderr.write(`${new Date().toISOString()} [OrreryProxy] ${name}: ${message}\n`);
        };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

export const silentLogger: ProxyLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
