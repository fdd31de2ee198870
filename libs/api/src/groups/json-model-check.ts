import { HubError } from '@orrery/core';

/**
 * JupyterHub's `_check_model` for request bodies (groups, services, shutdown): the body must
 * be an object, its keys a subset of the known ones, each value of the declared type. The
 * messages quote the value as Python prints it, as JupyterHub's do.
 */
export type JsonType = 'str' | 'bool' | 'list' | 'dict';

export type ModelTypes = Readonly<Record<string, JsonType>>;

/** Python's type name of a parsed JSON value. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}

export function pythonClass(value: unknown): string {
  return `<class '${pythonTypeName(value)}'>`;
}

function pythonString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/** `repr()` of a parsed JSON value. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${pythonString(key)}: ${pythonRepr(item)}`).join(', ')}}`;
}

/** Python's truth value of a parsed JSON value (empty strings, lists and dicts are false). */
export function pythonTruthy(value: unknown): boolean {
  if (Array.isArray(value) || typeof value === 'string') return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: JsonType): boolean {
  return pythonTypeName(value) === type;
}

/** Throws JupyterHub's 400 for a body that is not an object, has unknown keys or wrong types. */
export function checkModel(
  model: unknown,
  types: ModelTypes,
  name: string,
): asserts model is Record<string, unknown> {
  if (!isJsonObject(model)) throw new HubError(400, `Invalid JSON data: ${pythonRepr(model)}`);
  if (Object.keys(model).some((key) => !Object.hasOwn(types, key))) {
    throw new HubError(400, `Invalid JSON keys: ${pythonRepr(model)}`);
  }
  for (const [key, value] of Object.entries(model)) {
    if (!hasType(value, types[key])) {
      throw new HubError(
        400,
        `${name}.${key} must be <class '${types[key]}'>, not: ${pythonClass(value)}`,
      );
    }
  }
}

/** Every item of a list must be a string (names of users or groups). */
export function checkStrings(values: unknown[], what: string): asserts values is string[] {
  const wrong = values.find((value) => typeof value !== 'string');
  if (wrong !== undefined)
    throw new HubError(400, `${what} must be str, not ${pythonClass(wrong)}`);
}
