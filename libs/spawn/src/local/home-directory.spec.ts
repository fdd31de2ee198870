import { PathOutsideRootError } from '@orrery/core';
import { homeDirectory } from './local.spawner';

describe('homeDirectory', () => {
  it.each([
    ['/srv/homes/{username}', 'ann', '/srv/homes/ann'],
    ['/srv/{username}/work', 'ann.lee', '/srv/ann.lee/work'],
  ])('%j for %j is %j', (template, name, home) => {
    expect(homeDirectory(template, name)).toBe(home);
  });

  it.each(['..', '.', '', '../../etc'])(
    'keeps the name %j from leaving the homes folder',
    (name) => {
      expect(() => homeDirectory('/srv/homes/{username}', name)).toThrow(PathOutsideRootError);
    },
  );
});
