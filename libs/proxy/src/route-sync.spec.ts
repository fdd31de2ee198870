import type { Route } from './proxy-client';
import { planRouteSync, type WantedRoute } from './route-sync';

const hub = (routespec: string, target: string, data: Record<string, unknown> = {}): Route => ({
  routespec,
  target,
  data: { jupyterhub: true, last_activity: '2026-01-01T00:00:00.000Z', ...data },
});
const foreign = (routespec: string, target: string): Route => ({
  routespec,
  target,
  data: { mine: 'yes' },
});
const want = (
  routespec: string,
  target: string,
  data: Record<string, unknown> = {},
): WantedRoute => ({
  routespec,
  target,
  data,
});
const table = (...routes: Route[]) =>
  Object.fromEntries(routes.map((route) => [route.routespec, route]));

describe('planRouteSync', () => {
  it.each<[string, Route[], WantedRoute[], string[], string[], string[]]>([
    [
      'adds everything to an empty proxy',
      [],
      [want('/', 'http://hub:8081', { hub: true })],
      [],
      ['/'],
      [],
    ],
    [
      'leaves routes that already match alone',
      [
        hub('/', 'http://hub:8081', { hub: true }),
        hub('/user/a/', 'http://a:1', { user: 'a', server_name: '' }),
      ],
      [
        want('/', 'http://hub:8081', { hub: true }),
        want('/user/a/', 'http://a:1', { user: 'a', server_name: '' }),
      ],
      [],
      [],
      [],
    ],
    [
      'fixes a wrong target',
      [hub('/user/a/', 'http://old:1', { user: 'a' })],
      [want('/user/a/', 'http://new:2', { user: 'a' })],
      [],
      ['/user/a/'],
      [],
    ],
    [
      'fixes wrong data, e.g. a service route now owned by another service',
      [hub('/services/s/', 'http://s:1', { service: 'old' })],
      [want('/services/s/', 'http://s:1', { service: 's' })],
      [],
      ['/services/s/'],
      [],
    ],
    [
      'deletes stale jupyterhub routes',
      [hub('/user/gone/', 'http://g:1'), hub('/', 'http://hub:8081')],
      [want('/', 'http://hub:8081')],
      [],
      [],
      ['/user/gone/'],
    ],
    [
      'never deletes foreign routes',
      [foreign('/other/', 'http://o:1'), foreign('/user/x/', 'http://x:1')],
      [],
      [],
      [],
      [],
    ],
    [
      'replaces a foreign route on a wanted routespec',
      [foreign('/user/a/', 'http://a:1')],
      [want('/user/a/', 'http://a:1')],
      [],
      ['/user/a/'],
      [],
    ],
    [
      'keeps the routes of pending servers',
      [hub('/user/starting/', 'http://s:1'), hub('/user/stale/', 'http://t:1')],
      [],
      ['/user/starting/'],
      [],
      ['/user/stale/'],
    ],
  ])('%s', (_name, current, wanted, keep, added, removed) => {
    const plan = planRouteSync(table(...current), wanted, keep);
    expect(plan.add.map((route) => route.routespec)).toEqual(added);
    expect(plan.remove).toEqual(removed);
  });

  it('does not count a route whose jupyterhub flag is not exactly true as the hub’s', () => {
    const odd: Route = { routespec: '/x/', target: 'http://x:1', data: { jupyterhub: 'yes' } };
    expect(planRouteSync(table(odd), []).remove).toEqual([]);
  });
});
