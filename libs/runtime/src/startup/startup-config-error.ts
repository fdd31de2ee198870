/** A configuration the hub refuses at start; the CLI prints its message and exits. */
export class StartupConfigError extends Error {}
