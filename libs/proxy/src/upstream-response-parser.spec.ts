import { UpstreamParseError, UpstreamResponseParser } from './upstream-response-parser';

interface Parsed {
  heads: { status: number; reason: string; headers: string[] }[];
  body: string;
  bodyChunks: number;
  complete: boolean;
  consumed: number;
}

/** Feeds `pieces` to a fresh parser expecting one response; returns what it reported. */
function parse(pieces: (string | Buffer)[], options: { head?: boolean; eof?: boolean } = {}) {
  const parsed: Parsed = { heads: [], body: '', bodyChunks: 0, complete: false, consumed: 0 };
  const parser = new UpstreamResponseParser({
    onHead: (status, reason, headers) => parsed.heads.push({ status, reason, headers }),
    onBody: (chunk) => {
      parsed.body += chunk.toString('latin1');
      parsed.bodyChunks++;
    },
    onComplete: () => (parsed.complete = true),
  });
  parser.expect(options.head === true);
  for (const piece of pieces) {
    parsed.consumed += parser.execute(
      Buffer.isBuffer(piece) ? piece : Buffer.from(piece, 'latin1'),
    );
  }
  if (options.eof === true) parser.finish();
  return { parsed, parser };
}

/** Every byte as its own chunk: the hardest split there is. */
function bytes(text: string): string[] {
  return [...text];
}

const CHUNKED =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n' +
  '5;name=value;other="quoted"\r\nhello\r\n' +
  '1\r\n,\r\n' +
  'A\r\n world 123\r\n' +
  '0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n';

describe('UpstreamResponseParser', () => {
  it('reads a Content-Length body and keeps the connection', () => {
    const { parsed, parser } = parse([
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhello',
    ]);
    expect(parsed.heads).toEqual([
      {
        status: 200,
        reason: 'OK',
        headers: ['Content-Length', '5', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'],
      },
    ]);
    expect(parsed.body).toBe('hello');
    expect(parsed.complete).toBe(true);
    expect(parser.keepAlive).toBe(true);
  });

  it('parses a head and body split at every byte, including inside the blank line', () => {
    const { parsed } = parse(bytes('HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nabc'));
    expect(parsed.heads[0]).toMatchObject({ status: 404, reason: 'Not Found' });
    expect(parsed.body).toBe('abc');
    expect(parsed.complete).toBe(true);
  });

  it('decodes chunked bodies with chunk extensions and drops trailers, whole or split at every byte', () => {
    for (const pieces of [[CHUNKED], bytes(CHUNKED)]) {
      const { parsed, parser } = parse(pieces);
      expect(parsed.body).toBe('hello, world 123');
      expect(parsed.complete).toBe(true);
      expect(parsed.consumed).toBe(CHUNKED.length);
      expect(parser.keepAlive).toBe(true);
    }
  });

  it('hands chunk data on as it arrives, before the chunk is complete', () => {
    const { parsed } = parse(
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nfirst half'],
      {},
    );
    expect(parsed.body).toBe('first half');
    expect(parsed.complete).toBe(false);
  });

  it('reads a body without length until the connection closes, and does not reuse it', () => {
    const { parsed, parser } = parse(['HTTP/1.1 200 OK\r\n\r\nsome ', 'bytes'], { eof: true });
    expect(parsed.body).toBe('some bytes');
    expect(parsed.complete).toBe(true);
    expect(parser.keepAlive).toBe(false);
  });

  it('throws when the connection closes in mid-body', () => {
    expect(() =>
      parse(['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'], { eof: true }),
    ).toThrow('target closed the connection mid-response');
    expect(() =>
      parse(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel'], { eof: true }),
    ).toThrow('target closed the connection mid-response');
  });

  it('reads no body after HEAD, 204 and 304 even with a Content-Length', () => {
    const head = parse(['HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'], { head: true });
    expect(head.parsed.complete).toBe(true);
    for (const status of ['204 No Content', '304 Not Modified']) {
      const { parsed } = parse([`HTTP/1.1 ${status}\r\nContent-Length: 7\r\n\r\n`]);
      expect(parsed.complete).toBe(true);
      expect(parsed.body).toBe('');
    }
  });

  it('skips interim 100 and 103 heads and reports the final one', () => {
    const { parsed } = parse([
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n',
      'HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok',
    ]);
    expect(parsed.heads.map((h) => h.status)).toEqual([201]);
    expect(parsed.body).toBe('ok');
  });

  it('reports how much belonged to the response when more bytes follow it', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
    const { parsed } = parse([response + 'HTTP/1.1 200 OK\r\n']);
    expect(parsed.complete).toBe(true);
    expect(parsed.consumed).toBe(response.length);
  });

  it.each([
    [
      'Connection: close on HTTP/1.1',
      'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      false,
    ],
    ['HTTP/1.0 by default', 'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n', false],
    [
      'HTTP/1.0 with keep-alive',
      'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n',
      true,
    ],
    [
      'Connection: keep-alive, upgrade',
      'HTTP/1.1 200 OK\r\nConnection: keep-alive, Upgrade\r\nContent-Length: 0\r\n\r\n',
      true,
    ],
  ])('decides connection reuse: %s', (_name, response, keepAlive) => {
    expect(parse([response]).parser.keepAlive).toBe(keepAlive);
  });

  it('keeps the Keep-Alive hint of the last head', () => {
    const { parser } = parse([
      'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n',
    ]);
    expect(parser.keepAliveHint).toBe('timeout=5');
  });

  it('reads a status line without a reason phrase', () => {
    const { parsed } = parse(['HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n']);
    expect(parsed.heads[0]).toMatchObject({ status: 200, reason: '' });
  });

  it.each([
    ['both lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['conflicting lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n'],
    ['a bad length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    [
      'a chunk longer than its size',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n',
    ],
    ['a control character in a value', 'HTTP/1.1 200 OK\r\nX-A: a\x01b\r\n\r\n'],
    ['a bare LF in a value', 'HTTP/1.1 200 OK\r\nX-A: a\nX-B: b\r\n\r\n'],
    ['a bare CR in a value', 'HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n'],
    ['a bare CR in the reason', 'HTTP/1.1 200 O\rK\r\nX-A: a\r\n\r\n'],
    ['a space in a header name', 'HTTP/1.1 200 OK\r\nX A: b\r\n\r\n'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nX-A: b\r\n  c\r\n\r\n'],
    ['a malformed status line', 'HTTP/2 200 OK\r\n\r\n'],
    ['a 101 to a plain request', 'HTTP/1.1 101 Switching Protocols\r\n\r\n'],
  ])('rejects %s', (_name, response) => {
    expect(() => parse([response])).toThrow(UpstreamParseError);
  });

  it('rejects both Content-Length and Transfer-Encoding before handing on the head', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n';
    const heads: number[] = [];
    const parser = new UpstreamResponseParser({
      onHead: (status) => heads.push(status),
      onBody: () => undefined,
      onComplete: () => undefined,
    });
    parser.expect(false);
    expect(() => parser.execute(Buffer.from(head))).toThrow(UpstreamParseError);
    expect(heads).toEqual([]);
  });

  it('rejects a head larger than 64 KiB, even when it arrives in pieces', () => {
    const piece = 'X-Filler: ' + 'a'.repeat(1000) + '\r\n';
    const pieces = ['HTTP/1.1 200 OK\r\n', ...Array.from({ length: 70 }, () => piece)];
    expect(() => parse(pieces)).toThrow('response head too large');
  });

  it('is ready for the next response after one completes', () => {
    const { parsed, parser } = parse(['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na']);
    expect(parsed.complete).toBe(true);
    parser.expect(false);
    expect(parser.done).toBe(false);
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb'));
    expect(parser.done).toBe(true);
    expect(parsed.body).toBe('ab');
  });
});
