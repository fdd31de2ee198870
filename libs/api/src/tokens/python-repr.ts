/**
 * Python's `repr()` of a JSON value, because JupyterHub's 400 messages quote the offending
 * input that way (`token expires_in must be null or integer, not '5'`). JSON cannot tell
 * `5.0` from `5`, so whole floats print as ints.
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

/** Python's name for the type of a JSON value (`input_type` in pydantic messages). */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

function pythonNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  // Python writes exponents with at least two digits: 1e-07
  return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

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
