/**
 * Longest-prefix matching of URL paths, segment by segment, as configurable-http-proxy does:
 * `/user/alice` matches `/user/alice/lab` but not `/user/alicea`. Pure, no I/O.
 *
 * Leading and trailing slashes are ignored; empty segments in the middle (`/a//b`) count.
 * Lookups walk the path string with indexOf instead of splitting it, because `match` runs on
 * every proxied request.
 */

interface TrieNode<T> {
  children: Map<string, TrieNode<T>> | undefined;
  value: T | undefined;
}

function newNode<T>(): TrieNode<T> {
  return { children: undefined, value: undefined };
}

/** `/foo/bar/` and `foo/bar` both become `/foo/bar`; the root stays `/`. */
export function trimPrefix(prefix: string): string {
  let out = prefix.length === 0 || prefix[0] !== '/' ? '/' + prefix : prefix;
  if (out.length > 1 && out[out.length - 1] === '/') out = out.slice(0, -1);
  return out;
}

/** Splits a path into its segments, ignoring every leading and trailing slash. */
export function pathSegments(path: string): string[] {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 47) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  return start === end ? [] : path.slice(start, end).split('/');
}

export class RouteTrie<T> {
  private readonly root: TrieNode<T> = newNode();

  set(prefix: string, value: T): void {
    let node = this.root;
    for (const segment of pathSegments(prefix)) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (child === undefined) {
        child = newNode();
        node.children.set(segment, child);
      }
      node = child;
    }
    node.value = value;
  }

  /** Removes the value at exactly `prefix` and prunes branches left empty. */
  delete(prefix: string): void {
    const segments = pathSegments(prefix);
    const trail: TrieNode<T>[] = [this.root];
    for (const segment of segments) {
      const child = trail[trail.length - 1].children?.get(segment);
      if (child === undefined) return;
      trail.push(child);
    }
    trail[trail.length - 1].value = undefined;
    for (let i = trail.length - 1; i > 0; i--) {
      const node = trail[i];
      if (node.value !== undefined || (node.children !== undefined && node.children.size > 0)) {
        return;
      }
      trail[i - 1].children?.delete(segments[i - 1]);
    }
  }

  /** The value of the longest stored prefix of `path`, or undefined. */
  match(path: string): T | undefined {
    let node = this.root;
    let best = node.value;
    let start = 0;
    let end = path.length;
    while (start < end && path.charCodeAt(start) === 47) start++;
    while (end > start && path.charCodeAt(end - 1) === 47) end--;
    while (start < end && node.children !== undefined) {
      let slash = path.indexOf('/', start);
      if (slash === -1 || slash > end) slash = end;
      const child = node.children.get(path.slice(start, slash));
      if (child === undefined) break;
      node = child;
      if (node.value !== undefined) best = node.value;
      start = slash + 1;
    }
    return best;
  }
}
