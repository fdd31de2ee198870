/**
 * Header rewriting between client and target, on Node's raw header arrays
 * (`[name, value, name, value, ...]`) so a request never builds a header object. Pure.
 */

export interface ForwardedFor {
  remoteAddress: string | undefined;
  encrypted: boolean;
  /** Adds `X-Forwarded-For/Port/Proto/Host` as configurable-http-proxy does unless disabled. */
  xForward: boolean;
}

/**
 * Whether a header name, in any case, is hop-by-hop: belongs to one connection and is never
 * forwarded as it is. Names of other lengths are rejected without lowercasing, since this runs
 * for every header of every request and response.
 */
export function isHopByHop(name: string): boolean {
  const length = name.length;
  if (length !== 7 && length !== 10 && length !== 16 && length !== 17) return false;
  const lower = name.toLowerCase();
  return (
    lower === 'connection' ||
    lower === 'keep-alive' ||
    lower === 'proxy-connection' ||
    lower === 'transfer-encoding' ||
    lower === 'upgrade'
  );
}

/** What the header rewriting does with a request header. */
const enum Kind {
  Copy,
  Host,
  HopByHop,
  Expect,
  ForwardedFor,
  ForwardedPort,
  ForwardedProto,
  ForwardedHost,
  OtherForwarded,
}

/** Classifies a request header name, lowercasing only names that may need rewriting. */
function requestHeaderKind(name: string): Kind {
  const length = name.length;
  if (length >= 13 && (name.charCodeAt(0) | 32) === 120) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-forwarded-')) return Kind.Copy;
    if (lower === 'x-forwarded-for') return Kind.ForwardedFor;
    if (lower === 'x-forwarded-port') return Kind.ForwardedPort;
    if (lower === 'x-forwarded-proto') return Kind.ForwardedProto;
    if (lower === 'x-forwarded-host') return Kind.ForwardedHost;
    return Kind.OtherForwarded;
  }
  if (length === 4) return name.toLowerCase() === 'host' ? Kind.Host : Kind.Copy;
  if (length === 6) return name.toLowerCase() === 'expect' ? Kind.Expect : Kind.Copy;
  return isHopByHop(name) ? Kind.HopByHop : Kind.Copy;
}

/**
 * Request headers for the target. `upgrade` keeps `Connection` and `Upgrade` (WebSocket
 * handshakes need them); otherwise the outgoing connection's own keep-alive and framing apply,
 * and `Expect` is dropped because the proxy's server has already answered `100 Continue`.
 */
export function targetRequestHeaders(raw: string[], via: ForwardedFor, upgrade: boolean): string[] {
  const out: string[] = [];
  let xfFor: string | undefined;
  let xfPort: string | undefined;
  let xfProto: string | undefined;
  let xfHost: string | undefined;
  let host: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    const kind = requestHeaderKind(name);
    if (kind === Kind.Copy) {
      out.push(name, value);
      continue;
    }
    if (kind >= Kind.ForwardedFor && via.xForward) {
      if (kind === Kind.ForwardedFor) xfFor = appendValue(xfFor, value);
      else if (kind === Kind.ForwardedPort) xfPort = appendValue(xfPort, value);
      else if (kind === Kind.ForwardedProto) xfProto = appendValue(xfProto, value);
      else if (kind === Kind.ForwardedHost) xfHost ??= value;
      else out.push(name, value);
      continue;
    }
    if (kind === Kind.Host) host = value;
    else if (!upgrade && (kind === Kind.HopByHop || kind === Kind.Expect)) continue;
    out.push(name, value);
  }
  if (!via.xForward) return out;
  const proto = upgrade ? (via.encrypted ? 'wss' : 'ws') : via.encrypted ? 'https' : 'http';
  const port = portOf(host, via.encrypted);
  out.push(
    'X-Forwarded-For',
    appendValue(xfFor, via.remoteAddress ?? ''),
    'X-Forwarded-Port',
    appendValue(xfPort, port),
    'X-Forwarded-Proto',
    appendValue(xfProto, proto),
  );
  // http-proxy only sets X-Forwarded-Host on plain HTTP requests; WebSockets keep theirs.
  if (!upgrade) out.push('X-Forwarded-Host', xfHost ?? host ?? '');
  else if (xfHost !== undefined) out.push('X-Forwarded-Host', xfHost);
  return out;
}

function appendValue(existing: string | undefined, value: string): string {
  return existing === undefined ? value : existing + ',' + value;
}

/** The port of a Host header (`h:8000`, `[::1]:8000`), else the scheme's default. */
export function portOf(host: string | undefined, encrypted: boolean): string {
  const fallback = encrypted ? '443' : '80';
  if (host === undefined) return fallback;
  const colon = host.lastIndexOf(':');
  if (colon === -1 || colon === host.length - 1) return fallback;
  for (let i = colon + 1; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c < 48 || c > 57) return fallback;
  }
  return host.slice(colon + 1);
}

/** Response headers for the client, without the target connection's hop-by-hop headers. */
export function clientResponseHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!isHopByHop(raw[i])) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** A raw HTTP/1.1 response head, for answers written straight to an upgrade socket. */
export function rawResponseHead(status: number, message: string, headers: string[]): string {
  let head = `HTTP/1.1 ${status} ${message}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return head + '\r\n';
}
