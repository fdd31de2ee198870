import { stringify } from 'yaml';
import { ConfigClass, keysOf, sectionDescription } from './config-key.registry';
import { CONFIG_SECTIONS } from './config-sections';

const HEADER = [
  '# Orrery configuration (written by `orrery generate-config`).',
  "# Keys keep JupyterHub's traitlet names: c.JupyterHub.bind_url is JupyterHub: bind_url.",
  '# Every key is shown with its default; uncomment a key to change it.',
  '# Environment variables override this file: ORRERY_<SECTION>__<KEY>, e.g.',
  '# ORRERY_JUPYTERHUB__BIND_URL=http://:9000.',
];

export interface GenerateConfigOptions {
  /** Write the keys as live YAML instead of commented out (pins today's defaults). */
  activeKeys?: boolean;
}

/** A YAML file with every section and key, its default and its description. */
export function generateConfig(options: GenerateConfigOptions = {}): string {
  const keyPrefix = options.activeKeys ? '' : '# ';
  const lines = [...HEADER];
  for (const [name, section] of Object.entries(CONFIG_SECTIONS) as [string, ConfigClass][]) {
    lines.push('', `# ${sectionDescription(section)}`, `${name}:`);
    const defaults = new section() as Record<string, unknown>;
    for (const [index, key] of [...keysOf(section).values()].entries()) {
      if (index > 0) lines.push('');
      lines.push(
        `  # ${key.description}`,
        `  ${keyPrefix}${key.name}: ${flow(defaults[key.name])}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

// One line per value, so uncommenting a key is removing one `# `.
function flow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}
