import { BooleanKey, CommandKey, IntegerKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';
import { checkHttpUrl, checkNotEmpty } from './config-formats';

@ConfigSection('The external proxy (JupyterHub.proxy: external), spoken to over the CHP REST API.')
export class ConfigurableHttpProxyConfig {
  @TextKey('URL of the REST API of the proxy.', { check: checkHttpUrl })
  api_url = 'http://127.0.0.1:8001';

  @TextKey('Token of the proxy REST API; null means CONFIGPROXY_AUTH_TOKEN or a generated one.', {
    optional: true,
    check: checkNotEmpty,
  })
  auth_token: string | null = null;

  @BooleanKey('Start the proxy process with the hub (false: it runs on its own).')
  should_start = true;

  @CommandKey('Command that starts the proxy.')
  command: string[] = ['configurable-http-proxy'];

  @IntegerKey('Seconds between checks that the started proxy runs; a dead one is restarted.', {
    min: 1,
  })
  check_running_interval = 5;

  @TextKey('File holding the PID of the started proxy; a leftover one is stopped at start.')
  pid_file = 'jupyterhub-proxy.pid';
}
