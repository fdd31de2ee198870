import { parseConfig } from './load-config';

describe('Culler', () => {
  it('is off by default', () => {
    expect(parseConfig('', { env: {} }).Culler).toMatchObject({ enabled: false, policies: [] });
  });

  it('reads group policies', () => {
    const yaml =
      'Culler:\n  policies:\n    - {group: learners, timeout: 1800}\n    - {group: staff, timeout: 7200, max_age: 0}\n';
    expect(parseConfig(yaml, { env: {} }).Culler.policies).toEqual([
      { group: 'learners', timeout: 1800 },
      { group: 'staff', timeout: 7200, max_age: 0 },
    ]);
  });

  it('refuses two policies of one group and a policy without a group', () => {
    const yaml =
      'Culler:\n  policies:\n    - {group: learners, timeout: 1800}\n    - {group: learners, timeout: 60}\n    - {timeout: 5}\n';
    expect(() => parseConfig(yaml, { file: 'orrery.yaml', env: {} })).toThrow(
      /orrery\.yaml:2: Culler\.policies: has two entries with group learners\n.*orrery\.yaml:5: Culler\.policies\[2\]\.group: is required/s,
    );
  });
});
