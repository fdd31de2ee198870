import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';

/** JupyterHub's keep-alive: an empty event every 8 s keeps intermediate proxies from closing. */
const KEEPALIVE_MS = 8000;

/** Python's `json.dumps`: `", "` and `": "` separators, non-ASCII as `\uXXXX`. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const items = Object.entries(value).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`);
    return `{${items.join(', ')}}`;
  }
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Sends `events` as `text/event-stream` (`data: <json>\n\n` each), until they end or the client goes. */
export function sendEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  events: AsyncIterable<object>,
): void {
  const stream = new PassThrough();
  let open = true;
  const keepalive = setInterval(() => stream.write('\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  request.raw.once('close', () => {
    open = false;
  });
  stream.write('\n\n');
  void reply
    .header('Content-Type', 'text/event-stream')
    .header('Cache-Control', 'no-cache')
    .send(stream);
  void (async () => {
    try {
      for await (const event of events) {
        if (!open) break;
        stream.write(`data: ${pythonJson(event)}\n\n`);
      }
    } finally {
      clearInterval(keepalive);
      stream.end();
    }
  })();
}
