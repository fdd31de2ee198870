import { ChunkedDecoder } from './chunked-decoder';
import { COLON, CR, decimal, FIELD_CHARS, LF, spells, TOKEN_CHARS, trimmed } from './http-syntax';

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

/** A response that breaks HTTP's rules: the client is answered 502, not 503. */
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

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

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
    // Not a parse error: a target that went away is unavailable (503), not malformed (502).
    if (this.state !== State.Done) throw new Error('target closed the connection mid-response');
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
   * Parses the head in buffer[from, end), where `end` is where its closing CRLFCRLF starts: so
   * every line, the last one too, ends at a CR, and that CR is what stops each scan below. One
   * pass over the bytes, refusing on the way what no head may hold: control characters other
   * than tab, a CR without its LF, a LF without its CR, and header names that are not tokens.
   */
  private parseHead(buffer: Buffer, from: number, end: number): void {
    const text = buffer.toString('latin1', from, end);
    let i = from;
    while (FIELD_CHARS[buffer[i]] === 1) i++;
    if (buffer[i] !== CR) throw new UpstreamParseError('invalid character in response head');
    if (buffer[i + 1] !== LF) throw new UpstreamParseError('bare CR in response head');
    const status = statusLine(text, i - from);
    let contentLength = -1;
    let transferEncoding: string | undefined;
    let connection: string | undefined;
    let keepAliveHint: string | undefined;
    const headers: string[] = [];
    for (i += 2; i < end; i += 2) {
      const nameStart = i;
      while (TOKEN_CHARS[buffer[i]] === 1) i++;
      if (i === nameStart || buffer[i] !== COLON)
        throw new UpstreamParseError('malformed response header line');
      const colon = i;
      do i++;
      while (FIELD_CHARS[buffer[i]] === 1);
      if (buffer[i] !== CR) throw new UpstreamParseError('invalid character in response head');
      if (buffer[i + 1] !== LF) throw new UpstreamParseError('bare CR in response head');
      const start = nameStart - from;
      const value = trimmed(text, colon + 1 - from, i - from);
      headers.push(text.slice(start, colon - from), value);
      switch (colon - nameStart) {
        case 10:
          if (spells(text, start, 'connection'))
            connection = connection === undefined ? value : connection + ',' + value;
          else if (spells(text, start, 'keep-alive')) keepAliveHint = value;
          break;
        case 14:
          if (spells(text, start, 'content-length')) {
            const parsed = decimal(value);
            if (parsed === -1 || (contentLength !== -1 && contentLength !== parsed))
              throw new UpstreamParseError('invalid Content-Length');
            contentLength = parsed;
          }
          break;
        case 17:
          if (spells(text, start, 'transfer-encoding'))
            transferEncoding =
              transferEncoding === undefined ? value : transferEncoding + ',' + value;
          break;
      }
    }
    const http10 = text.charCodeAt(7) === 48;
    if (status.code < 200) {
      if (status.code === 101) throw new UpstreamParseError('unexpected 101 to a plain request');
      return; // interim (100 Continue, 103 Early Hints): the final head follows
    }
    // Refused before the head is relayed, so that the client gets a 502 rather than a cut body.
    if (transferEncoding !== undefined && contentLength !== -1)
      throw new UpstreamParseError('both Content-Length and Transfer-Encoding');
    this.keepAlive = connectionAllowsReuse(connection, http10);
    this.keepAliveHint = keepAliveHint;
    this.events.onHead(status.code, status.reason, headers);
    if (this.headRequest || status.code === 204 || status.code === 304) {
      this.state = State.Done;
    } else if (transferEncoding !== undefined) {
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

/** HTTP/1.1 keeps the connection unless told `close`; HTTP/1.0 only when told `keep-alive`. */
function connectionAllowsReuse(connection: string | undefined, http10: boolean): boolean {
  if (connection === undefined) return !http10;
  const lower = connection.toLowerCase();
  if (/(^|[\s,])close($|[\s,])/.test(lower)) return false;
  return !http10 || /(^|[\s,])keep-alive($|[\s,])/.test(lower);
}
