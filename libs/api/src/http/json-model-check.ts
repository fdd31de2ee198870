import { HubError } from '@orrery/core';
import { isJsonObject, pythonRepr, pythonTypeName, pythonTypeRepr } from './python-values';

/**
 * JupyterHub's `_check_model` / `_check_user_model` for request bodies (users, groups,
 * services): the body must be an object, its keys a subset of the known ones, each value of
 * the declared type. The messages quote the value as Python prints it, as JupyterHub's do.
 */
export type JsonType = 'str' | 'bool' | 'list' | 'dict';

export type ModelTypes = Readonly<Record<string, JsonType>>;

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
    if (pythonTypeName(value) !== types[key]) {
      throw new HubError(
        400,
        `${name}.${key} must be <class '${types[key]}'>, not: ${pythonTypeRepr(value)}`,
      );
    }
  }
}

/** Every item of a list must be a string (names of users or groups). */
export function checkStrings(values: unknown[], what: string): asserts values is string[] {
  const wrong = values.find((value) => typeof value !== 'string');
  if (wrong !== undefined)
    throw new HubError(400, `${what} must be str, not ${pythonTypeRepr(wrong)}`);
}
