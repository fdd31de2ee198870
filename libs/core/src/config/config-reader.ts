import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isPlainMapping } from './config-key.decorators';
import { ConfigClass, keysOf, NestedShape } from './config-key.registry';
import { ConfigPath } from './config-path';
import { CONFIG_SECTIONS } from './config-sections';
import { nearestName } from './edit-distance';
import { HubConfig } from './hub-config';

/** A problem found while reading, before it is tied to a file line or a variable. */
export interface ReadProblem {
  readonly path: ConfigPath;
  readonly message: string;
  readonly suggestion?: ConfigPath;
}

/**
 * Reads plain data (parsed YAML with the environment applied) into a HubConfig: defaults for
 * what is absent, every unknown key and every invalid value collected rather than thrown.
 */
export function readConfig(root: unknown): { config: HubConfig; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const config = new HubConfig();
  const sections = config as unknown as Record<string, unknown>;
  if (!isPlainMapping(root ?? {})) {
    problems.push({ path: [], message: 'expected a mapping of sections such as JupyterHub:' });
    return { config, problems };
  }
  for (const [name, raw] of Object.entries(root ?? {})) {
    const section: ConfigClass | undefined = (CONFIG_SECTIONS as Record<string, ConfigClass>)[name];
    if (!section) {
      const nearest = nearestName(name, Object.keys(CONFIG_SECTIONS));
      problems.push({
        path: [name],
        message: 'unknown section',
        suggestion: nearest === undefined ? undefined : [nearest],
      });
      continue;
    }
    // A section whose keys are all commented out is null in YAML: it means "all defaults".
    sections[name] = readEntry(section, raw ?? {}, [name], problems);
  }
  return { config, problems };
}

function readEntry<T extends object>(
  cls: ConfigClass<T>,
  raw: unknown,
  path: ConfigPath,
  problems: ReadProblem[],
): T {
  if (!isPlainMapping(raw)) {
    problems.push({ path, message: 'expected a mapping' });
    return new cls();
  }
  const keys = keysOf(cls);
  const plain: Record<string, unknown> = {};
  const nested: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const spec = keys.get(name);
    if (!spec) {
      const nearest = nearestName(name, keys.keys());
      problems.push({
        path: [...path, name],
        message: 'unknown key',
        suggestion: nearest === undefined ? undefined : [...path, nearest],
      });
    } else if (spec.nested) {
      nested[name] = readNested(spec.nested, value, [...path, name], problems);
    } else {
      plain[name] = value;
    }
  }
  // Nested entries are already instances; class-transformer would turn them back into plain objects.
  const entry = Object.assign(plainToInstance(cls, plain), nested);
  for (const error of validateSync(entry, { stopAtFirstError: true })) {
    const [message] = Object.values(error.constraints ?? {});
    if (message) problems.push({ path: [...path, error.property], message });
  }
  return entry;
}

function readNested(
  shape: NestedShape,
  value: unknown,
  path: ConfigPath,
  problems: ReadProblem[],
): unknown {
  const entry = shape.entry();
  if (shape.shape === 'list') {
    if (!Array.isArray(value)) {
      problems.push({ path, message: 'expected a list' });
      return [];
    }
    return value.map((item, index) => readEntry(entry, item, [...path, index], problems));
  }
  if (!isPlainMapping(value)) {
    problems.push({ path, message: 'expected a mapping' });
    return {};
  }
  const entries: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const nameProblem = shape.checkName?.(name);
    if (nameProblem) problems.push({ path: [...path, name], message: nameProblem });
    const full = shape.fromList && Array.isArray(item) ? shape.fromList(item) : item;
    entries[name] = readEntry(entry, full, [...path, name], problems);
  }
  return entries;
}
