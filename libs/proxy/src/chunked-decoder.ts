/**
 * Incremental decoder of a chunked message body, shared by the parser of responses from targets
 * and the parser of requests from clients. Hands on chunk data in slices of the given buffers
 * (never copied); chunk extensions and trailer fields are read and dropped. Pure: no I/O.
 */

/** A chunk-size line with extensions, or the trailer section, may not grow past this. */
const MAX_LINE_BYTES = 16 * 1024;
/** 12 hex digits (2^48) is beyond any body yet keeps the size exact in a double. */
const MAX_SIZE_DIGITS = 12;

/**
 * RFC 9112 §7.1.1 without its optional whitespace, as llhttp 9 reads it (`5 `, `5; a` and a bare
 * `5;` are refused): `*( ";" name [ "=" ( token / quoted-string ) ] )`. A hop that read the
 * line another way would see another body.
 */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t !#-\\[\\]-~\\x80-\\xff]|\\\\[\\t -~\\x80-\\xff])*"';
const CHUNK_EXTENSIONS = new RegExp(`^(?:;${TOKEN}(?:=(?:${TOKEN}|${QUOTED}))?)+$`);

/** In the order of the body; the trailer states are last so one comparison finds them. */
const enum State {
  Size,
  Extension,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerLineStart,
  TrailerLine,
  TrailerLineLf,
  TrailerEndLf,
  Done,
}

const CR = 13;
const LF = 10;

/** Decodes a chunked body incrementally (extensions and trailers dropped); pure, no copies. */
export class ChunkedDecoder {
  private state = State.Size;
  private remaining = 0;
  private sizeDigits = 0;
  private lineBytes = 0;
  /** The chunk-size line after the size, checked whole at its CR (extensions are rare). */
  private extension = '';

  /** `fail` builds the error thrown on malformed framing (each parser throws its own type). */
  constructor(private readonly fail: (message: string) => Error) {}

  /** Ready for a new body. */
  reset(): void {
    this.state = State.Size;
    this.remaining = 0;
    this.sizeDigits = 0;
  }

  /** True once the last chunk and the trailer section (final CRLF) have been consumed. */
  get done(): boolean {
    return this.state === State.Done;
  }

  /**
   * Decodes data[at..]: hands each data slice (a subarray, never a copy) to onData; returns the
   * offset after what it consumed — less than data.length only when the body ended inside data.
   */
  execute(data: Buffer, at: number, onData: (chunk: Buffer) => void): number {
    while (at < data.length && this.state !== State.Done) {
      if (this.state !== State.Data) {
        at = this.framing(data, at);
        continue;
      }
      const end = Math.min(data.length, at + this.remaining);
      this.remaining -= end - at;
      if (this.remaining === 0) this.state = State.DataCr;
      onData(data.subarray(at, end));
      at = end;
    }
    return at;
  }

  /** Chunk-size lines, the CRLF after each chunk, and the trailer section, byte by byte. */
  private framing(data: Buffer, at: number): number {
    while (at < data.length) {
      const c = data[at++];
      switch (this.state) {
        case State.Size: {
          const digit = hexValue(c);
          if (digit !== -1) {
            if (++this.sizeDigits > MAX_SIZE_DIGITS) throw this.fail('chunk size too large');
            this.remaining = this.remaining * 16 + digit;
            break;
          }
          if (this.sizeDigits === 0) throw this.fail('invalid chunk size');
          if (c === CR) this.state = State.SizeLf;
          else if (c === 59) {
            this.state = State.Extension;
            this.lineBytes = 1;
            this.extension = String.fromCharCode(c);
          } else throw this.fail('invalid chunk size');
          break;
        }
        case State.Extension:
          if (c === CR) {
            if (!CHUNK_EXTENSIONS.test(this.extension)) throw this.fail('invalid chunk extension');
            this.state = State.SizeLf;
          } else if (c === LF || ++this.lineBytes > MAX_LINE_BYTES)
            throw this.fail('invalid chunk extension');
          else this.extension += String.fromCharCode(c);
          break;
        case State.SizeLf:
          if (c !== LF) throw this.fail('invalid chunk size line');
          if (this.remaining === 0) {
            this.state = State.TrailerLineStart;
            this.lineBytes = 0;
            break;
          }
          this.state = State.Data;
          return at;
        case State.DataCr:
          if (c !== CR) throw this.fail('chunk longer than its size');
          this.state = State.DataLf;
          break;
        case State.DataLf:
          if (c !== LF) throw this.fail('chunk longer than its size');
          this.state = State.Size;
          this.remaining = 0;
          this.sizeDigits = 0;
          break;
        case State.TrailerLineStart:
          this.state = c === CR ? State.TrailerEndLf : State.TrailerLine;
          if (c === LF) throw this.fail('invalid trailer');
          break;
        case State.TrailerLine:
          if (c === CR) this.state = State.TrailerLineLf;
          else if (c === LF) throw this.fail('invalid trailer');
          break;
        case State.TrailerLineLf:
          if (c !== LF) throw this.fail('invalid trailer');
          this.state = State.TrailerLineStart;
          break;
        case State.TrailerEndLf:
          if (c !== LF) throw this.fail('invalid trailer');
          this.state = State.Done;
          return at;
      }
      if (this.state >= State.TrailerLineStart && ++this.lineBytes > MAX_LINE_BYTES)
        throw this.fail('trailers too large');
    }
    return at;
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}
