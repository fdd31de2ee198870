import { parseConfig } from '@orrery/core';
import { stringify } from 'yaml';
import { proxyCommandLine } from './proxy-launcher';

const HUB = 'http://127.0.0.1:8081';

function commandLine(tree: Record<string, Record<string, unknown>>): string[] {
  return proxyCommandLine(parseConfig(stringify(tree)), HUB);
}

describe('proxyCommandLine', () => {
  it("passes JupyterHub's defaults: all interfaces on 8000, the API on 127.0.0.1:8001", () => {
    expect(commandLine({})).toEqual([
      ...['--ip', '', '--port', '8000'],
      ...['--api-ip', '127.0.0.1', '--api-port', '8001'],
      ...['--error-target', 'http://127.0.0.1:8081/hub/error'],
    ]);
  });

  it('takes the addresses from bind_url and api_url and the error page under base_url', () => {
    const args = commandLine({
      JupyterHub: { bind_url: 'http://10.1.2.3:9000', base_url: '/jh/' },
      ConfigurableHTTPProxy: { api_url: 'http://[::1]:9001' },
    });
    expect(args).toEqual([
      ...['--ip', '10.1.2.3', '--port', '9000'],
      ...['--api-ip', '::1', '--api-port', '9001'],
      ...['--error-target', 'http://127.0.0.1:8081/jh/hub/error'],
    ]);
  });

  it('adds the TLS key and certificate of the public port', () => {
    const args = commandLine({ JupyterHub: { ssl_key: '/k.pem', ssl_cert: '/c.pem' } });
    expect(args.slice(-4)).toEqual(['--ssl-key', '/k.pem', '--ssl-cert', '/c.pem']);
  });

  it("adds CHP's --host-routing with subdomain_host, so routespecs may name a host", () => {
    expect(commandLine({ JupyterHub: { subdomain_host: 'http://hub.test:8000' } })).toContain(
      '--host-routing',
    );
    expect(commandLine({})).not.toContain('--host-routing');
  });
});
