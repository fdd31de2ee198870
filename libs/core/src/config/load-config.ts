import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import { isPlainMapping } from './config-key.decorators';
import { formatPath } from './config-path';
import { readConfig } from './config-reader';
import { EnvOverride, readEnvOverrides } from './env-overrides';
import { HubConfig } from './hub-config';
import { parseYamlSource } from './yaml-source';

export interface LoadConfigOptions {
  /** The YAML file (`--config`); without it every key has its default. */
  file?: string;
  /** Where `ORRERY_<SECTION>__<KEY>` overrides are read; process.env when omitted. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads orrery.yaml, applies defaults and environment overrides, validates everything and
 * throws one ConfigError listing every problem.
 */
export function loadConfig(options: LoadConfigOptions = {}): HubConfig {
  const { file, env } = options;
  if (file === undefined) return parseConfig('', { env });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError([
      { path: '', source: file, message: `cannot read the file (${reason})` },
    ]);
  }
  return parseConfig(text, { file, env });
}

/** loadConfig on YAML text; `file` only names the text in problems. */
export function parseConfig(text: string, options: LoadConfigOptions = {}): HubConfig {
  const fileName = options.file ?? '(defaults)';
  const yaml = parseYamlSource(text);
  if (yaml.errors.length > 0) {
    throw new ConfigError(
      yaml.errors.map((error) => ({
        path: '',
        source: `${fileName}:${error.line}`,
        message: `not valid YAML: ${error.message}`,
      })),
    );
  }
  const env = readEnvOverrides(options.env ?? process.env);
  const { config, problems } = readConfig(withOverrides(yaml.data, env.overrides));
  const variableOf = new Map(env.overrides.map((o) => [`${o.section}.${o.key}`, o.variable]));
  const located = problems.map((problem) => {
    const variable = variableOf.get(problem.path.slice(0, 2).join('.'));
    return {
      order: variable ?? yaml.lineOf(problem.path),
      problem: {
        path: formatPath(problem.path),
        source: variable ?? `${fileName}:${yaml.lineOf(problem.path)}`,
        message: problem.message,
        suggestion: problem.suggestion && formatPath(problem.suggestion),
      },
    };
  });
  for (const { variable, path, message, suggestion } of env.problems) {
    located.push({
      order: variable,
      problem: { path: formatPath(path), source: variable, message, suggestion },
    });
  }
  if (located.length > 0) throw new ConfigError(located.sort(byOrder).map((p) => p.problem));
  return config;
}

// File lines first, in order, then environment variables by name.
function byOrder(a: { order: number | string }, b: { order: number | string }): number {
  if (typeof a.order === 'number' && typeof b.order === 'number') return a.order - b.order;
  if (typeof a.order === 'number') return -1;
  if (typeof b.order === 'number') return 1;
  return a.order.localeCompare(b.order);
}

function withOverrides(data: unknown, overrides: readonly EnvOverride[]): unknown {
  if (overrides.length === 0) return data;
  const root = data ?? {};
  if (!isPlainMapping(root)) return root;
  for (const { section, key, value } of overrides) {
    const current = root[section] ?? {};
    // A section that is not a mapping is reported where the file writes it.
    if (isPlainMapping(current)) root[section] = { ...current, [key]: value };
  }
  return root;
}
