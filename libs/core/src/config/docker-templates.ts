/**
 * The `{field}` templates of DockerSpawner's names and volumes, as pure functions. Fields are
 * DockerSpawner's: `username` is already escaped there (`escaped_username` says so), the `raw_`
 * fields are the names as given and are refused where they would become paths.
 */

export const NAME_FIELDS = [
  'username',
  'escaped_username',
  'raw_username',
  'servername',
  'raw_servername',
  'imagename',
] as const;

export type TemplateField = (typeof NAME_FIELDS)[number];

/** Fields a volume's source or target may use: escaped ones, which cannot make `/` or `..`. */
export const VOLUME_FIELDS: readonly TemplateField[] = [
  'username',
  'escaped_username',
  'servername',
  'imagename',
];

const FIELD = /\{([^{}]*)\}/g;

/** The first `{field}` of `template` not in `allowed`, or null. */
export function unknownField(template: string, allowed: readonly string[]): string | null {
  for (const [, field] of template.matchAll(FIELD)) {
    if (!allowed.includes(field)) return field;
  }
  return null;
}

export function expandTemplate(template: string, fields: Record<TemplateField, string>): string {
  return template.replace(FIELD, (whole, field: string) =>
    field in fields ? fields[field as TemplateField] : whole,
  );
}

// Docker's own rule for a named volume (daemon/names.go: RestrictedNameChars)
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** What is wrong with one side of a volume entry (source: host path or volume name). */
function volumeSideProblem(side: 'source' | 'target', template: string): string | null {
  const field = unknownField(template, VOLUME_FIELDS);
  if (field !== null) {
    return `${side} ${JSON.stringify(template)} uses {${field}}; volumes may use only ${VOLUME_FIELDS.map((f) => `{${f}}`).join(', ')}`;
  }
  const sample = expandTemplate(template, {
    username: 'user',
    escaped_username: 'user',
    raw_username: 'user',
    servername: 'server',
    raw_servername: 'server',
    imagename: 'image',
  });
  if (sample.split('/').includes('..')) {
    return `${side} ${JSON.stringify(template)} contains "..": a volume may not leave its directory`;
  }
  if (side === 'target' && !sample.startsWith('/')) {
    return `target ${JSON.stringify(template)} must be an absolute path in the container`;
  }
  if (side === 'source' && !sample.startsWith('/') && !VOLUME_NAME.test(sample)) {
    return `source ${JSON.stringify(template)} must be an absolute host path or a volume name (letters, digits, _ . -)`;
  }
  return null;
}

/**
 * DockerSpawner's `volumes` mapping: source (host path or volume name) to a target path or
 * `{bind, mode}`. Returns what is wrong, or null.
 */
export function volumesProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'expected a mapping of a host path or volume name to a container path';
  }
  for (const [source, target] of Object.entries(value)) {
    const bind =
      typeof target === 'object' && target !== null ? (target as { bind?: unknown }).bind : target;
    if (typeof bind !== 'string') {
      return `the target of ${source} must be a container path or {bind: path, mode: ro|rw}`;
    }
    const mode = typeof target === 'object' ? (target as { mode?: unknown }).mode : undefined;
    if (mode !== undefined && mode !== 'ro' && mode !== 'rw') {
      return `the mode of ${source} must be ro or rw`;
    }
    const problem = volumeSideProblem('source', source) ?? volumeSideProblem('target', bind);
    if (problem) return problem;
  }
  return null;
}
