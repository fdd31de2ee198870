import { Module } from '@nestjs/common';
import { UserActivityController } from './user-activity.controller';
import { UserActivityService } from './user-activity.service';
import { UserAdminService } from './user-admin.service';
import { UserListController } from './user-list.controller';
import { UserListService } from './user-list.service';
import { UserController } from './user.controller';

/** The users area of the API: `/users`, `/users/{name}`, `/users/{name}/activity`. */
@Module({
  controllers: [UserListController, UserController, UserActivityController],
  providers: [UserListService, UserAdminService, UserActivityService],
  exports: [UserAdminService],
})
export class UsersApiModule {}
