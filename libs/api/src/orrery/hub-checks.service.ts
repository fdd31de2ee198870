import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuthenticatorRegistry } from '@orrery/auth';

/**
 * Start-up checks of the configuration that do not stop the hub but need an admin's eyes:
 * logged at warn when the hub starts and listed for the admin page (`GET
 * /hub/api/orrery/hub-checks`).
 */
@Injectable()
export class HubChecks implements OnApplicationBootstrap {
  private readonly logger = new Logger('startup');

  constructor(@Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry) {}

  warnings(): string[] {
    return this.registry.allowRuleWarnings();
  }

  onApplicationBootstrap(): void {
    for (const warning of this.warnings()) {
      // loud on purpose: a hub nobody can log in to looks broken, not misconfigured
      this.logger.warn({ message: `WARNING: ${warning}`, check: 'allow-config' });
    }
  }
}
