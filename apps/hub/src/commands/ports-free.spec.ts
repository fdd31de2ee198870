import { createServer, type Server } from 'node:net';
import { checkPortsFree } from './ports-free';

describe('checkPortsFree', () => {
  let taken: Server;
  let port: number;
  beforeEach(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterEach(() => new Promise((resolve) => taken.close(resolve)));

  it('names the address in use, that another hub may hold it, and the key that moves it', async () => {
    await expect(
      checkPortsFree([{ host: '127.0.0.1', port, key: 'JupyterHub.bind_url' }]),
    ).rejects.toThrow(
      `127.0.0.1:${port} (JupyterHub.bind_url) is already in use: another hub may be running there; stop it, or choose another address with JupyterHub.bind_url`,
    );
  });

  it('passes free addresses and leaves them free', async () => {
    await new Promise((resolve) => taken.close(resolve));
    await checkPortsFree([{ host: '127.0.0.1', port, key: 'JupyterHub.hub_bind_url' }]);
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
  });
});
