import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { ConfigClass, KeyKind, NestedShape, registerKey } from './config-key.registry';

/**
 * One decorator per kind of value. Each registers the key with its description (the one source
 * of truth for `generateConfig`) and adds the class-validator checks with the messages an admin
 * reads, so every key of the same kind fails the same way.
 */

/** What is wrong with a value, or null when it is fine. */
export type ValueCheck = (value: unknown, owner: Record<string, unknown>) => string | null;

interface Optional {
  /** null (and absence) is allowed and means "not set". */
  optional?: boolean;
}

let checkCount = 0;

/** A class-validator constraint whose message is computed from the value. */
export function Check(check: ValueCheck): PropertyDecorator {
  checkCount += 1;
  return ValidateBy({
    name: `orreryCheck${checkCount}`,
    validator: {
      validate: (value, args) => check(value, args?.object as Record<string, unknown>) === null,
      defaultMessage: (args) =>
        check(args?.value, args?.object as Record<string, unknown>) ?? 'is invalid',
    },
  });
}

const required = Check((value) => {
  if (value === undefined) return 'is required';
  return value === null ? 'is empty; expected a value' : null;
});

function configKey(
  description: string,
  kind: KeyKind,
  options: Optional,
  decorators: PropertyDecorator[],
  nested?: NestedShape,
): PropertyDecorator {
  return (target, property) => {
    registerKey(target, { name: String(property), description, kind, nested });
    const guard = options.optional
      ? ValidateIf((_owner, value) => value !== null && value !== undefined)
      : required;
    for (const decorate of nested ? decorators : [guard, ...decorators]) {
      decorate(target, property);
    }
  };
}

export function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function TextKey(
  description: string,
  options: Optional & {
    check?: (value: string) => string | null;
    /** Normalises the value as read, as a traitlet's validate() does. */
    normalise?: (value: unknown) => unknown;
  } = {},
): PropertyDecorator {
  const { check, normalise } = options;
  const extra = check ? [Check((value) => check(value as string))] : [];
  const decorate = configKey(description, 'text', options, [
    IsString({ message: 'expected a string' }),
    ...extra,
  ]);
  return (target, property) => {
    if (normalise) Transform(({ value }) => normalise(value))(target, property);
    decorate(target, property);
  };
}

export function ChoiceKey(description: string, choices: readonly string[]): PropertyDecorator {
  return configKey(description, 'text', {}, [
    IsIn([...choices], { message: `expected one of: ${choices.join(', ')}` }),
  ]);
}

export function IntegerKey(
  description: string,
  options: Optional & { min?: number; max?: number; check?: ValueCheck } = {},
): PropertyDecorator {
  const { min = 0, max, check } = options;
  return configKey(description, 'value', options, [
    IsInt({ message: 'expected an integer' }),
    Min(min, { message: `must be at least ${min}` }),
    ...(max === undefined ? [] : [Max(max, { message: `must be at most ${max}` })]),
    ...(check ? [Check(check)] : []),
  ]);
}

/** A number greater than zero (JupyterHub's Float traits, e.g. cookie_max_age_days). */
export function PositiveNumberKey(description: string, options: Optional = {}): PropertyDecorator {
  return configKey(description, 'value', options, [
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'expected a number' }),
    Check((value) => ((value as number) > 0 ? null : 'must be greater than 0')),
  ]);
}

export function BooleanKey(description: string, options: Optional = {}): PropertyDecorator {
  return configKey(description, 'value', options, [
    IsBoolean({ message: 'expected true or false' }),
  ]);
}

export function TextListKey(
  description: string,
  options: Optional & { checkItem?: (item: string) => string | null } = {},
): PropertyDecorator {
  const { checkItem } = options;
  const itemCheck = checkItem ? [Check((value) => firstProblem(value as string[], checkItem))] : [];
  return configKey(description, 'value', options, [
    IsArray({ message: 'expected a list of strings' }),
    IsString({ each: true, message: 'expected a list of strings' }),
    ...itemCheck,
  ]);
}

function firstProblem(items: string[], check: (item: string) => string | null): string | null {
  for (const item of items) {
    const problem = check(item);
    if (problem) return problem;
  }
  return null;
}

/** JupyterHub's Command trait: a list of strings, or one string meaning a list of one. */
export function CommandKey(description: string, options: Optional = {}): PropertyDecorator {
  const toList = Transform(({ value }) => (typeof value === 'string' ? [value] : value));
  const decorate = configKey(description, 'value', options, [
    IsArray({ message: 'expected a command: a string or a list of strings' }),
    IsString({ each: true, message: 'expected a command: a string or a list of strings' }),
    Check((value) => ((value as unknown[]).length > 0 ? null : 'must not be empty')),
  ]);
  return (target, property) => {
    toList(target, property);
    decorate(target, property);
  };
}

/** A mapping of names to strings (environment variables, api_tokens). */
export function TextMapKey(
  description: string,
  options: Optional & { checkEntry?: (name: string, value: string) => string | null } = {},
): PropertyDecorator {
  const { checkEntry } = options;
  return configKey(description, 'value', options, [
    Check((value) => {
      if (!isPlainMapping(value)) return 'expected a mapping of names to strings';
      for (const [name, entry] of Object.entries(value)) {
        if (typeof entry !== 'string') return `the value of ${name} must be a string (quote it)`;
        const problem = checkEntry?.(name, entry);
        if (problem) return problem;
      }
      return null;
    }),
  ]);
}

/** A free-form mapping (template_vars, a service's info, a group's properties). */
export function AnyMapKey(description: string, options: Optional = {}): PropertyDecorator {
  return configKey(description, 'value', options, [
    Check((value) => (isPlainMapping(value) ? null : 'expected a mapping')),
  ]);
}

/** Bytes as JupyterHub's ByteSpecification reads them: an integer, or a number with K/M/G/T. */
export function BytesKey(description: string): PropertyDecorator {
  const toBytes = Transform(({ value }) => {
    const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)([KMGT])$/.exec(value) : null;
    if (!match) return value;
    return Math.floor(Number(match[1]) * 1024 ** ('KMGT'.indexOf(match[2]) + 1));
  });
  const decorate = configKey(description, 'value', { optional: true }, [
    IsInt({ message: 'expected a size in bytes: an integer or a number with K, M, G or T' }),
    Min(0, { message: 'must be at least 0' }),
  ]);
  return (target, property) => {
    toBytes(target, property);
    decorate(target, property);
  };
}

/** A list of entries of a config class (roles, services); `unique` (`name`) must be unique. */
export function ListOfKey(
  description: string,
  entry: () => ConfigClass,
  unique = 'name',
): PropertyDecorator {
  return configKey(
    description,
    'value',
    {},
    [Check((value) => duplicateName(value as Record<string, unknown>[], unique))],
    { shape: 'list', entry },
  );
}

function duplicateName(entries: Record<string, unknown>[], unique: string): string | null {
  const seen = new Set<unknown>();
  for (const entry of entries) {
    const name = entry[unique];
    if (seen.has(name))
      return `has two entries ${unique === 'name' ? 'named' : `with ${unique}`} ${String(name)}`;
    seen.add(name);
  }
  return null;
}

/** A mapping of entry name to an entry of a config class (load_groups, custom_scopes). */
export function MapOfKey(
  description: string,
  entry: () => ConfigClass,
  options: Pick<NestedShape, 'fromList' | 'checkName'> = {},
): PropertyDecorator {
  return configKey(description, 'value', {}, [], { shape: 'map', entry, ...options });
}
