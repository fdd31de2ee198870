import { Module } from '@nestjs/common';
import { HubChecks } from './hub-checks.service';
import { OrreryApiController } from './orrery-api.controller';

/** Orrery's extension endpoints under `hub/api/orrery/` and the start-up checks they show. */
@Module({ controllers: [OrreryApiController], providers: [HubChecks] })
export class OrreryApiModule {}
