import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import type { ParsedTarget } from './route-table';
import { UpstreamParseError, UpstreamResponseParser } from './upstream-response-parser';

/** What a forwarded exchange hears back from the target. */
export interface UpstreamHandler {
  onHead(status: number, reason: string, headers: string[]): void;
  /** Returns false when the client is slow: the target is paused until `resume()`. */
  onBody(chunk: Buffer): boolean;
  /** `last`: the body's final chunk, handed on here so that it goes out with the end. */
  onComplete(last: Buffer | undefined): void;
  /** The exchange failed: no head yet (answer 503) or cut mid-body (cut the client off too). */
  onError(error: Error): void;
  /** The bytes of one read were handed on and the response goes on: time to flush what is held. */
  onReadEnd?(): void;
}

/** One request and its response, as the pool and a connection see it. */
export class UpstreamExchange {
  connection: UpstreamConnection | undefined;
  /** Set once the exchange has ended (completed, failed or aborted): later events are dropped. */
  ended = false;
  /** Stale keep-alive connections are retried once on a fresh one. */
  retried = false;

  constructor(
    readonly target: ParsedTarget,
    readonly head: string,
    readonly headRequest: boolean,
    /** The request body (the client's request stream), null when there is none. */
    readonly body: Readable | null,
    readonly chunked: boolean,
    readonly handler: UpstreamHandler,
  ) {}

  /** The client went away: drop the target connection unless the exchange is over. */
  abort(): void {
    if (this.ended) return;
    this.ended = true;
    this.connection?.destroy();
  }

  /** The client drained: let the target send again. */
  resume(): void {
    if (!this.ended && this.connection?.exchange === this) this.connection.socket.resume();
  }
}

export interface ConnectionOwner {
  /** The exchange is over and the connection may serve another request. */
  release(connection: UpstreamConnection): void;
  /** The connection closed. */
  closed(connection: UpstreamConnection): void;
  /** Hands an exchange whose reused connection turned out closed to a fresh connection. */
  retry(exchange: UpstreamExchange): void;
}

/** Milliseconds a new connection may take to connect, as undici's default. */
const CONNECT_TIMEOUT = 10_000;

/**
 * One keep-alive HTTP/1.1 connection to a target, serving one exchange at a time (no
 * pipelining): writes the request head in one write, streams the request body with the
 * client's backpressure, parses the response and streams it to the handler.
 */
export class UpstreamConnection {
  exchange: UpstreamExchange | undefined;
  /** Epoch milliseconds after which an idle connection is no longer used. */
  expiresAt = 0;
  /** Whether an exchange has completed on this connection (a failure before any byte is staleness). */
  reused = false;
  private readonly parser: UpstreamResponseParser;
  private requestSent = false;
  private responseDone = false;
  private lastChunk: Buffer | undefined;
  private headTimer: NodeJS.Timeout | undefined;
  private bodyListeners:
    { data: (chunk: Buffer) => void; end: () => void; close: () => void } | undefined;

  constructor(
    readonly origin: string,
    readonly socket: Socket,
    private readonly owner: ConnectionOwner,
    private readonly headersTimeout: number,
    connectEvent: 'connect' | 'secureConnect',
  ) {
    this.parser = new UpstreamResponseParser({
      onHead: (status, reason, headers) => this.onHead(status, reason, headers),
      onBody: (chunk) => this.onBody(chunk),
      onComplete: () => {
        this.responseDone = true;
      },
    });
    socket.setTimeout(CONNECT_TIMEOUT, () => socket.destroy(new Error('connect timeout')));
    socket.once(connectEvent, () => socket.setTimeout(0));
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('end', () => this.onEnd());
    socket.on('error', (error) => this.fail(error, true));
    socket.on('close', () => this.onClose());
  }

  get destroyed(): boolean {
    return this.socket.destroyed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  send(exchange: UpstreamExchange): void {
    this.exchange = exchange;
    exchange.connection = this;
    this.responseDone = false;
    this.parser.expect(exchange.headRequest);
    if (this.socket.isPaused()) this.socket.resume();
    this.socket.write(exchange.head, 'latin1');
    if (this.headersTimeout > 0) {
      this.headTimer = setTimeout(
        () => this.fail(new Error('target response timeout'), false),
        this.headersTimeout,
      );
    }
    if (exchange.body === null) this.requestSent = true;
    else this.sendBody(exchange.body, exchange.chunked);
  }

  /** Streams the client's body: each chunk as it comes, pausing the client while the socket is full. */
  private sendBody(body: Readable, chunked: boolean): void {
    this.requestSent = false;
    const socket = this.socket;
    const resume = () => body.resume();
    const data = (chunk: Buffer) => {
      let flowing: boolean;
      if (chunked) {
        socket.cork();
        socket.write(chunk.length.toString(16) + '\r\n', 'latin1');
        socket.write(chunk);
        flowing = socket.write('\r\n', 'latin1');
        socket.uncork();
      } else flowing = socket.write(chunk);
      if (!flowing) {
        body.pause();
        socket.once('drain', resume);
      }
    };
    const end = () => {
      this.stopBody(body);
      if (chunked) socket.write('0\r\n\r\n', 'latin1');
      this.requestSent = true;
    };
    // The client went away before its body was complete: the target's request can never end.
    const close = () => {
      if (!this.requestSent) this.destroy();
    };
    this.bodyListeners = { data, end, close };
    body.on('data', data);
    body.on('end', end);
    body.on('close', close);
  }

  private stopBody(body: Readable): void {
    const listeners = this.bodyListeners;
    if (listeners === undefined) return;
    this.bodyListeners = undefined;
    body.off('data', listeners.data);
    body.off('end', listeners.end);
    body.off('close', listeners.close);
  }

  private onData(data: Buffer): void {
    const exchange = this.exchange;
    if (exchange === undefined) {
      this.destroy(); // bytes nobody asked for: the connection can never be trusted again
      return;
    }
    let consumed: number;
    try {
      consumed = this.parser.execute(data);
    } catch (error) {
      this.fail(error as UpstreamParseError, false);
      return;
    }
    if (this.exchange !== exchange) return;
    if (this.responseDone) this.finishExchange(consumed === data.length);
    else if (!exchange.ended) exchange.handler.onReadEnd?.();
  }

  private onHead(status: number, reason: string, headers: string[]): void {
    clearTimeout(this.headTimer);
    this.headTimer = undefined;
    const exchange = this.exchange;
    if (exchange !== undefined && !exchange.ended) exchange.handler.onHead(status, reason, headers);
  }

  private onBody(chunk: Buffer): void {
    const exchange = this.exchange;
    if (exchange === undefined || exchange.ended) return;
    // The parser is done after a Content-Length body's last chunk: it ends the response with it.
    if (this.parser.done) this.lastChunk = chunk;
    else if (!exchange.handler.onBody(chunk)) this.socket.pause();
  }

  /** The response is complete: reuse the connection when both sides allow, then tell the handler. */
  private finishExchange(clean: boolean): void {
    const exchange = this.exchange;
    if (exchange === undefined) return;
    const reusable = clean && this.parser.keepAlive && this.requestSent;
    if (!this.requestSent && exchange.body !== null) this.stopBody(exchange.body);
    this.exchange = undefined;
    this.reused = true;
    const wasEnded = exchange.ended;
    exchange.ended = true;
    if (reusable) {
      if (this.socket.isPaused()) this.socket.resume();
      this.owner.release(this);
    } else this.destroy();
    const last = this.lastChunk;
    this.lastChunk = undefined;
    if (!wasEnded) exchange.handler.onComplete(last);
  }

  /** The target ended its side: completes a body delimited by close, else fails the exchange. */
  private onEnd(): void {
    if (this.exchange === undefined) {
      this.destroy();
      return;
    }
    try {
      this.parser.finish();
    } catch (error) {
      this.fail(error as Error, true);
      return;
    }
    if (this.responseDone) this.finishExchange(false);
  }

  /** The hint of the last response's `Keep-Alive` header, for the pool's idle expiry. */
  get keepAliveHint(): string | undefined {
    return this.parser.keepAliveHint;
  }

  /** `closed`: the target closed or reset the connection (which on a reused one may be staleness). */
  private fail(error: Error, closed: boolean): void {
    clearTimeout(this.headTimer);
    this.headTimer = undefined;
    const exchange = this.exchange;
    this.exchange = undefined;
    this.socket.destroy();
    if (exchange === undefined) return;
    if (exchange.body !== null) this.stopBody(exchange.body);
    if (exchange.ended) return;
    if (
      closed &&
      this.reused &&
      !this.parser.started &&
      exchange.body === null &&
      !exchange.retried
    ) {
      // A kept-alive connection the target had closed meanwhile: nothing was processed.
      exchange.retried = true;
      exchange.connection = undefined;
      this.owner.retry(exchange);
      return;
    }
    exchange.ended = true;
    exchange.handler.onError(error);
  }

  private onClose(): void {
    if (this.exchange !== undefined) this.fail(new Error('target closed the connection'), true);
    this.owner.closed(this);
  }
}
