import { isDnsSafeLabel, strictDnsSafeEncode, subdomainFor } from './dns-label';

// Expected hosts are what JupyterHub 6's subdomain_hook_idna answers for the same names.
const JUPYTERHUB_HOSTS: Array<[string, string]> = [
  ['alice', 'alice.hub.test'],
  ['jörg', 'xn--jrg-sna.hub.test'],
  ['a_b', 'u-ab--648fa9b.hub.test'],
  ['a--b', 'u-ab--90827a2.hub.test'],
  ['123', 'u-123--a665a45.hub.test'],
  ['-x', 'u-x--a420962.hub.test'],
  ['ß', 'xn--zca.hub.test'],
  ['', 'u-x--e3b0c44.hub.test'],
  ['日本', 'xn--wgv71a.hub.test'],
  ['x'.repeat(70), 'u-xxxxxxxx--c71bd10.hub.test'],
  ['a.b', 'u-ab--2e7336d.hub.test'],
  ['élodie', 'xn--lodie-9ra.hub.test'],
  ['ünïcödé', 'xn--ncd-dma1a7bzb.hub.test'],
];

describe('subdomainFor', () => {
  it.each(JUPYTERHUB_HOSTS)('gives %j the host JupyterHub gives it (%s)', (name, host) => {
    expect(subdomainFor(name, 'hub.test', 'user')).toBe(host);
  });

  it('puts a service on its own name with a --service suffix', () => {
    expect(subdomainFor('svc', 'hub.test', 'service')).toBe('svc--service.hub.test');
  });

  it('never gives two names the same label', () => {
    const names = [
      'a_b',
      'ab',
      'a-b',
      'a--b',
      'u-ab--648fa9b',
      'jörg',
      'xn--jrg-sna',
      'a.b',
      'a%b',
    ];
    const labels = names.map((n) => strictDnsSafeEncode(n));
    expect(new Set(labels).size).toBe(names.length);
  });

  it('does not let a mapped IDNA form stand for another name', () => {
    // UTS 46 maps the full-width letter to `a`; the name must not share alice's label
    expect(strictDnsSafeEncode('ａlice')).not.toBe('alice');
  });
});

describe('isDnsSafeLabel', () => {
  it.each([
    ['alice', true],
    ['a-b', true],
    ['123', false],
    ['-a', false],
    ['a-', false],
    ['a_b', false],
    ['', false],
    ['x'.repeat(64), false],
  ])('%j is %s', (label, safe) => {
    expect(isDnsSafeLabel(label as string)).toBe(safe);
  });
});
