import { Module } from '@nestjs/common';
import { UsersApiModule } from '../users/users-api.module';
import { Culler } from './culler.service';
import { KernelProbe } from './kernel-probe.service';

/** The built-in idle culler (`Culler.*`); it does nothing unless `Culler.enabled`. */
@Module({ imports: [UsersApiModule], providers: [Culler, KernelProbe], exports: [Culler] })
export class CullerModule {}
