import { parseDocument } from 'yaml';
import { ConfigClass, keysOf } from './config-key.registry';
import { ConfigPath } from './config-path';
import { CONFIG_SECTIONS } from './config-sections';
import { nearestName } from './edit-distance';

/**
 * Environment overrides: `ORRERY_<SECTION>__<KEY>=value`, section and key upper-cased
 * (`ORRERY_JUPYTERHUB__BIND_URL`). String keys take the value verbatim; every other key reads
 * it as YAML (`500`, `true`, `[a, b]`, `{students: [ann]}`). Other `ORRERY_*` variables without
 * `__` are left alone, unless they start with a section name (a likely single-underscore typo).
 */
export const ENV_PREFIX = 'ORRERY_';

export interface EnvOverride {
  readonly variable: string;
  readonly section: string;
  readonly key: string;
  readonly value: unknown;
}

export interface EnvProblem {
  readonly variable: string;
  readonly path: ConfigPath;
  readonly message: string;
  readonly suggestion?: string;
}

export function envVariableName(section: string, key: string): string {
  return `${ENV_PREFIX}${section.toUpperCase()}__${key.toUpperCase()}`;
}

export function readEnvOverrides(env: NodeJS.ProcessEnv): {
  overrides: EnvOverride[];
  problems: EnvProblem[];
} {
  const overrides: EnvOverride[] = [];
  const problems: EnvProblem[] = [];
  const sections = Object.keys(CONFIG_SECTIONS);
  const variables = Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX))
    .sort();
  for (const variable of variables) {
    const rest = variable.slice(ENV_PREFIX.length);
    const split = rest.indexOf('__');
    if (split < 0) {
      const section = sections.find((name) => rest.startsWith(`${name.toUpperCase()}_`));
      if (section) {
        problems.push({
          variable,
          path: [section],
          message: `expected ${ENV_PREFIX}${section.toUpperCase()}__<KEY>: two underscores before the key`,
        });
      }
      continue;
    }
    const read = readVariable(variable, rest.slice(0, split), rest.slice(split + 2), env);
    if ('message' in read) problems.push(read);
    else overrides.push(read);
  }
  return { overrides, problems };
}

function readVariable(
  variable: string,
  sectionPart: string,
  keyPart: string,
  env: NodeJS.ProcessEnv,
): EnvOverride | EnvProblem {
  const sections = Object.keys(CONFIG_SECTIONS);
  const section = sections.find((name) => name.toUpperCase() === sectionPart.toUpperCase());
  if (!section) {
    const nearest = nearestName(sectionPart, sections);
    return {
      variable,
      path: [sectionPart],
      message: 'unknown section',
      suggestion: nearest === undefined ? undefined : envVariableName(nearest, keyPart),
    };
  }
  const keys = keysOf((CONFIG_SECTIONS as Record<string, ConfigClass>)[section]);
  const spec = [...keys.values()].find((key) => key.name.toUpperCase() === keyPart.toUpperCase());
  if (!spec) {
    const nearest = nearestName(keyPart, keys.keys());
    return {
      variable,
      path: [section, keyPart.toLowerCase()],
      message: 'unknown key',
      suggestion: nearest === undefined ? undefined : envVariableName(section, nearest),
    };
  }
  const text = env[variable] ?? '';
  if (spec.kind === 'text') return { variable, section, key: spec.name, value: text };
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    // The parser's message would quote the value, which may be a secret.
    return {
      variable,
      path: [section, spec.name],
      message: 'is not valid YAML; write lists as [a, b] and mappings as {key: value}',
    };
  }
  return { variable, section, key: spec.name, value: doc.toJS() };
}
