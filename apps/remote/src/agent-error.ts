/** A failure the agent explains to the person in one line and exits 1 on; no stack trace. */
export class AgentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentError';
  }
}
