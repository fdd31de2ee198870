import * as path from 'node:path';
import { prefixRedirect, staticFile } from './web-routes';

describe('prefixRedirect', () => {
  it.each([
    ['/', '/', '/hub/'],
    ['/?a=1', '/', '/hub/?a=1'],
    ['/user/alice', '/', '/user/alice/'],
    ['/services/grader?x=y', '/', '/services/grader/?x=y'],
    ['/user/alice/lab/tree?x=1', '/', '/hub/user/alice/lab/tree?x=1'],
    ['/user/alice/', '/', '/hub/user/alice/'],
    ['/tree', '/', '/hub/tree'],
    ['/hub/unknown', '/', null],
    ['/hub', '/', null],
    ['/jh/user/alice', '/jh/', '/jh/user/alice/'],
    ['/jh/', '/jh/', '/jh/hub/'],
    ['/elsewhere', '/jh/', null],
  ])('%s (base_url %s) -> %p', (url, baseUrl, expected) => {
    expect(prefixRedirect(url, baseUrl, `${baseUrl}hub/`)).toBe(expected);
  });
});

describe('staticFile', () => {
  const root = path.resolve('/srv/static');
  it.each([
    ['style.css', path.join(root, 'style.css')],
    ['img/logo.png', path.join(root, 'img', 'logo.png')],
    ['../secret', null],
    ['%2e%2e/secret', null],
    ['.web-assets', null],
    ['a/../../etc/passwd', null],
  ])('%s -> %p', (relative, expected) => expect(staticFile(root, relative)).toBe(expected));
});
