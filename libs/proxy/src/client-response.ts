import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { isHopByHop } from './forwarded-headers';

/** How a response body is delimited on the client's connection. */
const enum Framing {
  None,
  Length,
  Chunked,
  Close,
}

const LAST_CHUNK = '0\r\n\r\n';
/** Body pieces up to this size join the head's text: one write, one system call per response. */
const JOIN_BYTES = 4096;

/** The connection a response is written to, told when the response has been written whole. */
export interface ResponseOwner {
  responseEnded(response: ClientResponse): void;
}

/**
 * The response to one client request, written straight to the client's socket: the head is
 * built as one string and goes out with the first body bytes in one write, and the body is
 * framed as node:http would frame it: the target's Content-Length kept, else chunked for
 * HTTP/1.1 clients, else delimited by closing.
 */
export class ClientResponse {
  headersSent = false;
  finished = false;
  /** Whether the connection stays open for another request once this response is written. */
  keepAlive: boolean;
  /** Called when the client goes away before the response was written whole. */
  onAbort: (() => void) | undefined;
  private framing = Framing.None;
  /** Latin1 text not yet written: the head, and the small body pieces that came right after it. */
  private pending = '';

  constructor(
    private readonly owner: ResponseOwner,
    private readonly socket: Socket,
    private readonly headRequest: boolean,
    keepAlive: boolean,
    private readonly http10: boolean,
    /** `Connection: keep-alive` and `Keep-Alive: timeout=N` lines, precomputed per server. */
    private readonly keepAliveLines: string,
  ) {
    this.keepAlive = keepAlive;
  }

  /** Set once the connection answered the request itself (a malformed body): writes are dropped. */
  private abandoned = false;

  get destroyed(): boolean {
    return this.abandoned || this.socket.destroyed;
  }

  /** The connection answers instead (400 to a malformed body): whoever forwards may not write. */
  abandon(): void {
    this.abandoned = true;
    this.headersSent = true;
    this.finished = true;
  }

  /**
   * `headers`: raw pairs, a target's as they came: its hop-by-hop headers are left out here, in
   * the one pass that builds the head.
   */
  writeHead(status: number, reason: string, headers: string[]): void {
    let head = 'HTTP/1.1 ' + status + ' ' + reason + '\r\n';
    let length = false;
    let date = false;
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i];
      if (name.length === 14 && name.toLowerCase() === 'content-length') length = true;
      else if (name.length === 4 && name.toLowerCase() === 'date') date = true;
      else if (isHopByHop(name)) continue;
      head += name + ': ' + headers[i + 1] + '\r\n';
    }
    if (!date) head += 'Date: ' + utcDate() + '\r\n';
    if (this.headRequest || status === 204 || status === 304) this.framing = Framing.None;
    else if (length) this.framing = Framing.Length;
    else if (!this.http10) {
      this.framing = Framing.Chunked;
      head += 'Transfer-Encoding: chunked\r\n';
    } else {
      this.framing = Framing.Close;
      this.keepAlive = false;
    }
    head += this.keepAlive ? this.keepAliveLines : 'Connection: close\r\n';
    this.headersSent = true;
    // Held until the body's first bytes, `end` or `flush`, to leave with them in one write.
    this.pending = head + '\r\n';
  }

  /**
   * Writes body bytes; false when the client is slow (wait for `onceDrain`). A small piece
   * right after the head joins it, held until `end` or `flush`.
   */
  write(chunk: Buffer): boolean {
    if (this.framing === Framing.None || chunk.length === 0) return true;
    const chunked = this.framing === Framing.Chunked;
    if (this.pending !== '' && chunk.length <= JOIN_BYTES) {
      const text = chunk.toString('latin1');
      this.pending += chunked ? chunk.length.toString(16) + '\r\n' + text + '\r\n' : text;
      return true;
    }
    this.socket.cork();
    this.flush();
    if (chunked) this.socket.write(chunk.length.toString(16) + '\r\n', 'latin1');
    let flowing = this.socket.write(chunk);
    if (chunked) flowing = this.socket.write('\r\n', 'latin1');
    this.socket.uncork();
    return flowing;
  }

  /** Writes what is held: an event stream's head goes out before its first event. */
  flush(): void {
    if (this.pending === '') return;
    this.socket.write(this.pending, 'latin1');
    this.pending = '';
  }

  end(last?: Buffer | string): void {
    if (this.finished) return;
    this.finished = true;
    if (last !== undefined) this.write(typeof last === 'string' ? Buffer.from(last) : last);
    if (this.framing === Framing.Chunked) this.pending += LAST_CHUNK;
    this.flush();
    this.owner.responseEnded(this);
  }

  onceDrain(listener: () => void): void {
    this.socket.once('drain', listener);
  }

  destroy(): void {
    if (!this.abandoned) this.socket.destroy();
  }

  /** Head and body of a small complete response (error pages, health). */
  send(status: number, headers: string[], body: string): void {
    this.writeHead(status, STATUS_CODES[status] ?? 'Unknown', [
      ...headers,
      'Content-Length',
      String(Buffer.byteLength(body)),
    ]);
    this.end(body);
  }
}

let dateCache = '';
let dateCacheSecond = 0;

/** The `Date` header value, formatted at most once a second. */
function utcDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateCacheSecond) {
    dateCacheSecond = second;
    dateCache = new Date(second * 1000).toUTCString();
  }
  return dateCache;
}
