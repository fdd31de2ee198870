import { parseTarget, RouteTable, routeModel } from './route-table';

/** A clock the test moves by hand. */
function fakeNow(start = Date.parse('2026-12-07T12:00:00Z')) {
  let current = start;
  return { now: () => current, advance: (ms: number) => (current += ms) };
}

describe('parseTarget', () => {
  it.each([
    [
      'http://127.0.0.1:8888',
      { origin: 'http://127.0.0.1:8888', secure: false, port: 8888, pathPrefix: '' },
    ],
    [
      'https://example.org',
      { origin: 'https://example.org', secure: true, port: 443, pathPrefix: '' },
    ],
    [
      'http://example.org/base/',
      { origin: 'http://example.org', secure: false, port: 80, pathPrefix: '/base' },
    ],
    ['http://[::1]:9000/x', { hostname: '::1', port: 9000, pathPrefix: '/x' }],
  ])('parses %s', (target, expected) => {
    expect(parseTarget(target)).toMatchObject({ url: target, ...expected });
  });

  it.each(['ws://127.0.0.1:1', 'file:///etc/passwd', 'not a url'])('refuses %s', (target) => {
    expect(() => parseTarget(target)).toThrow();
  });
});

describe('RouteTable', () => {
  it('adds a route under its CHP key (leading slash, no trailing slash) and finds it by any spelling', () => {
    const table = new RouteTable();
    table.add('/user/alice/', { target: 'http://127.0.0.1:9001' });
    expect(table.size).toBe(1);
    for (const spelling of ['/user/alice', '/user/alice/', 'user/alice']) {
      expect(table.get(spelling)?.prefix).toBe('/user/alice');
    }
    expect(table.get('/user/bob')).toBeUndefined();
  });

  it('replaces a route added again, in lookups and in matching', () => {
    const table = new RouteTable();
    table.add('/user/alice', { target: 'http://127.0.0.1:9001' });
    table.add('/user/alice/', { target: 'http://127.0.0.1:9002' });
    expect(table.size).toBe(1);
    expect(table.get('/user/alice')?.target.port).toBe(9002);
    expect(table.match('/user/alice/lab')?.target.port).toBe(9002);
  });

  it('keeps the data verbatim, and refuses a target that is not http(s) without storing it', () => {
    const table = new RouteTable();
    const entry = table.add('/svc', { target: 'http://127.0.0.1:9001', user: 'alice', extra: [1] });
    expect(entry.data).toEqual({ target: 'http://127.0.0.1:9001', user: 'alice', extra: [1] });
    expect(() => table.add('/bad', { target: 'ftp://127.0.0.1' })).toThrow(/protocol/);
    expect(table.get('/bad')).toBeUndefined();
    expect(table.match('/bad/x')?.prefix).toBeUndefined();
  });

  it('matches a request path to its longest route prefix, segment by segment', () => {
    const table = new RouteTable();
    table.add('/', { target: 'http://127.0.0.1:8081' });
    table.add('/user/alice', { target: 'http://127.0.0.1:9001' });
    expect(table.match('/user/alice/tree')?.prefix).toBe('/user/alice');
    expect(table.match('/user/alicex')?.prefix).toBe('/');
  });

  it('removes a route from lookups and matching, and says whether there was one', () => {
    const table = new RouteTable();
    table.add('/', { target: 'http://127.0.0.1:8081' });
    table.add('/user/alice', { target: 'http://127.0.0.1:9001' });
    expect(table.remove('/user/alice/')).toBe(true);
    expect(table.remove('/user/alice')).toBe(false);
    expect(table.get('/user/alice')).toBeUndefined();
    expect(table.match('/user/alice/tree')?.prefix).toBe('/');
    expect(table.size).toBe(1);
  });

  it('stamps a route with the injected now when added and when touched', () => {
    const clock = fakeNow();
    const table = new RouteTable(false, clock.now);
    const entry = table.add('/user/alice', { target: 'http://127.0.0.1:9001' });
    expect(entry.lastActivity).toBe(clock.now());
    clock.advance(5_000);
    table.touch(entry);
    expect(entry.lastActivity).toBe(clock.now());
    expect(routeModel(entry)).toEqual({
      target: 'http://127.0.0.1:9001',
      last_activity: new Date(clock.now()).toISOString(),
    });
  });

  it('lists every route, or only those inactive since a time', () => {
    const clock = fakeNow();
    const table = new RouteTable(false, clock.now);
    table.add('/idle', { target: 'http://127.0.0.1:9001' });
    clock.advance(60_000);
    const cutoff = new Date(clock.now());
    table.add('/busy', { target: 'http://127.0.0.1:9002' });
    expect(
      table
        .list()
        .map((entry) => entry.prefix)
        .sort(),
    ).toEqual(['/busy', '/idle']);
    expect(table.list(cutoff).map((entry) => entry.prefix)).toEqual(['/idle']);
    clock.advance(1);
    table.touch(table.get('/idle')!);
    expect(table.list(cutoff)).toEqual([]);
  });

  it('with host routing, records the host of a route in its data (not for the default route)', () => {
    const table = new RouteTable(true);
    const hosted = table.add('/alice.example.org/user/alice', { target: 'http://127.0.0.1:9001' });
    const fallback = table.add('/', { target: 'http://127.0.0.1:8081' });
    expect(hosted.data.host).toBe('alice.example.org');
    expect(fallback.data.host).toBeUndefined();
    expect(table.match('/alice.example.org/user/alice/lab')?.prefix).toBe(
      '/alice.example.org/user/alice',
    );
  });
});
