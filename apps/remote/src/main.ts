import { parseArgs } from 'node:util';
import { AgentError } from './agent-error';
import { CommandDeps, login, logout, status } from './commands';
import { configDir, CredentialsStore } from './credentials-store';

const USAGE = `Usage: orrery-remote <command> [options]

Commands:
  login --hub <url>   log in to the hub with a code confirmed in the browser
  status              show the hub and user of the login
  logout              forget the stored login

Options:
  --hub <url>         the hub's public URL (or $ORRERY_REMOTE_HUB)
  --token <token>     use this token instead of the stored login (or $ORRERY_REMOTE_TOKEN)
  -h, --help          this text`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hub: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (rest.length) throw new AgentError(`Unexpected argument: ${rest[0]}`);
  const deps: CommandDeps = {
    store: new CredentialsStore(configDir()),
    env: process.env,
    print: (line) => console.log(line),
    now: () => new Date(),
    fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const options = { hub: values.hub, token: values.token };
  if (command === 'login') await login(options, deps);
  else if (command === 'status') await status(options, deps);
  else if (command === 'logout') logout(options, deps);
  else {
    console.error(`Unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const known =
      error instanceof AgentError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(
      `orrery-remote: ${known ? (error as Error).message : String((error as Error).stack ?? error)}`,
    );
    process.exitCode = known && !(error instanceof AgentError) ? 2 : 1;
  },
);
