import type { Resource, Scope } from '@orrery/rbac';

/**
 * What a route must demand, written from JupyterHub's handlers (protocol brief section 4), not
 * read from our decorators: the matrix compares the two, so a weakened declaration fails here.
 */
export type Needs =
  | { mode: 'public' | 'public-page' | 'authenticated' | 'page'; scopes?: undefined }
  /** a page that also needs a scope (JupyterHub's `@needs_scope` on a page handler) */
  | { mode: 'page'; scopes: readonly Scope[]; resource?: undefined; postFilter?: undefined }
  | { mode: 'scopes'; scopes: readonly Scope[]; resource?: Resource; postFilter?: true };

/** One route of the app: how it is authorised and how the matrix calls it. */
export interface MatrixRow {
  /** `METHOD /path/:param` as Nest registered it (see route-inventory.ts) */
  route: string;
  needs: Needs;
  /** the concrete path called; by default the route with ROUTE_PARAMS filled in */
  path?: string;
  body?: object;
  /**
   * Whether an authorised call reaches the handler. Otherwise the matrix stops it right after
   * the guard's verdict: destructive calls (deleting alice, shutting the hub down) would
   * change what later rows start from, and the verdict is what this suite is about.
   */
  runs: boolean;
}

/** The memberships the personas' hub is loaded with (see matrix-personas.ts). */
const GROUPS_OF: Record<string, string[]> = { alice: ['staff'], bob: ['staff'] };

export const user = (name: string): Resource => ({ kind: 'user', name, groups: GROUPS_OF[name] });
export const server = (owner: string, name: string): Resource => ({
  kind: 'server',
  user: owner,
  server: name,
  groups: GROUPS_OF[owner],
});
export const group = (name: string): Resource => ({ kind: 'group', name });
export const service = (name: string): Resource => ({ kind: 'service', name });

/** The values of path params; every resource they name exists in the matrix's hub. */
export const ROUTE_PARAMS: Record<string, string> = {
  user_name: 'alice',
  server_name: 'nb',
  group_name: 'staff',
  service_name: 'reader',
  course_id: 'matrix-course',
  owner_name: 'bob',
  owner_server: 'nb',
  token_id: 'a1',
  cookie_name: 'jupyterhub-session-id',
  cookie_value: 'x',
  token: 'x',
  code: '404',
  '*': 'lab',
};

function method(route: string): string {
  return route.split(' ')[0];
}

/** By default a GET runs (reading changes nothing); anything else stops after the guard. */
function row(route: string, needs: Needs, extra: Partial<MatrixRow> = {}): MatrixRow {
  return { route, needs, runs: method(route) === 'GET', ...extra };
}

export const publicApi = (route: string, extra?: Partial<MatrixRow>) =>
  row(route, { mode: 'public' }, extra);
export const publicPage = (route: string, extra?: Partial<MatrixRow>) =>
  row(route, { mode: 'public-page' }, extra);
export const anyCaller = (route: string, extra?: Partial<MatrixRow>) =>
  row(route, { mode: 'authenticated' }, extra);
export const loggedInPage = (route: string, extra?: Partial<MatrixRow>) =>
  row(route, { mode: 'page' }, extra);

export const scopedPage = (route: string, scopes: readonly Scope[], extra?: Partial<MatrixRow>) =>
  row(route, { mode: 'page', scopes }, extra);

/** Any one of `scopes` covering `resource` (JupyterHub's needs_scope). */
export const scoped = (
  route: string,
  scopes: readonly Scope[],
  resource: Resource | undefined,
  extra?: Partial<MatrixRow>,
) => row(route, { mode: 'scopes', scopes, resource }, extra);

/** A list: any filtered variant passes the guard, the handler filters what it returns. */
export const listed = (route: string, scopes: readonly Scope[], extra?: Partial<MatrixRow>) =>
  row(route, { mode: 'scopes', scopes, postFilter: true }, extra);

/** The path a row calls: its own, or its route with the params filled in. */
export function pathOf(matrixRow: MatrixRow): string {
  if (matrixRow.path) return matrixRow.path;
  const template = matrixRow.route.split(' ')[1];
  return template
    .split('/')
    .map((segment) => {
      const name = segment.startsWith(':') ? segment.slice(1) : segment === '*' ? '*' : null;
      if (name === null) return segment;
      const value = ROUTE_PARAMS[name];
      if (value === undefined) throw new Error(`no value for :${name} in ${matrixRow.route}`);
      return value;
    })
    .join('/');
}
