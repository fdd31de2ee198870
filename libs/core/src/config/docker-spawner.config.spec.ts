import { parseConfig } from './load-config';

const load = (yaml: string) =>
  parseConfig(`DockerSpawner:\n${yaml}`, { file: 'orrery.yaml', env: {} });

describe('DockerSpawner config', () => {
  it.each([
    [
      'a volume source leaving its directory',
      "  volumes: {'/srv/{username}/../etc': /home/jovyan/work}",
      'contains ".."',
    ],
    [
      'an unknown field',
      "  volumes: {'vol-{user}': /home/jovyan/work}",
      'uses {user}; volumes may use only',
    ],
    [
      'a raw name in a path',
      "  volumes: {'/srv/{raw_username}': /home/jovyan/work}",
      'uses {raw_username}',
    ],
    [
      'a relative target',
      "  volumes: {'vol-{username}': work}",
      'must be an absolute path in the container',
    ],
    [
      'a source neither path nor volume name',
      "  read_only_volumes: {'course material': /srv/course}",
      'an absolute host path or a volume name',
    ],
    ['a bad mode', "  volumes: {'vol': {bind: /w, mode: rx}}", 'the mode of vol must be ro or rw'],
    ['an unknown name field', "  name_template: 'jupyter-{user}'", 'uses {user}; known fields'],
    ['allowed_images as a plain string', '  allowed_images: some/image', "expected '*', a list"],
    ['an unknown pull_policy', '  pull_policy: sometimes', 'expected one of: ifnotpresent'],
  ])('refuses %s, naming the key and line', (_label, yaml, message) => {
    expect(() => load(yaml)).toThrow(message);
    expect(() => load(yaml)).toThrow('orrery.yaml:2: DockerSpawner.');
  });

  it('accepts named volumes, host paths, read-only volumes and image choices', () => {
    const config = load(
      [
        "  volumes: {'jupyterhub-user-{username}': /home/jovyan/work, '/srv/scratch/{escaped_username}-{servername}': {bind: /scratch, mode: rw}}",
        '  read_only_volumes: {course-material: /home/jovyan/course}',
        '  allowed_images: {Python: orrery/learner:local, Grader: orrery/grader:local}',
        '  mem_limit: 512M',
      ].join('\n'),
    ).DockerSpawner;
    expect(config.allowed_images).toEqual({
      Python: 'orrery/learner:local',
      Grader: 'orrery/grader:local',
    });
    expect(config.mem_limit).toBe(512 * 1024 ** 2);
    expect(config.host_ip).toBe('127.0.0.1');
    expect(config.port).toBe(8888);
  });
});
