import type { HubRequest } from '../auth/auth-context';

/**
 * Renders one of the hub's page templates to HTML. Declared here so that API-side handlers
 * (the OAuth confirm page, HTML error pages) can render pages; libs/web provides it.
 */
export abstract class PageRenderer {
  /** `name` is a template file name without extension (`oauth`, `error`, `login`). */
  abstract render(name: string, vars: Record<string, unknown>, request: HubRequest): string;
}
