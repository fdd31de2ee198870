import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const ORRERY_BIN = path.join(ROOT, 'bin/orrery.js');
export const PROXY_BIN = path.join(ROOT, 'bin/orrery-proxy.js');
const BUILT_MAIN = path.join(ROOT, 'dist/apps/hub/src/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * These suites run what is installed, the bins over `dist/`, so `dist/` must be the build of
 * the sources under test: it is built when missing or older than any source file.
 */
export function ensureBuilt(): void {
  const built = fs.existsSync(BUILT_MAIN) ? fs.statSync(BUILT_MAIN).mtimeMs : 0;
  const sources = Math.max(
    ...['apps', 'libs', 'migrations'].map((d) => newestSource(path.join(ROOT, d))),
  );
  if (built < sources)
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `orrery-cli-${label}-`));
}

/** The environment of a child: this one's, without a config file chosen from outside. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('ORRERY_CONFIG' in extra)) delete env.ORRERY_CONFIG;
  return env;
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a bin to its end (at most 60 s). */
export function run(
  bin: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { cwd: options.cwd, env: options.env ?? childEnv(), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code: Number.isInteger(code) ? code : 1, stdout, stderr });
      },
    );
  });
}

export interface Running {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a bin in its own process group and waits (at most `waitMs`, 60 s by default) until its
 * output matches.
 */
export async function startUntil(
  bin: string,
  args: string[],
  ready: RegExp,
  options: { cwd: string; env?: NodeJS.ProcessEnv; waitMs?: number },
): Promise<Running> {
  const waitMs = options.waitMs ?? 60_000;
  const child = spawn(bin, args, {
    cwd: options.cwd,
    env: options.env ?? childEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-(child.pid as number), 'SIGTERM');
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready in ${waitMs / 1000} s:\n${output}`)),
      waitMs,
    );
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { child, output: () => output, stop };
}
