import { routespecFromChpPath, routespecToChpPath } from './routespec';

describe('routespecToChpPath', () => {
  it.each([
    ['/', '/'],
    ['/user/alice/', '/user/alice'],
    ['/user/alice/gpu/', '/user/alice/gpu'],
    ['/services/grader/', '/services/grader'],
    ['/user/al%20ice/', '/user/al%20ice'],
    ['alice.hub.example.org/user/alice/', '/alice.hub.example.org/user/alice'],
    ['/prefix//', '/prefix'],
  ])('converts %j to %j', (routespec, chpPath) => {
    expect(routespecToChpPath(routespec)).toBe(chpPath);
  });
});

describe('routespecFromChpPath', () => {
  it.each([
    ['/', false, '/'],
    ['/user/alice', false, '/user/alice/'],
    ['/user/al ice', false, '/user/al%20ice/'],
    ['/user/ålice@x~y', false, '/user/%C3%A5lice@x~y/'],
    ['/user/a+b', false, '/user/a%2Bb/'],
    ['/alice.hub.example.org/user/alice', true, 'alice.hub.example.org/user/alice/'],
  ])('converts %j (host routing %j) to %j', (chpPath, hostRouting, routespec) => {
    expect(routespecFromChpPath(chpPath, hostRouting)).toBe(routespec);
  });
});
