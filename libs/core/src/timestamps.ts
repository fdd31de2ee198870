/**
 * JupyterHub writes naive-UTC ISO timestamps with a `Z` and microseconds, omitting the
 * fraction when it is zero: `2026-01-02T03:04:05.123000Z`, `2026-01-02T03:04:05Z`.
 */
export function isoformat(date: Date | null | undefined): string | null {
  if (!date) return null;
  const iso = date.toISOString(); // 2026-01-02T03:04:05.123Z
  const ms = date.getUTCMilliseconds();
  const base = iso.slice(0, 19);
  return ms === 0 ? `${base}Z` : `${base}.${String(ms * 1000).padStart(6, '0')}Z`;
}

/**
 * Parse a client timestamp the way JupyterHub does (ISO 8601; naive means UTC).
 * Returns null when the text is not a timestamp.
 */
export function parseTimestamp(text: unknown): Date | null {
  if (
    typeof text !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)
  ) {
    return null;
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const normalised = text.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
  const date = new Date(hasZone ? normalised : `${normalised}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
