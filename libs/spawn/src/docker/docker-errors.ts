/** What the Docker Engine (or the way to it) said, in one line a person can act on. */
export function dockerMessage(error: unknown): string {
  const failure = error as {
    code?: string;
    statusCode?: number;
    json?: { message?: string } | null;
    reason?: string;
    message?: string;
  };
  if (failure.code && ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'].includes(failure.code)) {
    return `the Docker Engine did not answer (${failure.code}); is it running?`;
  }
  const said = failure.json?.message ?? failure.reason ?? failure.message ?? String(error);
  return said.trim();
}

/** The engine's status code of a failed request, if it answered. */
export function dockerStatus(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

/** Runs a request whose "already so" answers (404 gone, 304 stopped, 409 in progress) are fine. */
export async function unlessAlready(request: Promise<unknown>, statuses: number[]): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!statuses.includes(dockerStatus(error) ?? 0)) throw error;
  }
}

/**
 * A container's log without a TTY is frames of an 8-byte header (stream, 0, 0, 0, length
 * big-endian) and the bytes; the lines of both streams in order.
 */
export function demuxLog(buffer: Buffer): string[] {
  const chunks: string[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(at + 4);
    chunks.push(buffer.subarray(at + 8, at + 8 + length).toString('utf8'));
    at += 8 + length;
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
