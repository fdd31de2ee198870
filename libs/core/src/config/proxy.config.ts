import { IntegerKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection(
  "Limits of Orrery's in-process proxy on the public port (orrery-proxy takes them as flags).",
)
export class ProxyConfig {
  @IntegerKey(
    'Open connections one client address may hold on the public port; more are closed at once.',
    { min: 1 },
  )
  max_connections_per_ip = 256;

  @IntegerKey(
    'Seconds a client may take to send a whole request, head and body, before 408 (as node:http).',
    { min: 1 },
  )
  request_timeout = 300;

  @IntegerKey(
    'File descriptors kept for the hub API and the database: the public port stops accepting before.',
    { min: 16 },
  )
  fd_reserve = 512;
}
