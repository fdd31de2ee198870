import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { GRADER_ON_DEMAND } from '@orrery/courses';
import { ServiceOnDemand, type OnDemandServices } from '@orrery/web';

/**
 * Makes the courses' graders web's on-demand services, so `/hub/services/<id>/` starts a
 * stopped grader behind the progress page. Here because courses and web may not import each
 * other; provided only when `Courses.enabled`.
 */
@Injectable()
export class CourseGradersOnDemand implements OnModuleInit {
  constructor(
    @Inject(ServiceOnDemand) private readonly onDemand: ServiceOnDemand,
    @Inject(GRADER_ON_DEMAND) private readonly graders: OnDemandServices,
  ) {}

  onModuleInit(): void {
    this.onDemand.register(this.graders);
  }
}
