/** One thing wrong with the configuration. */
export interface ConfigProblem {
  /** The key path, e.g. `JupyterHub.services[0].url`; empty for the file as a whole. */
  readonly path: string;
  /** Where the value came from: `orrery.yaml:12`, or the environment variable's name. */
  readonly source: string;
  /** What is wrong, e.g. `expected an integer`. */
  readonly message: string;
  /** For unknown keys and sections: the nearest valid name. */
  readonly suggestion?: string;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path ? `${problem.source}: ${problem.path}` : problem.source;
  const hint = problem.suggestion ? ` (did you mean ${problem.suggestion}?)` : '';
  return `${where}: ${problem.message}${hint}`;
}

/** Every problem of a configuration at once, so an admin fixes them in one pass. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `Invalid configuration (${count}):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}
