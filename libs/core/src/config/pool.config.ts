import { IntegerKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection(
  "Orrery's warm pool: anonymous users whose servers are started before anyone arrives.",
)
export class PoolConfig {
  @IntegerKey(
    'Anonymous users kept with a started server for the next visitors (tmp authenticator); 0: none.',
    { max: 1000 },
  )
  size = 0;

  @IntegerKey('Servers of the pool started at the same time while it fills.', { min: 1 })
  concurrent_starts = 4;
}
