import { containerName, escapeName, expandDeep, templateFields } from './docker-names';

describe('escapeName', () => {
  it.each([
    ['alice', 'alice'],
    ['Alice', '-41lice'],
    ['user--foo', 'user-2d-2dfoo'],
    ['a.b@c', 'a-2eb-40c'],
    ['zoë', 'zo-c3-ab'],
  ])('escapes %j as DockerSpawner does: %j', (name, escaped) => {
    expect(escapeName(name)).toBe(escaped);
  });
});

describe('containerName', () => {
  it('is jupyter-{username} for the default server and adds --{servername} for a named one', () => {
    expect(containerName('', '', templateFields('Bob', '', 'img'))).toBe('jupyter--42ob');
    expect(containerName('', 'Lab-1', templateFields('bob', 'Lab-1', 'img'))).toBe(
      'jupyter-bob--lab-2d1',
    );
  });

  it('fills a name_template with the image name and the escaped names', () => {
    const fields = templateFields('a.b', 's', 'orrery/learner:local');
    expect(containerName('{imagename}-{escaped_username}-{servername}', 's', fields)).toBe(
      'orrery-learner-local-a-2eb-s',
    );
  });
});

describe('expandDeep', () => {
  it('fills keys and strings at any depth and leaves other values and unknown braces', () => {
    const fields = templateFields('amy', '', 'img');
    expect(
      expandDeep({ Labels: { 'owner-{username}': '{raw_username}' }, n: 3, l: ['{x}'] }, fields),
    ).toEqual({ Labels: { 'owner-amy': 'amy' }, n: 3, l: ['{x}'] });
  });
});
