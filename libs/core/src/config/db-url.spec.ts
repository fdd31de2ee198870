import { checkDbUrl, parseDbUrl } from './db-url';

describe('parseDbUrl', () => {
  it.each([
    ['sqlite:///jupyterhub.sqlite', { type: 'sqlite', path: 'jupyterhub.sqlite' }],
    ['sqlite:///data/hub.sqlite', { type: 'sqlite', path: 'data/hub.sqlite' }],
    [
      'sqlite:////var/lib/orrery/hub.sqlite',
      { type: 'sqlite', path: '/var/lib/orrery/hub.sqlite' },
    ],
    ['sqlite://', { type: 'sqlite', path: ':memory:' }],
    ['sqlite:///:memory:', { type: 'sqlite', path: ':memory:' }],
    [
      'postgresql://hub:s%40cret@db.example:6432/jupyterhub',
      {
        type: 'postgres',
        host: 'db.example',
        port: 6432,
        username: 'hub',
        password: 's@cret',
        database: 'jupyterhub',
      },
    ],
    [
      'postgres://db/jupyterhub',
      {
        type: 'postgres',
        host: 'db',
        port: 5432,
        username: undefined,
        password: undefined,
        database: 'jupyterhub',
      },
    ],
    [
      'postgresql+psycopg2://hub@[::1]:5432/hub',
      {
        type: 'postgres',
        host: '::1',
        port: 5432,
        username: 'hub',
        password: undefined,
        database: 'hub',
      },
    ],
  ])('reads %s', (url, expected) => {
    expect(parseDbUrl(url)).toEqual(expected);
  });

  it.each([
    ['sqlite:///'],
    ['sqlite:jupyterhub.sqlite'],
    ['mysql://hub@db/jupyterhub'],
    ['postgresql://hub@db'],
    ['postgresql://hub@:5432/db'],
    ['jupyterhub.sqlite'],
  ])('rejects %s', (url) => {
    expect(checkDbUrl(url)).toMatch(/^expected sqlite:\/\/\/PATH or postgresql:/);
  });
});
