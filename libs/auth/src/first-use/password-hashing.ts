import { Worker } from 'node:worker_threads';

/**
 * bcrypt off the event loop. bcryptjs is plain JavaScript: even its async API runs a cost-10
 * hash (about 80 ms) in one stretch, during which the hub answers nobody, and a burst of logins
 * would stall every server's API call. One worker thread does the hashing; callers await it.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require(${JSON.stringify(require.resolve('bcryptjs'))});
parentPort.on('message', ({ id, op, password, other }) => {
  try {
    const value = op === 'hash' ? bcrypt.hashSync(password, other) : bcrypt.compareSync(password, other);
    parentPort.postMessage({ id, value });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

type Reply = { id: number; value?: string | boolean; error?: string };
type Pending = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function hashingWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_SOURCE, { eval: true });
  started.on('message', ({ id, value, error }: Reply) => {
    const call = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) started.unref();
    if (error !== undefined) call?.reject(new Error(error));
    else call?.resolve(value as string | boolean);
  });
  started.on('error', (error) => failAll(error));
  started.on('exit', () => failAll(new Error('the password hashing thread exited')));
  worker = started;
  return started;
}

/** A dead worker fails what it held; the next call starts a new one. */
function failAll(error: Error): void {
  worker = null;
  for (const call of pending.values()) call.reject(error);
  pending.clear();
}

function run(op: 'hash' | 'compare', password: string, other: string | number) {
  return new Promise<string | boolean>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    // a pending hash keeps the process alive; an idle thread must not (a CLI or a test ends)
    const hashing = hashingWorker();
    hashing.ref();
    hashing.postMessage({ id, op, password, other });
  });
}

export async function hashPassword(password: string, rounds: number): Promise<string> {
  return (await run('hash', password, rounds)) as string;
}

export async function comparePassword(password: string, hashed: string): Promise<boolean> {
  return (await run('compare', password, hashed)) as boolean;
}
