import { type ProxyClient, type Route, routeFromChp } from './proxy-client';
import { routespecFromChpPath, routespecToChpPath } from './routespec';

export interface ChpProxyClientOptions {
  /** e.g. `http://127.0.0.1:8001` (JupyterHub's `ConfigurableHTTPProxy.api_url`). */
  apiUrl: string;
  authToken: string;
  hostRouting?: boolean;
  /** Requests in flight at most (`ConfigurableHTTPProxy.concurrency`). */
  concurrency?: number;
  /** How long connection errors and 5xx answers are retried before giving up. */
  retryTimeoutMs?: number;
  /** First retry delay; doubles up to 5 s. */
  initialRetryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class ProxyApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Drives configurable-http-proxy (or `orrery-proxy`) over its REST API with
 * `Authorization: token`, as JupyterHub's ConfigurableHTTPProxy does: connection errors and 5xx
 * answers are retried with exponential backoff, at most `concurrency` requests at a time.
 */
export class ChpProxyClient implements ProxyClient {
  private readonly apiUrl: string;
  private readonly concurrency: number;
  private readonly retryTimeoutMs: number;
  private readonly initialDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: ChpProxyClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.concurrency = options.concurrency ?? 10;
    this.retryTimeoutMs = options.retryTimeoutMs ?? 30_000;
    this.initialDelayMs = options.initialRetryDelayMs ?? 100;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async addRoute(routespec: string, target: string, data: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({ ...data, target, jupyterhub: true });
    await this.call('POST', routespecToChpPath(routespec), body);
  }

  async deleteRoute(routespec: string): Promise<void> {
    await this.call('DELETE', routespecToChpPath(routespec), undefined, [404]);
  }

  async getRoutes(): Promise<Record<string, Route>> {
    const response = await this.call('GET', '');
    const chpRoutes = (await response.json()) as Record<string, Record<string, unknown>>;
    const routes: Record<string, Route> = {};
    for (const [path, chpRoute] of Object.entries(chpRoutes)) {
      const routespec = routespecFromChpPath(path, this.options.hostRouting === true);
      routes[routespec] = routeFromChp(routespec, chpRoute);
    }
    return routes;
  }

  private async call(
    method: string,
    path: string,
    body?: string,
    tolerated: number[] = [],
  ): Promise<Response> {
    await this.acquire();
    try {
      return await this.withRetries(method, path, body, tolerated);
    } finally {
      this.release();
    }
  }

  private async withRetries(
    method: string,
    path: string,
    body: string | undefined,
    tolerated: number[],
  ) {
    // Routespecs arrive escaped (`/user/al%20ice/`); CHP decodes them once, as JupyterHub expects.
    const url = `${this.apiUrl}/api/routes${path}`;
    const deadline = Date.now() + this.retryTimeoutMs;
    let delay = this.initialDelayMs;
    for (;;) {
      let failure: string;
      try {
        const response = await fetch(url, {
          method,
          body,
          headers: {
            Authorization: `token ${this.options.authToken}`,
            'Content-Type': 'application/json',
          },
        });
        if (response.ok || tolerated.includes(response.status)) return response;
        const text = await response.text();
        failure = `${method} ${url}: ${response.status} ${text}`;
        if (response.status < 500) throw new ProxyApiError(response.status, failure);
      } catch (error) {
        if (error instanceof ProxyApiError) throw error;
        failure = `${method} ${url}: ${(error as Error).message}`;
      }
      if (Date.now() + delay > deadline)
        throw new ProxyApiError(503, `Proxy API unavailable: ${failure}`);
      await this.sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, so `active` never dips below the queue. */
  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.active--;
  }
}
