import { ClientRequestParser, RequestHead, RequestParseError } from './client-request-parser';

interface Parsed {
  heads: RequestHead[];
  body: string;
  /** onHead, onBody and onComplete in the order they came, as `head`, `body`, `complete`. */
  events: string[];
  consumed: number;
}

/** Feeds `pieces` to a fresh parser; returns what it reported and how much it consumed. */
function parse(pieces: (string | Buffer)[], maxHeadBytes?: number) {
  const parsed: Parsed = { heads: [], body: '', events: [], consumed: 0 };
  const parser = new ClientRequestParser(
    {
      onHead: (head) => {
        parsed.heads.push(head);
        parsed.events.push('head');
      },
      onBody: (chunk) => {
        parsed.body += chunk.toString('latin1');
        parsed.events.push('body');
      },
      onComplete: () => parsed.events.push('complete'),
    },
    maxHeadBytes,
  );
  for (const piece of pieces) {
    parsed.consumed += parser.execute(
      Buffer.isBuffer(piece) ? piece : Buffer.from(piece, 'latin1'),
    );
  }
  return { parsed, parser };
}

/** Every byte as its own chunk: the hardest split there is. */
function bytes(text: string): string[] {
  return [...text];
}

/** The error `pieces` make a fresh parser throw. */
function refusal(pieces: string[], maxHeadBytes?: number): RequestParseError {
  try {
    parse(pieces, maxHeadBytes);
  } catch (error) {
    if (error instanceof RequestParseError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

const GET = 'GET /user/ada/lab?x=1 HTTP/1.1\r\nHost: hub.example\r\nAccept:  */*\t\r\n\r\n';

const CHUNKED_POST =
  'POST /api/upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '5;name=value;other="quoted"\r\nhello\r\n' +
  '1\r\n,\r\n' +
  'A\r\n world 123\r\n' +
  '0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n';

describe('ClientRequestParser', () => {
  it('is ready for a first request, neither started nor done', () => {
    const { parser } = parse([]);
    expect(parser.started).toBe(false);
    expect(parser.done).toBe(false);
  });

  it.each([
    ['in one chunk', [GET]],
    ['byte by byte', bytes(GET)],
  ])('parses a simple GET %s and completes it right after its head', (_name, pieces) => {
    const { parsed, parser } = parse(pieces);
    expect(parsed.heads).toEqual([
      {
        method: 'GET',
        url: '/user/ada/lab?x=1',
        http10: false,
        headers: ['Host', 'hub.example', 'Accept', '*/*'],
        host: 'hub.example',
        keepAlive: true,
        upgrade: false,
        expectContinue: false,
        hasBody: false,
      },
    ]);
    expect(parsed.events).toEqual(['head', 'complete']);
    expect(parsed.consumed).toBe(GET.length);
    expect(parser.done).toBe(true);
  });

  it('finds the end of a head split in two at every offset', () => {
    for (let split = 1; split < GET.length; split++) {
      const { parsed } = parse([GET.slice(0, split), GET.slice(split)]);
      expect({ split, url: parsed.heads[0]?.url, events: parsed.events }).toEqual({
        split,
        url: '/user/ada/lab?x=1',
        events: ['head', 'complete'],
      });
    }
  });

  it('is started from the first byte of a request line until reset', () => {
    const { parser } = parse(['GE']);
    expect(parser.started).toBe(true);
    expect(parser.done).toBe(false);
    parser.execute(Buffer.from('T / HTTP/1.1\r\nHost: h\r\n\r\n'));
    expect(parser.done).toBe(true);
    parser.reset();
    expect(parser.started).toBe(false);
    expect(parser.done).toBe(false);
  });

  it('copies the pieces of a split head, so that the caller may reuse its read buffer', () => {
    const readBuffer = Buffer.from('GET /a HTTP/1.1\r\n', 'latin1');
    const { parsed, parser } = parse([readBuffer]);
    readBuffer.fill('x');
    parser.execute(Buffer.from('Host: h\r\n\r\n', 'latin1'));
    expect(parsed.heads[0]).toMatchObject({ method: 'GET', url: '/a', host: 'h' });
  });

  it('keeps the raw names and values', () => {
    const { parsed } = parse(['GET / HTTP/1.1\r\nhOsT:a\r\nX-Empty:\r\n\r\n']);
    expect(parsed.heads[0]).toMatchObject({ host: 'a', headers: ['hOsT', 'a', 'X-Empty', ''] });
  });

  it.each([
    ['two Host headers', 'GET / HTTP/1.1\r\nhOsT:a\r\nHost: b\r\n\r\n'],
    ['a lowercase method', 'get / HTTP/1.1\r\nHost: h\r\n\r\n'],
    [
      'repeated identical Content-Length headers',
      'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\ncontent-length: 0\r\n\r\n',
    ],
  ])('refuses %s with 400', (_name, request) => {
    expect(refusal([request]).status).toBe(400);
  });

  it('accepts bytes from 0x80 in the target and in values, read as latin1', () => {
    const { parsed } = parse([
      Buffer.from('GET /caf\xe9 HTTP/1.1\r\nHost: h\r\nX-Name: Zo\xeb\r\n\r\n', 'latin1'),
    ]);
    expect(parsed.heads[0]).toMatchObject({
      url: '/caf\xe9',
      headers: ['Host', 'h', 'X-Name', 'Zo\xeb'],
    });
  });

  describe('pipelining', () => {
    it('stops after each request; after reset the rest parses', () => {
      const first = 'POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc';
      const second = 'GET /b HTTP/1.1\r\nHost: h\r\n\r\n';
      const data = Buffer.from(first + second, 'latin1');
      const { parsed, parser } = parse([]);
      const boundary = parser.execute(data);
      expect(boundary).toBe(first.length);
      expect(parser.done).toBe(true);
      expect(parser.execute(data.subarray(boundary))).toBe(0);
      parser.reset();
      expect(parser.execute(data.subarray(boundary))).toBe(second.length);
      expect(parsed.heads.map((head) => head.url)).toEqual(['/a', '/b']);
      expect(parsed.body).toBe('abc');
      expect(parsed.events).toEqual(['head', 'body', 'complete', 'head', 'complete']);
    });

    it('leaves the next request to the caller even when onComplete resets the parser', () => {
      const request = 'GET /a HTTP/1.1\r\nHost: h\r\n\r\n';
      const heads: string[] = [];
      const parser: ClientRequestParser = new ClientRequestParser({
        onHead: (head) => heads.push(head.url),
        onBody: () => {},
        onComplete: () => parser.reset(),
      });
      expect(parser.execute(Buffer.from(request + request))).toBe(request.length);
      expect(heads).toEqual(['/a']);
    });
  });

  describe('bodies', () => {
    const POST = 'POST /api HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world';

    it('reads a Content-Length body split in two at every offset', () => {
      for (let split = 0; split <= POST.length; split++) {
        const { parsed, parser } = parse([POST.slice(0, split), POST.slice(split)]);
        expect({ split, body: parsed.body, consumed: parsed.consumed, done: parser.done }).toEqual({
          split,
          body: 'hello world',
          consumed: POST.length,
          done: true,
        });
        expect(parsed.events.filter((event) => event !== 'body')).toEqual(['head', 'complete']);
      }
    });

    it('reads a Content-Length body byte by byte, handing each byte on as it comes', () => {
      const { parsed } = parse(bytes(POST));
      expect(parsed.body).toBe('hello world');
      expect(parsed.events.filter((event) => event === 'body')).toHaveLength(11);
      expect(parsed.heads[0].hasBody).toBe(true);
    });

    it('decodes a chunked body with extensions and trailers split in two at every offset', () => {
      for (let split = 0; split <= CHUNKED_POST.length; split++) {
        const { parsed, parser } = parse([CHUNKED_POST.slice(0, split), CHUNKED_POST.slice(split)]);
        expect({ split, body: parsed.body, consumed: parsed.consumed, done: parser.done }).toEqual({
          split,
          body: 'hello, world 123',
          consumed: CHUNKED_POST.length,
          done: true,
        });
      }
    });

    it('decodes a chunked body byte by byte', () => {
      const { parsed } = parse(bytes(CHUNKED_POST));
      expect(parsed.body).toBe('hello, world 123');
      expect(parsed.events.at(-1)).toBe('complete');
      expect(parsed.heads[0].hasBody).toBe(true);
    });

    it('hands on body slices that are subarrays of the input, not copies', () => {
      const data = Buffer.from(POST, 'latin1');
      const slices: Buffer[] = [];
      new ClientRequestParser({
        onHead: () => {},
        onBody: (chunk) => slices.push(chunk),
        onComplete: () => {},
      }).execute(data);
      expect(slices).toHaveLength(1);
      expect(slices[0].buffer).toBe(data.buffer);
    });

    it.each([
      ['Content-Length: 0', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n'],
      ['no Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ])('has no body with %s', (_name, request) => {
      const { parsed } = parse([request]);
      expect(parsed.heads[0].hasBody).toBe(false);
      expect(parsed.events).toEqual(['head', 'complete']);
    });

    it.each([
      ['the only coding', 'Transfer-Encoding: chunked'],
      ['the last of a list', 'Transfer-Encoding: gzip, Chunked'],
      ['the last of several headers', 'Transfer-Encoding: gzip\r\ntransfer-encoding: CHUNKED'],
    ])('decodes chunked as %s', (_name, header) => {
      const { parsed } = parse([
        `POST / HTTP/1.1\r\nHost: h\r\n${header}\r\n\r\n2\r\nok\r\n0\r\n\r\n`,
      ]);
      expect(parsed.body).toBe('ok');
      expect(parsed.events.at(-1)).toBe('complete');
    });
  });

  describe('leading empty lines', () => {
    it('ignores a few CRLFs before the request line, without starting the request', () => {
      const { parsed, parser } = parse(['\r\n\r', '\n']);
      expect(parser.started).toBe(false);
      expect(parsed.consumed).toBe(4);
      parser.execute(Buffer.from(GET, 'latin1'));
      expect(parsed.heads[0].url).toBe('/user/ada/lab?x=1');
    });

    it.each([
      ['too many of them', '\r\n'.repeat(5) + GET],
      ['a bare LF', '\n' + GET],
      ['a bare CR', '\rGET / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ])('refuses %s', (_name, request) => {
      expect(refusal([request]).status).toBe(400);
    });
  });

  describe('connection reuse', () => {
    it.each([
      ['HTTP/1.1 by default', 'HTTP/1.1', '', true],
      ['HTTP/1.1 with close', 'HTTP/1.1', 'Connection: close\r\n', false],
      ['HTTP/1.1 with Close in a list', 'HTTP/1.1', 'Connection: TE,\t CLOSE \r\n', false],
      [
        'HTTP/1.1 with close in a second Connection header',
        'HTTP/1.1',
        'Connection: keep-alive\r\nConnection: close\r\n',
        false,
      ],
      [
        'HTTP/1.1 with a token that only contains close',
        'HTTP/1.1',
        'Connection: closed\r\n',
        true,
      ],
      ['HTTP/1.0 by default', 'HTTP/1.0', '', false],
      ['HTTP/1.0 with Keep-Alive', 'HTTP/1.0', 'Connection: Keep-Alive\r\n', true],
      ['HTTP/1.0 with keep-alive in a list', 'HTTP/1.0', 'Connection: te, keep-alive\r\n', true],
      [
        'HTTP/1.0 with both keep-alive and close',
        'HTTP/1.0',
        'Connection: keep-alive, close\r\n',
        false,
      ],
    ])('%s', (_name, version, header, keepAlive) => {
      const { parsed } = parse([`GET / ${version}\r\nHost: h\r\n${header}\r\n`]);
      expect(parsed.heads[0]).toMatchObject({ keepAlive, http10: version === 'HTTP/1.0' });
    });
  });

  describe('upgrades', () => {
    const HANDSHAKE =
      'GET /ws HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n' +
      'Content-Length: 5\r\n\r\n';

    it('completes the request after its head and leaves the rest to the new protocol', () => {
      const { parsed, parser } = parse([HANDSHAKE + '\x81\x05hello']);
      expect(parsed.heads[0]).toMatchObject({ upgrade: true, hasBody: true });
      expect(parsed.events).toEqual(['head', 'complete']);
      expect(parsed.consumed).toBe(HANDSHAKE.length);
      expect(parser.done).toBe(true);
    });

    it.each([
      ['the upgrade token without an Upgrade header', 'Connection: upgrade\r\n', false],
      ['an Upgrade header without the upgrade token', 'Upgrade: websocket\r\n', false],
      ['both, in any case', 'connection: UPGRADE\r\nupgrade: h2c\r\n', true],
    ])('%s', (_name, headers, upgrade) => {
      const { parsed } = parse([`GET / HTTP/1.1\r\nHost: h\r\n${headers}\r\n`]);
      expect(parsed.heads[0].upgrade).toBe(upgrade);
    });
  });

  describe('Expect', () => {
    it.each([
      ['100-continue on HTTP/1.1', 'HTTP/1.1', 'Expect: 100-continue', true],
      ['100-Continue in another case', 'HTTP/1.1', 'expect: 100-Continue', true],
      ['100-continue on HTTP/1.0', 'HTTP/1.0', 'Expect: 100-continue', false],
      ['another expectation on HTTP/1.0', 'HTTP/1.0', 'Expect: 200-ok', false],
      ['no Expect header', 'HTTP/1.1', 'X-Expect: 100-continue', false],
    ])('%s', (_name, version, header, expectContinue) => {
      const request = `PUT / ${version}\r\nHost: h\r\n${header}\r\nContent-Length: 1\r\n\r\n`;
      expect(parse([request]).parsed.heads[0].expectContinue).toBe(expectContinue);
    });

    it('refuses another expectation on HTTP/1.1 with 417, as node:http does', () => {
      const request = 'PUT / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n';
      const parser = new ClientRequestParser({
        onHead: () => undefined,
        onBody: () => undefined,
        onComplete: () => undefined,
      });
      expect(() => parser.execute(Buffer.from(request))).toThrow(
        expect.objectContaining({ status: 417 }),
      );
    });
  });

  describe('refusals', () => {
    const line = (requestLine: string) => `${requestLine}\r\nHost: h\r\n\r\n`;
    const header = (headerLines: string) => `GET / HTTP/1.1\r\nHost: h\r\n${headerLines}\r\n\r\n`;

    it.each([
      ['an empty method', line(' / HTTP/1.1'), 'malformed request line'],
      ['a method that is not a token', line('G(T / HTTP/1.1'), 'malformed request line'],
      ['two spaces after the method', line('GET  / HTTP/1.1'), 'malformed request target'],
      ['a space in the target', line('GET /a b HTTP/1.1'), 'unsupported HTTP version'],
      ['a tab in the target', line('GET /a\tb HTTP/1.1'), 'malformed request target'],
      [
        'a control character in the target',
        line('GET /a\x01b HTTP/1.1'),
        'malformed request target',
      ],
      ['DEL in the target', line('GET /a\x7fb HTTP/1.1'), 'malformed request target'],
      ['a missing version', line('GET /'), 'malformed request target'],
      ['HTTP/2.0', line('GET / HTTP/2.0'), 'unsupported HTTP version'],
      ['HTTP/1.2', line('GET / HTTP/1.2'), 'unsupported HTTP version'],
      ['a lowercase version', line('GET / http/1.1'), 'unsupported HTTP version'],
      ['a version with trailing bytes', line('GET / HTTP/1.10'), 'malformed request line'],
      ['a space after the version', line('GET / HTTP/1.1 '), 'malformed request line'],
      ['CONNECT', line('CONNECT hub.example:443 HTTP/1.1'), 'CONNECT is not supported'],
      ['a space before the colon', header('X-A : b'), 'malformed header line'],
      ['an empty header name', header(': b'), 'malformed header line'],
      ['a header line without a colon', header('X-A'), 'malformed header line'],
      ['a non-token header name', header('X[A]: b'), 'malformed header line'],
      ['a folded header line', header('X-A: b\r\n c'), 'malformed header line'],
      ['a folded header line with a tab', header('X-A: b\r\n\tc'), 'malformed header line'],
      [
        'a control character in a value',
        header('X-A: a\x01b'),
        'invalid character in header value',
      ],
      ['DEL in a value', header('X-A: a\x7fb'), 'invalid character in header value'],
      ['a bare CR in a value', header('X-A: a\rb'), 'bare CR in request head'],
      ['a bare LF in a value', header('X-A: a\nX-B: b'), 'invalid character in header value'],
      [
        'a bare CR in the request line',
        'GET / HTTP/1.1\rHost: h\r\n\r\n',
        'malformed request line',
      ],
      [
        'a bare LF ending the request line',
        'GET / HTTP/1.1\nHost: h\r\n\r\n',
        'malformed request line',
      ],
      ['a missing Host on HTTP/1.1', 'GET / HTTP/1.1\r\nX-A: b\r\n\r\n', 'missing Host header'],
      ['a negative Content-Length', header('Content-Length: -1'), 'invalid Content-Length'],
      ['an empty Content-Length', header('Content-Length:'), 'invalid Content-Length'],
      ['a Content-Length list', header('Content-Length: 1, 1'), 'invalid Content-Length'],
      [
        'a Content-Length of 16 digits',
        header('Content-Length: 1000000000000000'),
        'invalid Content-Length',
      ],
      [
        'differing Content-Length headers',
        header('Content-Length: 1\r\nContent-Length: 2'),
        'invalid Content-Length',
      ],
      [
        'a last coding that is not chunked',
        header('Transfer-Encoding: chunked, gzip'),
        'Transfer-Encoding does not end with chunked',
      ],
      [
        'chunked, then gzip in a second header',
        header('Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip'),
        'Transfer-Encoding does not end with chunked',
      ],
      [
        'an unknown coding',
        header('Transfer-Encoding: xchunked'),
        'Transfer-Encoding does not end with chunked',
      ],
      [
        'Transfer-Encoding on HTTP/1.0 without chunked',
        'GET / HTTP/1.0\r\nTransfer-Encoding: gzip\r\n\r\n',
        'Transfer-Encoding does not end with chunked',
      ],
      [
        'Transfer-Encoding with Content-Length',
        header('Transfer-Encoding: chunked\r\nContent-Length: 3'),
        'both Content-Length and Transfer-Encoding',
      ],
      [
        'a chunk size that is not hex',
        header('Transfer-Encoding: chunked') + 'zz\r\n',
        'invalid chunk size',
      ],
      [
        'a chunk longer than its size',
        header('Transfer-Encoding: chunked') + '1\r\nab\r\n',
        'chunk longer than its size',
      ],
      [
        'a bare LF in a trailer',
        header('Transfer-Encoding: chunked') + '0\r\nX-A: 1\n',
        'invalid trailer',
      ],
    ])('answers 400 to %s', (_name, request, message) => {
      expect(refusal([request])).toMatchObject({ status: 400, message });
    });

    it('answers 400 to a request with bare LF line ends before any blank CRLF line', () => {
      expect(refusal(['GET / HTTP/1.1\nHost: h\n\n']).status).toBe(400);
      expect(refusal(['GET / HTTP/1.1\r', '\nHost: h\n', '\n']).status).toBe(400);
    });

    it('accepts a CRLF split across pieces', () => {
      const { parsed } = parse(['GET / HTTP/1.1\r', '\nHost: h\r', '\n\r', '\n']);
      expect(parsed.heads).toHaveLength(1);
    });
  });

  describe('head size', () => {
    /** A head of exactly `size` bytes. */
    function headOf(size: number): string {
      const start = 'GET / HTTP/1.1\r\nHost: h\r\nX-Filler: ';
      return start + 'a'.repeat(size - start.length - 4) + '\r\n\r\n';
    }

    it.each([
      ['in one chunk', (head: string) => [head]],
      ['in two pieces', (head: string) => [head.slice(0, 100), head.slice(100)]],
      ['byte by byte', bytes],
    ])('accepts a head of exactly the limit and refuses one byte more, %s', (_name, split) => {
      expect(parse(split(headOf(1024)), 1024).parsed.heads).toHaveLength(1);
      expect(refusal(split(headOf(1025)), 1024).status).toBe(431);
    });

    it('defaults to 16 KiB, like node:http', () => {
      expect(parse([headOf(16 * 1024)]).parsed.heads).toHaveLength(1);
      expect(refusal([headOf(16 * 1024 + 1)]).status).toBe(431);
    });

    it('answers 431 to a 64 KB partial head as soon as it passes the limit', () => {
      const { parser } = parse(['GET / HTTP/1.1\r\nHost: h\r\n']);
      const piece = Buffer.from('X-Filler: ' + 'a'.repeat(1012) + '\r\n', 'latin1');
      let accepted = 0;
      const feed = () => {
        for (let i = 0; i < 64; i++) {
          parser.execute(piece);
          accepted++;
        }
      };
      expect(feed).toThrow(expect.objectContaining({ status: 431 }));
      expect(accepted).toBe(15);
    });
  });
});
