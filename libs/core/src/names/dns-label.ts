/**
 * A user or service name as one DNS label, for the host names `JupyterHub.subdomain_host` gives
 * each server: `alice` stays `alice`, `jörg` becomes `xn--jrg-sna`, and anything else becomes
 * `u-<stub>--<hash>`. The rules are JupyterHub 6's default `subdomain_hook_idna`; a name that
 * contains `--` always takes the hash route, so no name can collide with another's encoding.
 */
import { createHash } from 'node:crypto';
import { domainToASCII, domainToUnicode } from 'node:url';

const LABEL = /^[a-z0-9-]{1,63}$/i;

/** A label a resolver accepts: letters, digits, inner dashes, not all digits, short enough. */
export function isDnsSafeLabel(label: string, maxLength = 63): boolean {
  if (/^[0-9]+$/.test(label)) return false;
  if (label.length === 0 || label.length > maxLength) return false;
  if (label.startsWith('-') || label.endsWith('-')) return false;
  return LABEL.test(label);
}

/** The always-valid fallback: `u-` + up to 8 safe characters + `--` + 7 hex of sha256. */
export function trimAndHash(name: string): string {
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 7);
  const stub = [...name.toLowerCase()]
    .filter((c) => /[a-z0-9]/.test(c))
    .slice(0, 8)
    .join('');
  // an empty stub would put `--` in the 3rd and 4th place, which RFC 5891 keeps for IDNs
  return `u-${stub || 'x'}--${hash}`;
}

/** JupyterHub's `_strict_dns_safe_encode`. */
export function strictDnsSafeEncode(name: string, maxLength = 63): string {
  if (name.includes('--')) return trimAndHash(name);
  if (isDnsSafeLabel(name, maxLength)) return name;
  const idna = idnaLabel(name);
  if (idna !== undefined && isDnsSafeLabel(idna)) return idna;
  return trimAndHash(name);
}

/**
 * Python's `idna.encode` refuses what IDNA 2008 does not allow; Node's UTS 46 mapping instead
 * maps (upper case, compatibility forms, dots). Accepting only encodings that decode back to the
 * very same name keeps the encoding one-to-one, which is what the host names need.
 */
function idnaLabel(name: string): string | undefined {
  if (name.includes('.')) return undefined;
  const ascii = domainToASCII(name);
  if (ascii === '' || ascii === name) return undefined;
  return domainToUnicode(ascii) === name ? ascii : undefined;
}

/** The host of a user's (`kind` user) or a service's server under the subdomain_host domain. */
export function subdomainFor(name: string, domain: string, kind: 'user' | 'service'): string {
  const suffix = kind === 'user' ? '' : `--${kind}`;
  return `${strictDnsSafeEncode(name)}${suffix}.${domain}`;
}
