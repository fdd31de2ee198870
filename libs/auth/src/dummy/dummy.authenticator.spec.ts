import { HubConfig } from '@orrery/core';
import { DataSource } from 'typeorm';
import { FakeClock } from '@orrery/core';
import { DummyAuthenticator, isLoopbackUrl } from './dummy.authenticator';

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:8000', true],
    ['http://127.1.2.3:8000', true],
    ['http://localhost:8000', true],
    ['http://[::1]:8000', true],
    ['http://:8000', false],
    ['http://0.0.0.0:8000', false],
    ['https://hub.example.org/', false],
    ['http://[::]:8000', false],
  ])('%s -> %s', (url, expected) => expect(isLoopbackUrl(url)).toBe(expected));
});

describe('DummyAuthenticator', () => {
  const deps = (bind: string, allowPublic = false, password: string | null = null) => {
    const config = new HubConfig();
    Object.assign(config.JupyterHub, { bind_url: bind });
    Object.assign(config.DummyAuthenticator, { allow_public: allowPublic, password });
    return { config, dataSource: {} as DataSource, clock: new FakeClock() };
  };

  it('refuses to start on a public bind_url', () => {
    expect(() => DummyAuthenticator.create(deps('http://:8000'))).toThrow(/not a loopback address/);
  });

  it('starts on a public bind_url with allow_public', () => {
    expect(DummyAuthenticator.create(deps('http://:8000', true))).toBeInstanceOf(
      DummyAuthenticator,
    );
  });

  it('accepts any name, and checks the shared password when one is set', async () => {
    const open = DummyAuthenticator.create(deps('http://127.0.0.1:8000'));
    await expect(open.authenticate({ username: 'x', password: '' })).resolves.toEqual({
      name: 'x',
    });
    const shut = DummyAuthenticator.create(deps('http://127.0.0.1:8000', false, 'pw'));
    await expect(shut.authenticate({ username: 'x', password: 'no' })).resolves.toBeNull();
    await expect(shut.authenticate({ username: 'x', password: 'pw' })).resolves.toEqual({
      name: 'x',
    });
  });
});
