import { createServer } from 'node:net';

/** One address the hub is about to listen on, and the key that sets it. */
export interface WantedAddress {
  host: string;
  port: number;
  key: string;
}

/** Resolves when `host:port` can be bound (and frees it again); rejects with the listen error. */
function tryBind(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * Before anything opens: every address the hub will listen on is free, or the start stops
 * with one line saying which address, that another hub may hold it, and which key moves it.
 */
export async function checkPortsFree(wanted: readonly WantedAddress[]): Promise<void> {
  for (const { host, port, key } of wanted) {
    if (port === 0) continue;
    try {
      await tryBind(host, port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const where = `${host || '*'}:${port}`;
      if (code === 'EADDRINUSE') {
        throw new Error(
          `${where} (${key}) is already in use: another hub may be running there; stop it, or choose another address with ${key}`,
        );
      }
      throw new Error(`cannot listen on ${where} (${key}): ${String((error as Error).message)}`);
    }
  }
}
