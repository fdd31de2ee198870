/**
 * The one error type of the hub. The API renders it as JupyterHub's `{"status", "message"}`
 * body; pages render it as an error page. `message` may be null, as JupyterHub's bare
 * HTTPError(403|404) are.
 */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly hubMessage: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(hubMessage ?? `HTTP ${status}`);
    this.name = 'HubError';
  }
}
