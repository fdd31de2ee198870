import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { KeepsAuthCache } from '../auth/auth-cache-invalidation';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { UserActivityService } from './user-activity.service';

/** `POST /hub/api/users/{name}/activity`: servers and services report a user's activity. */
@Controller('api/users/:user_name/activity')
export class UserActivityController {
  constructor(@Inject(UserActivityService) private readonly activity: UserActivityService) {}

  @Post()
  @HttpCode(200)
  @NeedsScope('users:activity')
  // an activity report changes no token or scope, so the auth cache stays warm
  @KeepsAuthCache()
  async reportActivity(@Param('user_name') name: string, @Body() body: unknown): Promise<void> {
    await this.activity.record(name, body);
  }
}
