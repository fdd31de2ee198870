import { Injectable, Logger } from '@nestjs/common';

/** What `POST /hub/api/shutdown` asked for; null means the hub's configured default. */
export interface ShutdownRequest {
  /** stop the users' servers too */
  servers: boolean | null;
  /** stop the proxy too */
  proxy: boolean | null;
}

export type ShutdownHandler = (request: ShutdownRequest) => Promise<void> | void;

/**
 * The hub's way to stop itself. The application registers how it closes (apps/hub closes
 * the Nest app; only the CLI's `start` then exits the process), so the API can ask for a
 * shutdown and tests can watch one happen without ending the test process.
 */
@Injectable()
export class HubShutdown {
  private readonly logger = new Logger('shutdown');
  private handler: ShutdownHandler | null = null;
  private running: Promise<void> | null = null;
  private finished!: () => void;
  private lastRequest: ShutdownRequest | null = null;

  /** Resolves once a requested shutdown has run its handler. */
  readonly done: Promise<void> = new Promise((resolve) => (this.finished = resolve));

  /** How the application closes; a later call replaces an earlier one. */
  setHandler(handler: ShutdownHandler): void {
    this.handler = handler;
  }

  /** The request that started the shutdown, if one did. */
  get requested(): ShutdownRequest | null {
    return this.lastRequest;
  }

  /** Runs the shutdown once; requests made while it runs share it. */
  shutdown(request: ShutdownRequest): Promise<void> {
    this.running ??= this.run(request);
    return this.running;
  }

  private async run(request: ShutdownRequest): Promise<void> {
    this.lastRequest = request;
    this.logger.log(`shutting down (servers: ${request.servers}, proxy: ${request.proxy})`);
    try {
      if (this.handler) await this.handler(request);
      else this.logger.warn('no shutdown handler registered; the hub keeps running');
    } catch (error) {
      this.logger.error(`shutdown failed: ${String(error)}`);
    } finally {
      this.finished();
    }
  }
}
