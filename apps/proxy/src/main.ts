import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import { Command, Option } from 'commander';
import { consoleLogger, LOG_LEVELS, type LogLevel, ProxyServer, raiseFdLimit } from '@orrery/proxy';

/**
 * `orrery-proxy`: a drop-in for `configurable-http-proxy` with its command line, so that
 * `ConfigurableHTTPProxy.command` can point here and nothing else changes.
 */

/**
 * CHP flags this proxy accepts but does not act on, so a JupyterHub command line still starts
 * it: `debug` for those whose absence changes nothing a hub relies on, `warn` for the others
 * (internal SSL, path and header rewriting).
 */
const IGNORED_FLAGS: [string, 'debug' | 'warn'][] = [
  ['--ssl-ca <file>', 'debug'],
  ['--ssl-protocol <protocol>', 'debug'],
  ['--ssl-ciphers <ciphers>', 'debug'],
  ['--ssl-allow-rc4', 'debug'],
  ['--ssl-dhparam <file>', 'debug'],
  ['--pid-file <file>', 'debug'],
  ['--metrics-ip <ip>', 'debug'],
  ['--metrics-port <n>', 'debug'],
  ['--storage-backend <class>', 'debug'],
  ['--redirect-to <port>', 'debug'],
  ['--ssl-request-cert', 'warn'],
  ['--ssl-reject-unauthorized', 'warn'],
  ['--api-ssl-key <file>', 'warn'],
  ['--api-ssl-cert <file>', 'warn'],
  ['--api-ssl-ca <file>', 'warn'],
  ['--api-ssl-request-cert', 'warn'],
  ['--api-ssl-reject-unauthorized', 'warn'],
  ['--client-ssl-key <file>', 'warn'],
  ['--client-ssl-cert <file>', 'warn'],
  ['--client-ssl-ca <file>', 'warn'],
  ['--client-ssl-request-cert', 'warn'],
  ['--client-ssl-reject-unauthorized', 'warn'],
  ['--insecure', 'warn'],
  ['--error-path <path>', 'warn'],
  ['--redirect-port <port>', 'warn'],
  ['--no-prepend-path', 'warn'],
  ['--no-include-prefix', 'warn'],
  ['--auto-rewrite', 'warn'],
  ['--change-origin', 'warn'],
  ['--protocol-rewrite <proto>', 'warn'],
  ['--custom-header <header>', 'warn'],
];

function buildCli(): Command {
  const cli = new Command('orrery-proxy')
    .description('Orrery proxy: a configurable-http-proxy compatible proxy')
    .option('--ip <ip-address>', 'Public-facing IP of the proxy', '')
    .option('--port <n>', 'Public-facing port of the proxy', (v) => parseInt(v, 10), 8000)
    .option('--ssl-key <keyfile>', 'SSL key to use, if any')
    .option('--ssl-cert <certfile>', 'SSL certificate to use, if any')
    .option('--api-ip <ip>', 'Inward-facing IP for API requests', 'localhost')
    .option(
      '--api-port <n>',
      'Inward-facing port for API requests (defaults to --port=value+1)',
      (v) => parseInt(v, 10),
    )
    .option('--default-target <host>', 'Default proxy target (proto://host[:port])')
    .option(
      '--error-target <host>',
      'Alternate server for handling proxy errors (proto://host[:port])',
    )
    .option('--no-x-forward', "Don't add 'X-forward-' headers to proxied requests")
    .option('--host-routing', 'Use host routing (host as first level of path)')
    .option('--timeout <n>', 'Milliseconds a client may take to send its request headers', (v) =>
      parseInt(v, 10),
    )
    .option('--proxy-timeout <n>', 'Milliseconds without a target response before 503', (v) =>
      parseInt(v, 10),
    )
    .option('--keep-alive-timeout <n>', 'Keep-alive timeout of client connections (ms)', (v) =>
      parseInt(v, 10),
    )
    .option('--request-timeout <n>', 'Milliseconds a client may take to send a body (408)', (v) =>
      parseInt(v, 10),
    )
    .option('--max-connections-per-ip <n>', 'Open connections one client address may hold', (v) =>
      parseInt(v, 10),
    )
    .option('--fd-reserve <n>', 'File descriptors kept free of public connections', (v) =>
      parseInt(v, 10),
    )
    .addOption(
      new Option('--log-level <loglevel>', 'Log level').choices(LOG_LEVELS).default('info'),
    );
  for (const [flags] of IGNORED_FLAGS) cli.option(flags, 'accepted for compatibility, ignored');
  return cli;
}

async function main(argv: string[]): Promise<void> {
  const cli = buildCli().parse(argv);
  const args = cli.opts();
  const log = consoleLogger(String(args.logLevel).toLowerCase() as LogLevel);
  for (const [flags, level] of IGNORED_FLAGS) {
    const flag = flags.split(' ')[0];
    const negated = flag.startsWith('--no-');
    const name = flag
      .replace(negated ? /^--no-/ : /^--/, '')
      .replace(/-(.)/g, (_m, c: string) => c.toUpperCase());
    const given = negated ? args[name] === false : args[name] !== undefined;
    if (given) log[level](`Ignoring ${flag}: not supported by orrery-proxy`);
  }
  let ssl: ServerOptions | undefined;
  if (args.sslKey || args.sslCert) {
    ssl = {
      key: args.sslKey ? readFileSync(args.sslKey) : undefined,
      cert: args.sslCert ? readFileSync(args.sslCert) : undefined,
      passphrase: process.env.CONFIGPROXY_SSL_KEY_PASSPHRASE,
    };
  }
  const fds = raiseFdLimit();
  if (fds?.error !== undefined)
    log.warn(`Open-file limit left at ${fds.soft} (hard ${fds.hard}): ${fds.error}`);
  else if (fds !== undefined) log.info(`Open-file limit ${fds.soft} (hard ${fds.hard})`);
  const authToken = process.env.CONFIGPROXY_AUTH_TOKEN || undefined;
  if (!authToken) log.warn('REST API is not authenticated.');
  const proxy = new ProxyServer();
  await proxy.start({
    ip: args.ip === '*' ? '' : args.ip,
    port: args.port,
    apiIp: args.apiIp,
    apiPort: args.apiPort ?? args.port + 1,
    authToken,
    defaultTarget: args.defaultTarget,
    errorTarget: args.errorTarget,
    ssl,
    hostRouting: args.hostRouting === true,
    xForward: args.xForward !== false,
    headersTimeout: args.timeout,
    proxyTimeout: args.proxyTimeout,
    keepAliveTimeout: args.keepAliveTimeout,
    requestTimeout: args.requestTimeout,
    maxConnectionsPerIp: args.maxConnectionsPerIp,
    fdReserve: args.fdReserve,
    log,
  });
  const shutdown = (signal: string) => {
    log.warn(`${signal} received, stopping`);
    proxy.stop().finally(() => process.exit(2));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // The reader of our output may be gone (a hub that started us, killed): its lines are lost,
  // but an EPIPE must neither stop the proxy nor, logged as uncaught, make it loop on logging.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // Like CHP: once serving, an unexpected error is logged, not a reason to drop every route.
  process.on('uncaughtException', (error) =>
    log.error(`Uncaught exception: ${error.stack ?? error.message}`),
  );
}

main(process.argv).catch((error: Error) => {
  process.stderr.write(`orrery-proxy: ${error.message}\n`);
  process.exit(1);
});
