import { ChunkedDecoder } from './chunked-decoder';

/**
 * Incremental parser of HTTP/1.1 responses from a target, fed the socket's chunks as they
 * come. It hands on the final head, then the decoded body in slices of the received buffers
 * (never copied, never buffered whole), then the end. Knows every way a response body ends:
 * Content-Length, chunked (extensions and trailers dropped), the connection closing, or no
 * body at all (HEAD, 1xx, 204, 304). Interim 1xx heads are skipped. Pure: no I/O.
 */

export interface ResponseEvents {
  onHead(status: number, reason: string, headers: string[]): void;
  onBody(chunk: Buffer): void;
  onComplete(): void;
}

export class UpstreamParseError extends Error {}

/** Larger heads are refused, as undici and Node refuse heads over 16 KiB by default. */
const MAX_HEAD_BYTES = 64 * 1024;

const enum State {
  Head,
  LengthBody,
  CloseBody,
  Chunked,
  Done,
}

const CR = 13;
const LF = 10;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN_CHARS[c.charCodeAt(0)] = 1;

export class UpstreamResponseParser {
  /** Whether the target allows another request on this connection after this response. */
  keepAlive = true;
  /** The `Keep-Alive` header of the last head, if any (`timeout=5`). */
  keepAliveHint: string | undefined;
  /** Whether any byte of the response has arrived (a reused connection that closes before is stale). */
  started = false;

  private state = State.Done;
  private headRequest = false;
  private partialHead: Buffer | undefined;
  private remaining = 0;
  private readonly chunked = new ChunkedDecoder(upstreamParseError);
  /** Created once: the chunked decoder is handed it for every piece of every body. */
  private readonly emitBody = (chunk: Buffer): void => this.events.onBody(chunk);

  constructor(private readonly events: ResponseEvents) {}

  get done(): boolean {
    return this.state === State.Done;
  }

  /** Prepares for the response to a new request; a HEAD response never has a body. */
  expect(headRequest: boolean): void {
    this.state = State.Head;
    this.headRequest = headRequest;
    this.partialHead = undefined;
    this.keepAlive = true;
    this.keepAliveHint = undefined;
    this.started = false;
  }

  /**
   * Consumes bytes of the response and returns how many belonged to it: fewer than
   * `data.length` only when the response ended inside `data`. Throws UpstreamParseError.
   */
  execute(data: Buffer): number {
    if (data.length > 0) this.started = true;
    let at = 0;
    while (at < data.length && this.state !== State.Done) {
      switch (this.state) {
        case State.Head:
          at = this.head(data, at);
          break;
        case State.LengthBody: {
          const end = Math.min(data.length, at + this.remaining);
          this.remaining -= end - at;
          if (this.remaining === 0) this.state = State.Done;
          this.events.onBody(at === 0 && end === data.length ? data : data.subarray(at, end));
          at = end;
          break;
        }
        case State.CloseBody:
          this.events.onBody(at === 0 ? data : data.subarray(at));
          at = data.length;
          break;
        case State.Chunked:
          at = this.chunked.execute(data, at, this.emitBody);
          if (this.chunked.done) this.state = State.Done;
          break;
      }
      if (this.state === State.Done) this.events.onComplete();
    }
    return at;
  }

  /** The connection ended: completes a body delimited by close, else the response was cut. */
  finish(): void {
    if (this.state === State.CloseBody) {
      this.state = State.Done;
      this.events.onComplete();
      return;
    }
    if (this.state !== State.Done)
      throw new UpstreamParseError('target closed the connection mid-response');
  }

  private head(data: Buffer, at: number): number {
    let buffer = data;
    let from = at;
    let searchFrom = at;
    if (this.partialHead !== undefined) {
      // The end marker may straddle the two pieces: search from 3 bytes before the join.
      searchFrom = Math.max(0, this.partialHead.length - 3);
      buffer = Buffer.concat([this.partialHead, data.subarray(at)]);
      from = 0;
      this.partialHead = undefined;
    }
    const end = buffer.indexOf(HEAD_END, searchFrom);
    if (end === -1) {
      if (buffer.length - from > MAX_HEAD_BYTES)
        throw new UpstreamParseError('response head too large');
      this.partialHead = from === 0 ? buffer : buffer.subarray(from);
      return data.length;
    }
    if (end - from > MAX_HEAD_BYTES) throw new UpstreamParseError('response head too large');
    this.parseHead(buffer, from, end);
    // Bytes consumed from `data`: the head ends 4 bytes after `end` in `buffer`.
    return buffer === data ? end + 4 : data.length - (buffer.length - (end + 4));
  }

  /**
   * Parses the head in buffer[from, end) (without its closing blank line) in one pass over its
   * bytes, which also refuses what no head may hold: control characters other than tab, CR or LF
   * outside a CRLF line end, and header names that are not tokens.
   */
  private parseHead(buffer: Buffer, from: number, end: number): void {
    const text = buffer.toString('latin1', from, end);
    let status: { code: number; reason: string } | undefined;
    let contentLength = -1;
    let transferEncoding: string | undefined;
    let connection: string | undefined;
    let keepAliveHint: string | undefined;
    const headers: string[] = [];
    let start = 0;
    let colon = -1;
    for (let i = from; i <= end; i++) {
      const c = i === end ? CR : buffer[i];
      if (c !== CR) {
        if (c === LF || (c < 32 && c !== 9) || c === 127)
          throw new UpstreamParseError('invalid character in response head');
        if (colon === -1 && status !== undefined) {
          if (c === 58) colon = i - from;
          else if (c > 127 || TOKEN_CHARS[c] === 0)
            throw new UpstreamParseError('malformed response header line');
        }
        continue;
      }
      if (i < end && buffer[++i] !== LF) throw new UpstreamParseError('bare CR in response head');
      const lineEnd = i - from - (i === end ? 0 : 1);
      if (status === undefined) {
        status = statusLine(text, lineEnd);
        start = lineEnd + 2;
        continue;
      }
      if (colon <= start) throw new UpstreamParseError('malformed response header line');
      const name = text.slice(start, colon);
      const value = trimmed(text, colon + 1, lineEnd);
      headers.push(name, value);
      start = lineEnd + 2;
      colon = -1;
      const length = name.length;
      if (length !== 10 && length !== 14 && length !== 17) continue;
      const lower = name.toLowerCase();
      if (lower === 'content-length') {
        const parsed = decimal(value);
        if (parsed === -1 || (contentLength !== -1 && contentLength !== parsed))
          throw new UpstreamParseError('invalid Content-Length');
        contentLength = parsed;
      } else if (lower === 'transfer-encoding') {
        transferEncoding = transferEncoding === undefined ? value : transferEncoding + ',' + value;
      } else if (lower === 'connection') {
        connection = connection === undefined ? value : connection + ',' + value;
      } else if (lower === 'keep-alive') {
        keepAliveHint = value;
      }
    }
    if (status === undefined) throw new UpstreamParseError('malformed status line');
    const http10 = text.charCodeAt(7) === 48;
    if (status.code < 200) {
      if (status.code === 101) throw new UpstreamParseError('unexpected 101 to a plain request');
      return; // interim (100 Continue, 103 Early Hints): the final head follows
    }
    this.keepAlive = connectionAllowsReuse(connection, http10);
    this.keepAliveHint = keepAliveHint;
    this.events.onHead(status.code, status.reason, headers);
    if (this.headRequest || status.code === 204 || status.code === 304) {
      this.state = State.Done;
    } else if (transferEncoding !== undefined) {
      if (contentLength !== -1)
        throw new UpstreamParseError('both Content-Length and Transfer-Encoding');
      if (/(^|,)\s*chunked\s*$/i.test(transferEncoding)) {
        this.state = State.Chunked;
        this.chunked.reset();
      } else {
        this.state = State.CloseBody;
        this.keepAlive = false;
      }
    } else if (contentLength !== -1) {
      this.remaining = contentLength;
      this.state = contentLength === 0 ? State.Done : State.LengthBody;
    } else {
      this.state = State.CloseBody;
      this.keepAlive = false;
    }
  }
}

function upstreamParseError(message: string): UpstreamParseError {
  return new UpstreamParseError(message);
}

function statusLine(text: string, end: number): { code: number; reason: string } {
  // HTTP/1.x NNN[ reason]
  if (!text.startsWith('HTTP/1.') || text.charCodeAt(8) !== 32 || end < 12)
    throw new UpstreamParseError('malformed status line');
  let code = 0;
  for (let i = 9; i < 12; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw new UpstreamParseError('malformed status line');
    code = code * 10 + digit;
  }
  if (end > 12 && text.charCodeAt(12) !== 32) throw new UpstreamParseError('malformed status line');
  return { code, reason: end > 13 ? text.slice(13, end) : '' };
}

/** text[start, end) without the optional whitespace around a header value. */
function trimmed(text: string, start: number, end: number): string {
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return text.slice(start, end);
}

/** A Content-Length value: 1 to 15 decimal digits, else -1. */
function decimal(value: string): number {
  if (value.length === 0 || value.length > 15) return -1;
  let result = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    result = result * 10 + digit;
  }
  return result;
}

/** HTTP/1.1 keeps the connection unless told `close`; HTTP/1.0 only when told `keep-alive`. */
function connectionAllowsReuse(connection: string | undefined, http10: boolean): boolean {
  if (connection === undefined) return !http10;
  const lower = connection.toLowerCase();
  if (/(^|[\s,])close($|[\s,])/.test(lower)) return false;
  return !http10 || /(^|[\s,])keep-alive($|[\s,])/.test(lower);
}
