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

/** Hop-by-hop headers that belong to one connection and are never forwarded as they are. */
export function isHopByHop(lower: string): boolean {
  return (
    lower === 'connection' ||
    lower === 'keep-alive' ||
    lower === 'proxy-connection' ||
    lower === 'transfer-encoding' ||
    lower === 'upgrade'
  );
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
    const lower = name.toLowerCase();
    if (via.xForward && lower.startsWith('x-forwarded-')) {
      if (lower === 'x-forwarded-for') xfFor = xfFor === undefined ? value : xfFor + ',' + value;
      else if (lower === 'x-forwarded-port')
        xfPort = xfPort === undefined ? value : xfPort + ',' + value;
      else if (lower === 'x-forwarded-proto')
        xfProto = xfProto === undefined ? value : xfProto + ',' + value;
      else if (lower === 'x-forwarded-host') xfHost ??= value;
      else out.push(name, value);
      continue;
    }
    if (lower === 'host') host = value;
    else if (!upgrade && (isHopByHop(lower) || lower === 'expect')) continue;
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

function portOf(host: string | undefined, encrypted: boolean): string {
  const match = host === undefined ? null : /:(\d+)$/.exec(host);
  return match ? match[1] : encrypted ? '443' : '80';
}

/** Response headers for the client, without the target connection's hop-by-hop headers. */
export function clientResponseHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!isHopByHop(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** A raw HTTP/1.1 response head, for answers written straight to an upgrade socket. */
export function rawResponseHead(status: number, message: string, headers: string[]): string {
  let head = `HTTP/1.1 ${status} ${message}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return head + '\r\n';
}
