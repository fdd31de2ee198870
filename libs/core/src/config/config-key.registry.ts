/**
 * What the loader, the environment overrides and `generateConfig` know about each key of a
 * config class. The key decorators (config-key.decorators.ts) fill it; it is the one list of
 * valid key names, so a key without a decorator is an unknown key.
 */
export type ConfigClass<T extends object = object> = new () => T;

/** `text` keys take an environment value verbatim; `value` keys parse it as YAML. */
export type KeyKind = 'text' | 'value';

export interface NestedShape {
  /** A YAML list of entries, or a mapping of entry name to entry. */
  readonly shape: 'list' | 'map';
  readonly entry: () => ConfigClass;
  /** Turns a list given in place of a map entry into the entry (JupyterHub's older forms). */
  readonly fromList?: (list: unknown[]) => unknown;
  /** A check of each map entry's name; returns what is wrong, or null. */
  readonly checkName?: (name: string) => string | null;
}

export interface KeySpec {
  readonly name: string;
  readonly description: string;
  readonly kind: KeyKind;
  readonly nested?: NestedShape;
}

const keysByClass = new Map<object, Map<string, KeySpec>>();
const sectionDescriptions = new Map<object, string>();

export function registerKey(target: object, spec: KeySpec): void {
  const keys = keysByClass.get(target) ?? new Map<string, KeySpec>();
  keys.set(spec.name, spec);
  keysByClass.set(target, keys);
}

/** The keys of a config class, in declaration order. */
export function keysOf(cls: ConfigClass): ReadonlyMap<string, KeySpec> {
  return keysByClass.get(cls.prototype) ?? new Map();
}

/** Class decorator: the one-line description of a section, written by `generateConfig`. */
export function ConfigSection(description: string): ClassDecorator {
  return (target) => {
    sectionDescriptions.set(target, description);
  };
}

export function sectionDescription(cls: ConfigClass): string {
  return sectionDescriptions.get(cls) ?? '';
}
