/** A key path inside the configuration: section, key, then list indexes or map entry names. */
export type ConfigPath = readonly (string | number)[];

/** `JupyterHub.services[0].url`; map entries that are not plain names are quoted. */
export function formatPath(path: ConfigPath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
