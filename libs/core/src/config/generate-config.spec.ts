import { parse } from 'yaml';
import { ConfigClass, keysOf } from './config-key.registry';
import { CONFIG_SECTIONS } from './config-sections';
import { generateConfig } from './generate-config';
import { HubConfig } from './hub-config';
import { parseConfig } from './load-config';

const sections = Object.entries(CONFIG_SECTIONS) as [string, ConfigClass][];

describe('generateConfig', () => {
  it.each([
    ['commented out', {}],
    ['as live keys', { activeKeys: true }],
  ])('writes a file that loads back to the defaults, keys %s', (_how, options) => {
    expect(parseConfig(generateConfig(options), { env: {} })).toEqual(new HubConfig());
  });

  it('writes every key of every section as live YAML in activeKeys mode', () => {
    const written = parse(generateConfig({ activeKeys: true })) as Record<string, object>;
    const expected = Object.fromEntries(
      sections.map(([name, section]) => [name, [...keysOf(section).keys()]]),
    );
    expect(
      Object.fromEntries(Object.entries(written).map(([n, s]) => [n, Object.keys(s)])),
    ).toEqual(expected);
  });

  it('comments out every key by default, leaving only the section names live', () => {
    expect(parse(generateConfig())).toEqual(
      Object.fromEntries(sections.map(([name]) => [name, null])),
    );
  });

  it.each(
    sections.flatMap(([name, section]) =>
      [...keysOf(section).values()].map((key) => [name, key.name, key.description]),
    ),
  )('describes %s.%s on the line above it', (section, key, description) => {
    const lines = generateConfig().split('\n');
    // the same key name may be in several sections (Spawner.port, DockerSpawner.port)
    const from = lines.indexOf(`${section}:`);
    const at = lines.findIndex((line, i) => i > from && line.startsWith(`  # ${key}: `));
    expect(lines[at - 1]).toBe(`  # ${description}`);
  });
});

describe('config classes', () => {
  it.each(sections)(
    '%s registers every property it declares, with a description',
    (_name, section) => {
      const keys = keysOf(section);
      expect([...keys.keys()]).toEqual(Object.keys(new section()));
      for (const key of keys.values()) expect(key.description).toMatch(/^[A-Z].*\.$/);
    },
  );
});
