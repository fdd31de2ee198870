import { ConfigError } from './config-error';
import { parseConfig } from './load-config';

const YAML = 'LocalProcessSpawner:\n  run_as_system_user: true\n';

describe('LocalProcessSpawner.run_as_system_user', () => {
  afterEach(() => jest.restoreAllMocks());

  it('refuses to load when the hub does not run as root', () => {
    jest.spyOn(process, 'getuid').mockReturnValue(1000);
    expect(() => parseConfig(YAML, { file: 'orrery.yaml', env: {} })).toThrow(ConfigError);
    expect(() => parseConfig(YAML, { file: 'orrery.yaml', env: {} })).toThrow(
      'orrery.yaml:2: LocalProcessSpawner.run_as_system_user: needs the hub to run as root (it switches each server to its system user)',
    );
  });

  it('loads when the hub runs as root, and is off by default', () => {
    jest.spyOn(process, 'getuid').mockReturnValue(0);
    expect(parseConfig(YAML, { env: {} }).LocalProcessSpawner.run_as_system_user).toBe(true);
    expect(parseConfig('', { env: {} }).LocalProcessSpawner.run_as_system_user).toBe(false);
  });
});
