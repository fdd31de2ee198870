import { RouteTrie, trimPrefix } from './route-trie';

/** Route data as stored through the REST API: `target` plus any keys, kept verbatim. */
export type RouteData = { target: string } & Record<string, unknown>;

/** The target of a route, parsed once when the route is added rather than per request. */
export interface ParsedTarget {
  readonly url: string;
  /** `proto://host:port`, the key of the connection pool. */
  readonly origin: string;
  readonly secure: boolean;
  readonly hostname: string;
  readonly port: number;
  /** Path of the target URL without its trailing slash, prepended to forwarded paths. */
  readonly pathPrefix: string;
}

export interface RouteEntry {
  readonly prefix: string;
  readonly data: RouteData;
  readonly target: ParsedTarget;
  /** Epoch milliseconds; a number so that traffic only stores an integer. */
  lastActivity: number;
}

export function parseTarget(target: string): ParsedTarget {
  const url = new URL(target);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Unsupported target protocol ${url.protocol}`);
  }
  const secure = url.protocol === 'https:';
  const pathname = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return {
    url: target,
    origin: url.origin,
    secure,
    // URL keeps IPv6 literals in brackets; sockets want them bare.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    pathPrefix: pathname,
  };
}

/** The view of a route that the REST API returns: data keys plus `last_activity`. */
export function routeModel(entry: RouteEntry): Record<string, unknown> {
  return { ...entry.data, last_activity: new Date(entry.lastActivity).toISOString() };
}

/**
 * The proxy's routing table: a map for exact lookups and listing, a trie for matching.
 * Keys are CHP's: leading slash, no trailing slash, decoded; host routing puts the host first.
 */
export class RouteTable {
  private readonly entries = new Map<string, RouteEntry>();
  private readonly trie = new RouteTrie<RouteEntry>();

  constructor(
    private readonly hostRouting = false,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Adds or replaces a route; throws if the target is not an http(s) URL. */
  add(path: string, data: RouteData): RouteEntry {
    const prefix = trimPrefix(path);
    if (this.hostRouting && prefix !== '/') {
      data.host = prefix.split('/')[1];
    }
    const entry: RouteEntry = {
      prefix,
      data,
      target: parseTarget(data.target),
      lastActivity: this.now(),
    };
    this.entries.set(prefix, entry);
    this.trie.set(prefix, entry);
    return entry;
  }

  /** Returns whether a route was removed. */
  remove(path: string): boolean {
    const prefix = trimPrefix(path);
    if (!this.entries.delete(prefix)) return false;
    this.trie.delete(prefix);
    return true;
  }

  get(path: string): RouteEntry | undefined {
    return this.entries.get(trimPrefix(path));
  }

  /** All routes, or only those whose last activity is before `inactiveSince`. */
  list(inactiveSince?: Date): RouteEntry[] {
    const all = [...this.entries.values()];
    if (inactiveSince === undefined) return all;
    const limit = inactiveSince.getTime();
    return all.filter((entry) => entry.lastActivity < limit);
  }

  /** The route for a decoded request path (with the host in front when host routing). */
  match(path: string): RouteEntry | undefined {
    return this.trie.match(path);
  }

  touch(entry: RouteEntry): void {
    entry.lastActivity = this.now();
  }
}
