import { loggedInPage, MatrixRow, publicPage, scopedPage } from './matrix-rows';

/**
 * The pages: JupyterHub's `@web.authenticated` pages send a caller without credentials to the
 * login page (GET) or refuse them (403); which user's server a page may touch is the handler's
 * check (an admin or the owner), not the guard's.
 */
export const PAGE_ROWS: MatrixRow[] = [
  loggedInPage('GET /hub'),
  loggedInPage('GET /hub/home'),
  loggedInPage('GET /hub/token'),
  scopedPage('GET /hub/admin', ['admin-ui']),
  // a GET of the spawn page starts the server when there is no options form
  loggedInPage('GET /hub/spawn', { runs: false }),
  loggedInPage('GET /hub/spawn/:user_name', { runs: false }),
  loggedInPage('GET /hub/spawn/:user_name/:server_name', { runs: false }),
  loggedInPage('POST /hub/spawn'),
  loggedInPage('POST /hub/spawn/:user_name'),
  loggedInPage('POST /hub/spawn/:user_name/:server_name'),
  loggedInPage('GET /hub/spawn-pending/:user_name'),
  loggedInPage('GET /hub/spawn-pending/:user_name/:server_name'),
  loggedInPage('GET /hub/user-redirect'),
  loggedInPage('GET /hub/user-redirect/*'),
  loggedInPage('GET /hub/auth/change-password'),
  loggedInPage('POST /hub/auth/change-password'),
  loggedInPage('GET /hub/accept-share'),
  loggedInPage('POST /hub/accept-share'),
  loggedInPage('GET /hub/api/oauth2/authorize'),
  loggedInPage('POST /hub/api/oauth2/authorize'),
  loggedInPage('GET /hub/device'),
  loggedInPage('POST /hub/device'),
  // the server's own URL: without a login the handler sends people to log in
  publicPage('GET /hub/user/:user_name'),
  publicPage('GET /hub/user/:user_name/*'),
  // an on-demand service's URL (a course's grader): the handler sends people to log in
  publicPage('GET /hub/services/:service_name'),
  publicPage('GET /hub/services/:service_name/*'),
  publicPage('GET /hub/login'),
  publicPage('POST /hub/login'),
  publicPage('GET /hub/logout'),
  publicPage('GET /hub/error/:code'),
  publicPage('GET /hub/health'),
  publicPage('GET /hub/api/health'),
];
