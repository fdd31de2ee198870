/** Host and port from a JupyterHub bind URL; an empty host (`http://:8000`) means all interfaces. */
export function listenAddress(bindUrl: string): { host: string; port: number } {
  const match = /^https?:\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?/.exec(bindUrl);
  if (!match) throw new Error(`not a bind URL: ${bindUrl}`);
  const host = match[1].replace(/^\[(.*)\]$/, '$1');
  const port = match[2] ? Number(match[2]) : bindUrl.startsWith('https') ? 443 : 80;
  return { host: host || '0.0.0.0', port };
}
