import { CONFIG_SECTIONS, ConfigSections } from './config-sections';

// A class built from CONFIG_SECTIONS, so a new section needs no second edit here.
const Sections = class {
  constructor() {
    for (const [name, section] of Object.entries(CONFIG_SECTIONS)) {
      (this as Record<string, unknown>)[name] = new section();
    }
  }
} as new () => ConfigSections;

/**
 * The validated configuration, one property per section (`config.JupyterHub.bind_url`).
 * It is also the Nest injection token: `{ provide: HubConfig, useValue: loadConfig(...) }`.
 * `new HubConfig()` holds every default, which suits tests.
 */
export class HubConfig extends Sections {}
