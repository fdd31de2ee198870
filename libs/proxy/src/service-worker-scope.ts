/**
 * Without subdomain_host every user's server shares the hub's origin, and a server its user
 * controls could answer a service worker script with `Service-Worker-Allowed: /`: that worker
 * would then sit in front of the whole origin, the hub's pages included, for every visitor, and
 * read their XSRF tokens. Dropped from every route but the hub's, a worker's scope stays within
 * the server's own path (`/user/alice/...`). A deviation from CHP, which passes it on.
 */
export const SERVICE_WORKER_ALLOWED = 'service-worker-allowed';

/** The raw header pairs without Service-Worker-Allowed (the same array when it is absent). */
export function withoutServiceWorkerScope(raw: string[]): string[] {
  let found = false;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length === 22 && raw[i].toLowerCase() === SERVICE_WORKER_ALLOWED) found = true;
  }
  if (!found) return raw;
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== SERVICE_WORKER_ALLOWED) kept.push(raw[i], raw[i + 1]);
  }
  return kept;
}
