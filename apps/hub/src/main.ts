import 'reflect-metadata';
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFileSync, existsSync } from 'node:fs';
import {
  ConfigError,
  currentIdentity,
  generateConfig,
  HubConfig,
  HubError,
  loadConfig,
  prepareDataDir,
  resolveHubPaths,
  strandedState,
} from '@orrery/core';
import { ORRERY_VERSION } from '@orrery/api';
import { startHub } from './commands/start.command';
import { issueToken } from './commands/token.command';
import { upgradeDb } from './commands/upgrade-db.command';
import { sharedUserProblem } from './shared-user-check';

const configOption = () =>
  new Option(
    '-f, --config <file>',
    'configuration file (YAML, keyed like JupyterHub traitlets)',
  ).env('ORRERY_CONFIG');

/**
 * The configuration with its paths made absolute (`resolveHubPaths`) and the data dir ready
 * (0700). `start` also refuses a network-reachable hub whose servers would share its user.
 */
function readConfig(file: string | undefined, command: 'start' | 'other' = 'other'): HubConfig {
  const identity = currentIdentity();
  const config = loadConfig({ file, env: process.env });
  const unresolved = { ...config.JupyterHub };
  resolveHubPaths(config, identity, file);
  const source = file ?? '(defaults)';
  const problems = strandedState(unresolved, config.JupyterHub, process.cwd(), existsSync).map(
    ({ from, to }) => ({
      path: 'JupyterHub.data_dir',
      source,
      message: `${from} is from an older Orrery, which kept its state in the working directory; move it to ${to} (or set the path in the config)`,
    }),
  );
  const shared = command === 'start' && sharedUserProblem(config, identity.uid, source);
  if (shared) problems.push(shared);
  if (problems.length > 0) throw new ConfigError(problems);
  prepareDataDir(config.JupyterHub.data_dir as string);
  return config;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive whole number of seconds');
  return n;
}

/** The `orrery` command line: each subcommand is a small function in ./commands. */
export function buildCli(): Command {
  const program = new Command('orrery')
    .description('Orrery: a JupyterHub-compatible hub')
    .version(ORRERY_VERSION)
    .showHelpAfterError();

  // no default command: a mistyped command must not start a hub (commander then says
  // "unknown command" and shows the help, as it does when no command is given)
  program
    .command('start')
    .description('start the hub (on an empty database, create its schema first)')
    .addOption(configOption())
    .addOption(
      new Option('--log-format <format>', 'log lines as readable text or JSON (for log shippers)')
        .choices(['text', 'json'])
        .env('ORRERY_LOG_FORMAT'),
    )
    .action(async (options: { config?: string; logFormat?: string }) => {
      // the hub's logger reads it when the app is built
      if (options.logFormat) process.env.ORRERY_LOG_FORMAT = options.logFormat;
      await startHub(readConfig(options.config, 'start'));
    });

  program
    .command('upgrade-db')
    .description('apply pending database migrations (back the database up first)')
    .addOption(configOption())
    .action(async (options: { config?: string }) => {
      const ran = await upgradeDb(readConfig(options.config));
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
    });

  program
    .command('token')
    .description(
      "print a new API token for an existing user (default scopes: the user's own, 'inherit')",
    )
    .argument('<user>', 'name of the user who owns the token')
    .option('-s, --scopes <scope...>', 'scopes of the token, e.g. read:users!user list:users')
    .option('-n, --note <note>', 'note shown in the token list')
    .option(
      '-e, --expires-in <seconds>',
      'lifetime in seconds (default: never expires)',
      positiveInt,
    )
    .addOption(configOption())
    .action(
      async (
        user: string,
        options: { scopes?: string[]; note?: string; expiresIn?: number; config?: string },
      ) => {
        console.log(await issueToken(readConfig(options.config), user, options));
      },
    );

  program
    .command('generate-config')
    .description('write a commented configuration file with every key and its default')
    .option('-o, --output <file>', 'file to write (default: standard output)')
    .option('--force', 'overwrite an existing file')
    .action((options: { output?: string; force?: boolean }) => {
      const text = generateConfig();
      if (!options.output) return void process.stdout.write(text);
      if (existsSync(options.output) && !options.force) {
        throw new Error(`${options.output} exists; pass --force to overwrite it`);
      }
      writeFileSync(options.output, text);
      console.log(`wrote ${options.output}`);
    });

  return program;
}

function explain(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof HubError) return error.hubMessage ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Runs the CLI; a failure prints one line (the config errors, or what went wrong) and exits 1. */
export function runCli(argv: string[] = process.argv): void {
  buildCli()
    .parseAsync(argv)
    .catch((error: unknown) => {
      console.error(`orrery: ${explain(error)}`);
      process.exit(1);
    });
}

if (require.main === module) runCli();
