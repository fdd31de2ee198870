/** Python's `quote(value, safe='@~')`, which JupyterHub uses for names in URLs. */
export function urlEscapePath(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%40/g, '@');
}
