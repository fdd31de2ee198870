import { ChunkedDecoder } from './chunked-decoder';
import {
  COLON,
  CR,
  decimal,
  FIELD_CHARS,
  isOws,
  LF,
  SP,
  spells,
  TOKEN_CHARS,
  trimmed,
  VISIBLE_CHARS,
} from './http-syntax';

/**
 * Incremental parser of HTTP/1.x requests from clients, for the proxy's own server, fed the
 * socket's chunks as they come. It hands on the head, then the decoded body in slices of the
 * received buffers (never copied, never buffered whole), then the end, and stops there: what
 * follows is the next pipelined request, or the new protocol of an upgrade. It refuses what
 * node:http's server (llhttp, strict) refuses, with the status to answer. Pure: no I/O.
 */

export interface RequestHead {
  method: string;
  /** The request target exactly as sent (decoded as latin1, like node:http's req.url). */
  url: string;
  http10: boolean;
  /** Raw header pairs [name, value, ...]: names as sent, values without surrounding spaces/tabs (like node:http's rawHeaders). */
  headers: string[];
  /** The first Host header's value, if any. */
  host: string | undefined;
  /** Whether the client allows another request on this connection afterwards: HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive` (tokens, case-insensitive, comma lists, several Connection headers). */
  keepAlive: boolean;
  /** A `Connection` header with the `upgrade` token AND an `Upgrade` header: the bytes after the head belong to the new protocol. */
  upgrade: boolean;
  /** `Expect: 100-continue` (case-insensitive) on an HTTP/1.1 request. */
  expectContinue: boolean;
  /** Whether a body follows: Content-Length > 0, or chunked. */
  hasBody: boolean;
}

export interface RequestEvents {
  onHead(head: RequestHead): void;
  /** Decoded body slices (subarrays of the input, never copies). */
  onBody(chunk: Buffer): void;
  /** The request (head and body) is complete. */
  onComplete(): void;
}

/** `status` is what the client is answered before the connection is closed. */
export class RequestParseError extends Error {
  constructor(
    readonly status: 400 | 417 | 431,
    message: string,
  ) {
    super(message);
  }
}

/** Uppercase letters and '-' (M-SEARCH): the characters of the methods llhttp knows. */
const METHOD_CHARS = new Uint8Array(256);
for (let c = 65; c <= 90; c++) METHOD_CHARS[c] = 1;
METHOD_CHARS[45] = 1;

/** RFC 9112 §2.2: a client may send an empty line after a body; a stream of them is no request. */
const MAX_EMPTY_LINES = 4;

const enum State {
  EmptyLines,
  Head,
  LengthBody,
  Chunked,
  Done,
}

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

const CLOSE = 1;
const KEEP_ALIVE = 2;
const UPGRADE = 4;

export class ClientRequestParser {
  private state = State.EmptyLines;
  private emptyLineBytes = 0;
  /** A head split across calls: copies of its pieces, so that callers may reuse read buffers. */
  private readonly pieces: Buffer[] = [];
  private pieceBytes = 0;
  /** How many bytes of CRLFCRLF the pieces end with (0 to 3), for a marker across the join. */
  private matched = 0;
  private remaining = 0;
  private readonly chunked = new ChunkedDecoder(badRequest);
  /** Created once: the chunked decoder is handed it for every piece of every body. */
  private readonly emitBody = (chunk: Buffer): void => this.events.onBody(chunk);

  constructor(
    private readonly events: RequestEvents,
    private readonly maxHeadBytes = 16 * 1024,
  ) {}

  /** Whether a byte of the current request has arrived (empty lines before it do not count). */
  get started(): boolean {
    return this.state !== State.EmptyLines;
  }

  /** The current request (head and body) is complete; reset() prepares the next. */
  get done(): boolean {
    return this.state === State.Done;
  }

  reset(): void {
    this.state = State.EmptyLines;
    this.emptyLineBytes = 0;
    if (this.pieces.length > 0) this.pieces.length = 0;
    this.pieceBytes = 0;
    this.matched = 0;
  }

  /**
   * Consumes bytes of the current request and returns how many belonged to it: it stops right
   * after a complete request (the rest is the next pipelined request), and right after the head
   * of an upgrade request (the rest is the new protocol's). Nothing of `data` is kept once it
   * returns, but body slices are subarrays of it. Throws RequestParseError.
   */
  execute(data: Buffer): number {
    let at = 0;
    while (at < data.length && this.state !== State.Done) {
      switch (this.state) {
        case State.EmptyLines:
          at = this.skipEmptyLines(data, at);
          break;
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
        case State.Chunked:
          at = this.chunked.execute(data, at, this.emitBody);
          if (this.chunked.done) this.state = State.Done;
          break;
      }
      // Returning at once leaves the next request to the caller, even if onComplete resets.
      if (this.state === State.Done) {
        this.events.onComplete();
        return at;
      }
    }
    return at;
  }

  private skipEmptyLines(data: Buffer, at: number): number {
    for (; at < data.length; at++) {
      const c = data[at];
      const awaitingLf = (this.emptyLineBytes & 1) === 1;
      if (c !== (awaitingLf ? LF : CR)) {
        if (awaitingLf || c === LF) throw badRequest('bare CR or LF before the request line');
        this.state = State.Head;
        return at;
      }
      if (++this.emptyLineBytes > 2 * MAX_EMPTY_LINES)
        throw badRequest('too many empty lines before the request line');
    }
    return at;
  }

  /** Finds the end of the head, parses it once whole, and keeps the pieces of one that is not. */
  private head(data: Buffer, at: number): number {
    let headEnd = this.pieceBytes > 0 ? this.endAcrossJoin(data, at) : -1;
    if (headEnd === -1) {
      const marker = data.indexOf(HEAD_END, at);
      if (marker === -1) {
        this.keepPiece(data, at);
        return data.length;
      }
      headEnd = marker + 4;
    }
    const size = this.pieceBytes + headEnd - at;
    if (size > this.maxHeadBytes) throw headTooLarge();
    if (this.pieceBytes === 0) {
      this.parseHead(data, at, headEnd - 4);
    } else {
      this.pieces.push(data.subarray(at, headEnd));
      const head = Buffer.concat(this.pieces, size);
      this.pieces.length = 0;
      this.pieceBytes = 0;
      this.parseHead(head, 0, size - 4);
    }
    return headEnd;
  }

  /** The end of a CRLFCRLF begun in the pieces and finished in data's first 3 bytes, else -1. */
  private endAcrossJoin(data: Buffer, at: number): number {
    let matched = this.matched;
    const stop = Math.min(data.length, at + 3);
    for (let i = at; i < stop && matched !== 0; i++) {
      matched = headEndProgress(matched, data[i]);
      if (matched === 4) return i + 1;
    }
    return -1;
  }

  private keepPiece(data: Buffer, at: number): void {
    const length = data.length - at;
    // Refused before the head ends: a client need never send the blank line.
    if (this.pieceBytes + length > this.maxHeadBytes) throw headTooLarge();
    this.rejectBareLf(data, at);
    this.pieces.push(Buffer.from(data.subarray(at)));
    this.pieceBytes += length;
    // The progress after a piece depends only on its last 3 bytes, or on all of a shorter one.
    let matched = length >= 3 ? 0 : this.matched;
    for (let i = Math.max(at, data.length - 3); i < data.length; i++)
      matched = headEndProgress(matched, data[i]);
    this.matched = matched;
  }

  /**
   * A client ending lines with LF alone never sends CRLFCRLF: refused as soon as seen, rather
   * than once the head is too large or the connection times out.
   */
  private rejectBareLf(data: Buffer, at: number): void {
    // Before data, the pieces end with CR exactly when a CR is matched (1 or 3 bytes).
    const crBefore = this.matched === 1 || this.matched === 3;
    for (let lf = data.indexOf(LF, at); lf !== -1; lf = data.indexOf(LF, lf + 1)) {
      if (lf > at ? data[lf - 1] !== CR : !crBefore) throw badRequest('bare LF in request head');
    }
  }

  /**
   * Parses the head in buffer[from, end), where `end` is where its closing CRLFCRLF starts: so
   * every line, the last one too, ends at a CR, and that CR is what stops each loop below. One
   * pass over the bytes, refusing on the way what no request head may hold.
   */
  private parseHead(buffer: Buffer, from: number, end: number): void {
    const text = buffer.toString('latin1', from, end);
    // METHOD SP request-target SP HTTP/1.x CRLF
    let i = from;
    // Methods are case-sensitive and every registered one is uppercase: llhttp refuses `get`.
    while (METHOD_CHARS[buffer[i]] === 1) i++;
    if (i === from || buffer[i] !== SP) throw badRequest('malformed request line');
    const method = text.slice(0, i - from);
    if (method === 'CONNECT') throw badRequest('CONNECT is not supported');
    const targetStart = ++i;
    while (VISIBLE_CHARS[buffer[i]] === 1) i++;
    if (i === targetStart || buffer[i] !== SP) throw badRequest('malformed request target');
    const url = text.slice(targetStart - from, i - from);
    const version = i + 1 - from;
    const minor = text.charCodeAt(version + 7);
    if (!text.startsWith('HTTP/1.', version) || (minor !== 48 && minor !== 49))
      throw badRequest('unsupported HTTP version');
    i += 9;
    if (buffer[i] !== CR || buffer[i + 1] !== LF) throw badRequest('malformed request line');
    const http10 = minor === 48;

    const headers: string[] = [];
    let host: string | undefined;
    let contentLength = -1;
    let transferEncoding: string | undefined;
    let connection = 0;
    let upgradeHeader = false;
    let expectContinue = false;
    for (i += 2; i < end; i += 2) {
      const nameStart = i;
      while (TOKEN_CHARS[buffer[i]] === 1) i++;
      // Also refuses a folded line: its leading space or tab is no token character.
      if (i === nameStart || buffer[i] !== COLON) throw badRequest('malformed header line');
      const colon = i;
      do i++;
      while (FIELD_CHARS[buffer[i]] === 1);
      if (buffer[i] !== CR) throw badRequest('invalid character in header value');
      if (buffer[i + 1] !== LF) throw badRequest('bare CR in request head');
      const start = nameStart - from;
      const value = trimmed(text, colon + 1 - from, i - from);
      headers.push(text.slice(start, colon - from), value);
      // Only names of these lengths can matter: the others are not compared at all.
      switch (colon - nameStart) {
        case 4:
          if (!spells(text, start, 'host')) break;
          // Two Hosts leave the route to whichever one a hop reads (RFC 9112 §3.2: 400).
          if (host !== undefined) throw badRequest('more than one Host header');
          host = value;
          break;
        case 6:
          if (!spells(text, start, 'expect')) break;
          if (value.length === 12 && spells(value, 0, '100-continue')) expectContinue = !http10;
          else if (!http10) throw new RequestParseError(417, 'unsupported expectation');
          break;
        case 7:
          if (spells(text, start, 'upgrade')) upgradeHeader = true;
          break;
        case 10:
          if (spells(text, start, 'connection')) connection |= connectionOptions(value);
          break;
        case 14:
          if (spells(text, start, 'content-length')) {
            const parsed = decimal(value);
            // Even equal duplicates, as llhttp: a hop that joins them would read another length.
            if (parsed === -1 || contentLength !== -1) throw badRequest('invalid Content-Length');
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

    let chunked = false;
    if (transferEncoding !== undefined) {
      if (contentLength !== -1) throw badRequest('both Content-Length and Transfer-Encoding');
      // Any other last coding leaves the body's end unknown, which a request may not.
      if (!/(?:^|,)[ \t]*chunked[ \t]*$/i.test(transferEncoding))
        throw badRequest('Transfer-Encoding does not end with chunked');
      chunked = true;
    }
    if (host === undefined && !http10) throw badRequest('missing Host header');
    const upgrade = upgradeHeader && (connection & UPGRADE) !== 0;
    const hasBody = chunked || contentLength > 0;
    this.events.onHead({
      method,
      url,
      http10,
      headers,
      host,
      keepAlive: (connection & CLOSE) === 0 && (!http10 || (connection & KEEP_ALIVE) !== 0),
      upgrade,
      expectContinue,
      hasBody,
    });
    if (upgrade || !hasBody) {
      this.state = State.Done;
    } else if (chunked) {
      this.state = State.Chunked;
      this.chunked.reset();
    } else {
      this.state = State.LengthBody;
      this.remaining = contentLength;
    }
  }
}

function badRequest(message: string): RequestParseError {
  return new RequestParseError(400, message);
}

function headTooLarge(): RequestParseError {
  return new RequestParseError(431, 'request head too large');
}

/** How many bytes of CRLFCRLF are matched after byte c, given `matched` before it (0 to 3). */
function headEndProgress(matched: number, c: number): number {
  if (c === CR) return matched === 2 ? 3 : 1;
  if (c === LF && (matched === 1 || matched === 3)) return matched + 1;
  return 0;
}

/** The `close`, `keep-alive` and `upgrade` tokens of a Connection value, as bits. */
function connectionOptions(value: string): number {
  let options = 0;
  for (let start = 0; start <= value.length;) {
    let end = value.indexOf(',', start);
    if (end === -1) end = value.length;
    let first = start;
    let last = end;
    while (first < last && isOws(value.charCodeAt(first))) first++;
    while (last > first && isOws(value.charCodeAt(last - 1))) last--;
    const length = last - first;
    if (length === 5 && spells(value, first, 'close')) options |= CLOSE;
    else if (length === 10 && spells(value, first, 'keep-alive')) options |= KEEP_ALIVE;
    else if (length === 7 && spells(value, first, 'upgrade')) options |= UPGRADE;
    start = end + 1;
  }
  return options;
}
