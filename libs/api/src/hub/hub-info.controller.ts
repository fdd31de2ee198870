import { Controller, Get, Header, Inject } from '@nestjs/common';
import { HubConfig } from '@orrery/core';
import { NeedsScope, Public } from '../auth/needs-scope.decorator';
import { ORRERY_VERSION } from '../orrery-version';

/** `GET /hub/api/` (the version probe of single-user servers and the culler) and `/info`. */
@Controller('api')
export class HubInfoController {
  constructor(@Inject(HubConfig) private readonly config: HubConfig) {}

  @Get()
  @Public()
  @Header('Access-Control-Allow-Origin', '*')
  root(): { version: string } {
    return { version: this.config.JupyterHub.jupyterhub_version };
  }

  @Get('info')
  @NeedsScope('read:hub')
  info(): Record<string, unknown> {
    return {
      version: this.config.JupyterHub.jupyterhub_version,
      python: `Orrery ${ORRERY_VERSION} on Node.js ${process.version}`,
      sys_executable: process.execPath,
      spawner: { class: this.config.JupyterHub.spawner_class, version: ORRERY_VERSION },
      authenticator: { class: this.config.JupyterHub.authenticator_class, version: ORRERY_VERSION },
    };
  }
}
