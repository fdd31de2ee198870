import { Module } from '@nestjs/common';
import { GroupController } from './group.controller';
import { GroupModelService } from './group-model.service';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';

/** `/hub/api/groups*`: list, create, read, delete groups, their members and properties. */
@Module({
  controllers: [GroupsController, GroupController],
  providers: [GroupsService, GroupModelService],
  exports: [GroupsService, GroupModelService],
})
export class GroupsApiModule {}
