import { resolve } from 'node:path';
import {
  checkedTemplatePath,
  isInsideRoot,
  PathOutsideRootError,
  templateRoot,
} from './path-inside-root';

describe('templateRoot', () => {
  it.each([
    ['/home/{username}', '/home'],
    ['/srv/hub/{username}/work', '/srv/hub'],
    ['/home/u-{username}', '/home'],
    ['/data/', null],
    ['{username}', resolve('.')],
    ['homes/{username}', resolve('homes')],
  ])('%j is rooted at %j', (template, root) => {
    expect(templateRoot(template)).toBe(root);
  });
});

describe('isInsideRoot', () => {
  it.each([
    ['/home', '/home/ann', true],
    ['/home', '/home', true],
    ['/home', '/home/ann/../bob', true],
    ['/home', '/home/..', false],
    ['/home', '/homeless/ann', false],
    ['/home', '/etc', false],
  ])('%j holds %j: %j', (root, path, inside) => {
    expect(isInsideRoot(root, path)).toBe(inside);
  });
});

describe('checkedTemplatePath', () => {
  it.each([
    ['/home/{username}', '/home/ann', '/home/ann'],
    ['/srv/{username}/work', '/srv/ann/work', '/srv/ann/work'],
    ['/home/u-{username}', '/home/u-..', '/home/u-..'],
    ['/data/shared', '/data/shared', '/data/shared'],
  ])('%j as %j is %j', (template, expanded, path) => {
    expect(checkedTemplatePath(template, expanded)).toBe(path);
  });

  it.each([
    ['/home/{username}', '/home/..'],
    ['/home/{username}', '/home/.'],
    ['/home/{username}', '/home/'],
    ['/home/{username}', '/home/../../etc'],
    ['/srv/{username}/work', '/srv/../work'],
    ['homes/{username}', 'homes/..'],
  ])('refuses %j expanded to %j', (template, expanded) => {
    expect(() => checkedTemplatePath(template, expanded)).toThrow(PathOutsideRootError);
  });
});
