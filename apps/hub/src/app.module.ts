import { DynamicModule, Module } from '@nestjs/common';
import { Clock, DatabaseModule, HubConfig, SystemClock } from '@orrery/core';
import { HubApiModule } from '@orrery/api';
import { AuthenticatorsModule } from '@orrery/auth';
import { CoursesModule } from '@orrery/courses';
import { OAuthModule } from '@orrery/oauth';
import { RuntimeModule } from '@orrery/runtime';
import { SpawnModule } from '@orrery/spawn';
import { WebModule } from '@orrery/web';
import { CourseGradersOnDemand } from './course-graders-on-demand';

/** The hub: configuration and clock are provided here; everything else comes from libs. */
@Module({})
export class AppModule {
  static forConfig(config: HubConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule,
        AuthenticatorsModule,
        OAuthModule,
        SpawnModule,
        HubApiModule,
        RuntimeModule,
        WebModule,
        // off, the hub has no course objects and logins are exactly what they were (issue 14)
        ...(config.Courses.enabled ? [CoursesModule] : []),
      ],
      providers: [
        { provide: HubConfig, useValue: config },
        { provide: Clock, useValue: clock },
        ...(config.Courses.enabled ? [CourseGradersOnDemand] : []),
      ],
      exports: [HubConfig, Clock],
    };
  }
}
