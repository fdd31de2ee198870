/**
 * configurable-http-proxy's flags that orrery-proxy does not act on. A hub's command line
 * must still start it, so each is either accepted and logged (what it changes is not
 * something a hub relies on for safety) or refused with the flag's name (acting as if it
 * were set would weaken security, e.g. TLS to the targets that the admin asked for).
 */

/** Accepted, logged at this level, not acted on. */
export const IGNORED_FLAGS: [string, 'debug' | 'warn'][] = [
  ['--metrics-ip <ip>', 'debug'],
  ['--metrics-port <n>', 'debug'],
  ['--metrics-socket <path>', 'debug'],
  ['--storage-backend <class>', 'debug'],
  // RC4 is broken and Node's OpenSSL has no RC4 ciphers: refusing to allow it is safe
  ['--ssl-allow-rc4', 'warn'],
  // no HTTP port is opened for the redirect: nothing answers there, nothing is weakened
  ['--redirect-port <port>', 'warn'],
  ['--redirect-to <port>', 'debug'],
  // targets are plain HTTP (--client-ssl-* is refused), so there is no certificate to skip
  ['--insecure', 'warn'],
  ['--error-path <path>', 'warn'],
  ['--no-prepend-path', 'warn'],
  ['--no-include-prefix', 'warn'],
  ['--auto-rewrite', 'warn'],
  ['--change-origin', 'warn'],
  ['--protocol-rewrite <proto>', 'warn'],
];

/** Refused: the proxy exits with this reason rather than run without what the flag asks. */
export const REFUSED_FLAGS: [string, string][] = [
  ['--client-ssl-key <file>', 'TLS to the targets is not supported'],
  ['--client-ssl-cert <file>', 'TLS to the targets is not supported'],
  ['--client-ssl-ca <file>', 'TLS to the targets is not supported'],
  ['--client-ssl-request-cert', 'TLS to the targets is not supported'],
  ['--client-ssl-reject-unauthorized', 'TLS to the targets is not supported'],
  ['--custom-header <header>', 'headers added to proxied requests are not supported'],
];

/** commander's attribute name of a flag: `--no-x-forward` → `xForward`, `--pid-file` → `pidFile`. */
export function optionName(flags: string): { name: string; negated: boolean; flag: string } {
  const flag = flags.split(' ')[0];
  const negated = flag.startsWith('--no-');
  const name = flag
    .replace(negated ? /^--no-/ : /^--/, '')
    .replace(/-(.)/g, (_m, c: string) => c.toUpperCase());
  return { name, negated, flag };
}

/** The rows of `table` whose flag is present in parsed `args`, as `[flag, what the row says]`. */
export function givenFlags<T>(table: [string, T][], args: Record<string, unknown>): [string, T][] {
  return table.flatMap(([flags, said]): [string, T][] => {
    const { name, negated, flag } = optionName(flags);
    const given = negated ? args[name] === false : args[name] !== undefined;
    return given ? [[flag, said]] : [];
  });
}
