import { HubError } from '@orrery/core';
import { pythonRepr, pythonTypeName } from '../http/python-values';

/**
 * Request bodies of the share endpoints, checked as JupyterHub's pydantic models do
 * (`ShareGrantRequest`, `ShareRevokeRequest`, `ShareCodeGrantRequest`: unknown keys refused)
 * and refused with a pydantic-style message (without its documentation-link line).
 */

export type ShareModelName = 'ShareGrantRequest' | 'ShareRevokeRequest';

export interface ShareTargetRequest {
  /** null: none given (an empty list counts as none) */
  scopes: string[] | null;
  user: string | null;
  group: string | null;
}

export interface ShareCodeRequest {
  scopes: string[] | null;
  expiresIn: number;
}

interface FieldError {
  loc: string;
  type: string;
  msg: string;
  input: unknown;
}

/** At least a minute, at most a year, a day by default. */
export const SHARE_CODE_MIN_SECONDS = 60;
export const SHARE_CODE_MAX_SECONDS = 525600 * 60;
export const SHARE_CODE_DEFAULT_SECONDS = 86400;

function validationError(model: string, errors: FieldError[]): HubError {
  const count = `${errors.length} validation error${errors.length === 1 ? '' : 's'} for ${model}`;
  const lines = errors.map((e) => {
    const detail = `  ${e.msg} [type=${e.type}, input_value=${pythonRepr(e.input)}, input_type=${pythonTypeName(e.input)}]`;
    return e.loc ? `${e.loc}\n${detail}` : detail;
  });
  return new HubError(400, [count, ...lines].join('\n'));
}

/** JupyterHub reads `get_json_body() or {}`: any Python-falsy body is an empty request. */
function bodyDict(body: unknown, model: string): Record<string, unknown> {
  if (body === undefined || body === null || body === false || body === 0 || body === '') return {};
  if (Array.isArray(body) && body.length === 0) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw validationError(model, [
      {
        loc: '',
        type: 'model_type',
        msg: `Input should be a valid dictionary or instance of ${model}`,
        input: body,
      },
    ]);
  }
  return body as Record<string, unknown>;
}

function scopesField(body: Record<string, unknown>, errors: FieldError[]): string[] | null {
  const value = body.scopes;
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    errors.push({
      loc: 'scopes',
      type: 'list_type',
      msg: 'Input should be a valid list',
      input: value,
    });
    return null;
  }
  value.forEach((item, index) => {
    if (typeof item !== 'string') {
      errors.push({
        loc: `scopes.${index}`,
        type: 'string_type',
        msg: 'Input should be a valid string',
        input: item,
      });
    }
  });
  return value.length ? (value as string[]) : null;
}

function stringField(
  body: Record<string, unknown>,
  key: string,
  errors: FieldError[],
): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({
      loc: key,
      type: 'string_type',
      msg: 'Input should be a valid string',
      input: value,
    });
    return null;
  }
  return value;
}

function extraFields(body: Record<string, unknown>, known: string[], errors: FieldError[]): void {
  for (const [key, value] of Object.entries(body)) {
    if (!known.includes(key)) {
      errors.push({
        loc: key,
        type: 'extra_forbidden',
        msg: 'Extra inputs are not permitted',
        input: value,
      });
    }
  }
}

export function parseShareTargetRequest(body: unknown, model: ShareModelName): ShareTargetRequest {
  const dict = bodyDict(body, model);
  const errors: FieldError[] = [];
  const scopes = scopesField(dict, errors);
  const user = stringField(dict, 'user', errors);
  const group = stringField(dict, 'group', errors);
  extraFields(dict, ['scopes', 'user', 'group'], errors);
  if (!errors.length) {
    // pydantic's after-validator: truthiness for "both", None for "neither"
    let message: string | null = null;
    if (user && group) message = 'Expected exactly one of `user` or `group`, not both.';
    else if (user === null && group === null) message = 'Specify exactly one of `user` or `group`';
    if (message) {
      errors.push({ loc: '', type: 'value_error', msg: `Value error, ${message}`, input: dict });
    }
  }
  if (errors.length) throw validationError(model, errors);
  return { scopes, user, group };
}

/** pydantic's lax integer: whole numbers, numeric strings and booleans are accepted. */
function expiresInField(body: Record<string, unknown>, errors: FieldError[]): number {
  const value = body.expires_in;
  if (value === undefined) return SHARE_CODE_DEFAULT_SECONDS;
  let number: number | null = null;
  if (typeof value === 'boolean') number = value ? 1 : 0;
  else if (typeof value === 'number') {
    if (Number.isInteger(value)) number = value;
    else
      errors.push({
        loc: 'expires_in',
        type: 'int_from_float',
        msg: 'Input should be a valid integer, got a number with a fractional part',
        input: value,
      });
  } else if (typeof value === 'string') {
    if (/^\s*[+-]?\d+\s*$/.test(value)) number = parseInt(value, 10);
    else
      errors.push({
        loc: 'expires_in',
        type: 'int_parsing',
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: value,
      });
  } else {
    errors.push({
      loc: 'expires_in',
      type: 'int_type',
      msg: 'Input should be a valid integer',
      input: value,
    });
  }
  if (number === null) return SHARE_CODE_DEFAULT_SECONDS;
  if (number < SHARE_CODE_MIN_SECONDS) {
    errors.push({
      loc: 'expires_in',
      type: 'greater_than_equal',
      msg: `Input should be greater than or equal to ${SHARE_CODE_MIN_SECONDS}`,
      input: value,
    });
  } else if (number > SHARE_CODE_MAX_SECONDS) {
    errors.push({
      loc: 'expires_in',
      type: 'less_than_equal',
      msg: `Input should be less than or equal to ${SHARE_CODE_MAX_SECONDS}`,
      input: value,
    });
  }
  return number;
}

export function parseShareCodeRequest(body: unknown): ShareCodeRequest {
  const model = 'ShareCodeGrantRequest';
  const dict = bodyDict(body, model);
  const errors: FieldError[] = [];
  const scopes = scopesField(dict, errors);
  const expiresIn = expiresInField(dict, errors);
  extraFields(dict, ['scopes', 'expires_in'], errors);
  if (errors.length) throw validationError(model, errors);
  return { scopes, expiresIn };
}

/**
 * JupyterHub's `_Share._apply_filter`: every share scope is limited to the one server;
 * a scope already filtered to anything else is refused. Sorted and deduplicated.
 */
export function applyShareFilter(
  scopes: readonly string[],
  owner: string,
  server: string,
): string[] {
  const serverFilter = `server=${owner}/${server}`;
  const filtered = new Set<string>();
  for (const scope of scopes) {
    const bang = scope.indexOf('!');
    const base = bang < 0 ? scope : scope.slice(0, bang);
    const filter = bang < 0 ? '' : scope.slice(bang + 1);
    if (filter && filter !== serverFilter) {
      throw new HubError(400, `!${filter} not allowed on sharing ${scope}, only !${serverFilter}`);
    }
    filtered.add(`${base}!${serverFilter}`);
  }
  return [...filtered].sort();
}

/** What a share grants when no scopes are given: the right to use the server. */
export function defaultShareScopes(owner: string, server: string): string[] {
  return [`access:servers!server=${owner}/${server}`];
}
