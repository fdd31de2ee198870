/**
 * Python's view of parsed JSON values. JupyterHub quotes request values in its 400 messages
 * as Python prints them (`{model!r}`, `type(value)`, pydantic's `input_value`/`input_type`);
 * these render a parsed JSON value the same way so the messages match byte for byte. JSON
 * cannot tell `5.0` from `5`, so whole floats print (and are typed) as ints.
 */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => `${pythonString(key)}: ${pythonRepr(item)}`,
    );
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** Python's name for the type of a parsed JSON value (`str`, `int`, `dict`, ...). */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** `<class 'str'>`, as `type(value)!r` prints for a parsed JSON value. */
export function pythonTypeRepr(value: unknown): string {
  return `<class '${pythonTypeName(value)}'>`;
}

/** Python's truthiness, which JupyterHub's checks use (`""`, `{}`, `[]`, `0` count as missing). */
export function pythonTruthy(value: unknown): boolean {
  if (Array.isArray(value) || typeof value === 'string') return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** A JSON object (Python's dict): not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pythonNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  // Python writes exponents with at least two digits: 1e-07
  return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's str repr: single quotes unless the text holds a single quote and no double quote. */
function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (ESCAPES[char]) out += ESCAPES[char];
    else if (char === quote) out += `\\${quote}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${quote}${out}${quote}`;
}
