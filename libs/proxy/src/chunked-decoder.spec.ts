import { ChunkedDecoder } from './chunked-decoder';

class FramingError extends Error {}

const BODY =
  '5;name=value;other="quoted"\r\nhello\r\n' +
  '1\r\n,\r\n' +
  'A\r\n world 123\r\n' +
  '0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n';

/** Feeds `pieces` to a fresh decoder; returns the data it handed on and what it consumed. */
function decode(pieces: string[]) {
  const decoder = new ChunkedDecoder((message) => new FramingError(message));
  let body = '';
  let consumed = 0;
  for (const piece of pieces) {
    const data = Buffer.from(piece, 'latin1');
    consumed += decoder.execute(data, 0, (chunk) => (body += chunk.toString('latin1')));
  }
  return { body, consumed, done: decoder.done };
}

describe('ChunkedDecoder', () => {
  it('decodes a body split in two at every offset, dropping extensions and trailers', () => {
    for (let split = 0; split <= BODY.length; split++) {
      const result = decode([BODY.slice(0, split), BODY.slice(split)]);
      expect({ split, ...result }).toEqual({
        split,
        body: 'hello, world 123',
        consumed: BODY.length,
        done: true,
      });
    }
  });

  it('decodes a body fed byte by byte', () => {
    expect(decode([...BODY])).toEqual({
      body: 'hello, world 123',
      consumed: BODY.length,
      done: true,
    });
  });

  it('starts at the given offset and stops right after the body', () => {
    const decoder = new ChunkedDecoder((message) => new FramingError(message));
    const data = Buffer.from('HEAD2\r\nok\r\n0\r\n\r\nNEXT', 'latin1');
    const slices: Buffer[] = [];
    expect(decoder.execute(data, 4, (chunk) => slices.push(chunk))).toBe(data.length - 4);
    expect(decoder.done).toBe(true);
    expect(slices.map((slice) => slice.toString())).toEqual(['ok']);
  });

  it('hands on subarrays of the input, not copies', () => {
    const decoder = new ChunkedDecoder((message) => new FramingError(message));
    const data = Buffer.from('3\r\nabc\r\n0\r\n\r\n');
    const slices: Buffer[] = [];
    decoder.execute(data, 0, (chunk) => slices.push(chunk));
    expect(slices).toHaveLength(1);
    expect(slices[0].buffer).toBe(data.buffer);
    expect(slices[0].byteOffset).toBe(data.byteOffset + 3);
  });

  it('is ready for a new body after reset', () => {
    const decoder = new ChunkedDecoder((message) => new FramingError(message));
    decoder.execute(Buffer.from('1\r\na\r\n0\r\n\r\n'), 0, () => {});
    expect(decoder.done).toBe(true);
    decoder.reset();
    expect(decoder.done).toBe(false);
    let body = '';
    decoder.execute(Buffer.from('2\r\nbc\r\n0\r\n\r\n'), 0, (chunk) => (body += chunk));
    expect(body).toBe('bc');
    expect(decoder.done).toBe(true);
  });

  it.each([
    ['a size that is not hex', 'zz\r\n', 'invalid chunk size'],
    ['a size of 13 hex digits', '1000000000000\r\n', 'chunk size too large'],
    ['a size line ending in a bare LF', '5\n', 'invalid chunk size'],
    ['a bare CR after the size', '5\rx', 'invalid chunk size line'],
    ['a bare LF in an extension', '5;a\n', 'invalid chunk extension'],
    ['an extension over 16 KiB', '5;' + 'a'.repeat(16 * 1024 + 1), 'invalid chunk extension'],
    ['a size written 0x10', '0x10\r\n', 'invalid chunk size'],
    ['a size with a sign', '+5\r\n', 'invalid chunk size'],
    ['a size after a space', ' 5\r\n', 'invalid chunk size'],
    ['a space after the size', '5 \r\n', 'invalid chunk size'],
    ['a bare semicolon', '5;\r\n', 'invalid chunk extension'],
    ['a space around an extension', '5; a=b\r\n', 'invalid chunk extension'],
    ['an extension value that is no token', '5;a=b c\r\n', 'invalid chunk extension'],
    ['a chunk longer than its size', '1\r\nab\r\n', 'chunk longer than its size'],
    ['a bare LF in a trailer', '0\r\nX-A: 1\n', 'invalid trailer'],
    ['a trailer section over 16 KiB', '0\r\nX-A: ' + 'a'.repeat(16 * 1024), 'trailers too large'],
  ])('refuses %s with the error the caller builds', (_name, body, message) => {
    expect(() => decode([body])).toThrow(FramingError);
    expect(() => decode([body])).toThrow(message);
  });
});
