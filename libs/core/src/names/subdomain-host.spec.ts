import {
  isHostUnderSubdomainHost,
  parseSubdomainHost,
  userOrigin,
  userRoutespec,
} from './subdomain-host';

const sub = parseSubdomainHost('http://hub.test:8000');

describe('parseSubdomainHost', () => {
  it('keeps scheme, host and port', () => {
    expect(sub).toEqual({ scheme: 'http', domain: 'hub.test', port: '8000' });
  });

  it.each(['ftp://hub.test', 'http://hub.test/base/', 'http://u:p@hub.test', 'hub.test'])(
    'refuses %j',
    (value) => {
      expect(() => parseSubdomainHost(value)).toThrow();
    },
  );
});

describe('user hosts', () => {
  it('puts a user on <label>.<domain> with the same scheme and port', () => {
    expect(userOrigin(sub, 'alice')).toBe('http://alice.hub.test:8000');
    expect(userOrigin(sub, 'a_b')).toBe('http://u-ab--648fa9b.hub.test:8000');
  });

  it('routes host/user/name/ as JupyterHub routespecs with subdomains do', () => {
    expect(userRoutespec(sub, 'alice', '/user/alice/')).toBe('alice.hub.test/user/alice/');
  });

  it('leaves the port out when the scheme default is used', () => {
    expect(userOrigin(parseSubdomainHost('https://hub.test'), 'alice')).toBe(
      'https://alice.hub.test',
    );
  });
});

describe('isHostUnderSubdomainHost', () => {
  it.each([
    ['http://hub.test:8000/hub/home', true],
    ['http://alice.hub.test:8000/user/alice/', true],
    ['http://evilhub.test:8000/', false],
    ['http://hub.test.evil:8000/', false],
    ['https://alice.hub.test:8000/', false],
    ['http://alice.hub.test:9000/', false],
    ['http://alice.hub.test/', false],
  ])('%s is %s', (target, ok) => {
    expect(isHostUnderSubdomainHost(sub, new URL(target))).toBe(ok);
  });
});
