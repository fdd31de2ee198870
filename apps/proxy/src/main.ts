import { unlinkSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { consoleLogger, LOG_LEVELS, type LogLevel, ProxyServer, raiseFdLimit } from '@orrery/proxy';
import { givenFlags, IGNORED_FLAGS, REFUSED_FLAGS } from './chp-flags';
import { tlsOptions } from './tls-options';

/**
 * `orrery-proxy`: a drop-in for `configurable-http-proxy` with its command line, so that
 * `ConfigurableHTTPProxy.command` can point here and nothing else changes.
 */

function buildCli(): Command {
  const cli = new Command('orrery-proxy')
    .description('Orrery proxy: a configurable-http-proxy compatible proxy')
    .option('--ip <ip-address>', 'Public-facing IP of the proxy', '')
    .option('--port <n>', 'Public-facing port of the proxy', (v) => parseInt(v, 10), 8000)
    .addOption(
      new Option('--socket <path>', 'Unix socket for the proxy instead of IP and port').conflicts([
        'port',
        'ip',
      ]),
    )
    .option('--ssl-key <keyfile>', 'SSL key to use, if any')
    .option('--ssl-cert <certfile>', 'SSL certificate to use, if any')
    .option('--ssl-ca <ca-file>', 'SSL certificate authority, if any')
    .option('--ssl-request-cert', 'Request SSL certs to authenticate clients')
    .option('--ssl-reject-unauthorized', 'Reject clients without a valid SSL cert')
    .option('--ssl-protocol <ssl-protocol>', 'Set specific SSL protocol, e.g. TLSv1_2')
    .option('--ssl-ciphers <ciphers>', '`:`-separated ssl cipher list')
    .option('--ssl-dhparam <dhparam-file>', 'SSL Diffie-Hellman parameters pem file, if any')
    .option('--api-ip <ip>', 'Inward-facing IP for API requests', 'localhost')
    .option(
      '--api-port <n>',
      'Inward-facing port for API requests (defaults to --port=value+1)',
      (v) => parseInt(v, 10),
    )
    .addOption(
      new Option('--api-socket <path>', 'Unix socket for the API instead of IP and port').conflicts(
        ['api-port'],
      ),
    )
    .option('--api-ssl-key <keyfile>', 'SSL key to use, if any, for API requests')
    .option('--api-ssl-cert <certfile>', 'SSL certificate to use, if any, for API requests')
    .option('--api-ssl-ca <ca-file>', 'SSL certificate authority, if any, for API requests')
    .option('--api-ssl-request-cert', 'Request SSL certs to authenticate API clients')
    .option('--api-ssl-reject-unauthorized', 'Reject API clients without a valid SSL cert')
    .option('--pid-file <pid-file>', 'Write our PID to a file')
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
  for (const [flags, why] of REFUSED_FLAGS) cli.option(flags, `refused: ${why}`);
  return cli;
}

async function main(argv: string[]): Promise<void> {
  const cli = buildCli().parse(argv);
  const args = cli.opts();
  const log = consoleLogger(String(args.logLevel).toLowerCase() as LogLevel);
  const refused = givenFlags(REFUSED_FLAGS, args).map(([flag, why]) => `${flag} (${why})`);
  if (refused.length) throw new Error(`not supported by orrery-proxy: ${refused.join(', ')}`);
  for (const [flag, level] of givenFlags(IGNORED_FLAGS, args)) {
    log[level](`Ignoring ${flag}: not supported by orrery-proxy`);
  }
  const shared = args as { sslProtocol?: string; sslCiphers?: string; sslDhparam?: string };
  const ssl = tlsOptions(
    {
      key: args.sslKey,
      cert: args.sslCert,
      ca: args.sslCa,
      requestCert: args.sslRequestCert,
      rejectUnauthorized: args.sslRejectUnauthorized,
    },
    shared,
    process.env.CONFIGPROXY_SSL_KEY_PASSPHRASE,
  );
  const apiSsl = tlsOptions(
    {
      key: args.apiSslKey,
      cert: args.apiSslCert,
      ca: args.apiSslCa,
      requestCert: args.apiSslRequestCert,
      rejectUnauthorized: args.apiSslRejectUnauthorized,
    },
    shared,
    process.env.CONFIGPROXY_API_SSL_KEY_PASSPHRASE,
  );
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
    socket: args.socket,
    apiSocket: args.apiSocket,
    apiSsl,
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
  if (args.pidFile) writePidFile(args.pidFile, log);
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

/** CHP's `--pid-file`: our pid, removed again when the process exits. */
function writePidFile(file: string, log: { info(message: string): void }): void {
  log.info(`Writing pid ${process.pid} to ${file}`);
  writeFileSync(file, String(process.pid));
  process.on('exit', () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone (removed by whoever stopped us): nothing left to clean
    }
  });
}

main(process.argv).catch((error: Error) => {
  process.stderr.write(`orrery-proxy: ${error.message}\n`);
  process.exit(1);
});
