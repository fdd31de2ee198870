import { isAbsolute, relative, resolve } from 'node:path';

/**
 * A path built from a template with `{field}`s (a home folder, a volume's host path) must stay
 * inside the folder the template names before its first field: `/home/{username}` stays under
 * `/home`, whatever the user name. By example: `/home/{username}` with `..` is refused,
 * `/srv/{username}/work` with `ann` is `/srv/ann/work`; a template without fields is taken as is.
 */

/** The folder a template's fields expand inside: the part before the first `{`, to its last `/`. */
export function templateRoot(template: string): string | null {
  const field = template.indexOf('{');
  if (field < 0) return null;
  const before = template.slice(0, field);
  return resolve(before.slice(0, before.lastIndexOf('/') + 1) || '.');
}

/** Whether `path` is `root` or inside it (both resolved; `..` segments count). */
export function isInsideRoot(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export class PathOutsideRootError extends Error {
  override name = 'PathOutsideRootError';
}

/**
 * `expanded` (the template with its fields filled in), resolved, when it stays strictly inside
 * the template's root; throws PathOutsideRootError when a field value led it out (or onto the
 * root itself, which is every user's parent folder).
 */
export function checkedTemplatePath(template: string, expanded: string): string {
  const path = resolve(expanded);
  const root = templateRoot(template);
  if (root === null) return path;
  if (!isInsideRoot(root, path) || path === root) {
    throw new PathOutsideRootError(
      `${JSON.stringify(template)} expands to ${JSON.stringify(path)}, outside ${JSON.stringify(root)}`,
    );
  }
  return path;
}
