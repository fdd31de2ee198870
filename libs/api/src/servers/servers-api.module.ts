import { Module } from '@nestjs/common';
import { DefaultServerParam } from './default-server-param';
import { ServerActions } from './server-actions.service';
import { ServerRequests } from './server-requests.service';
import { UserServersController } from './user-servers.controller';

/** The servers area of the API: `/users/{name}/server[s/{server}][/progress]`. */
@Module({
  controllers: [UserServersController],
  providers: [DefaultServerParam, ServerRequests, ServerActions],
})
export class ServersApiModule {}
