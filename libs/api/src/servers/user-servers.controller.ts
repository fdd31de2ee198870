import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { HubError } from '@orrery/core';
import type { FastifyReply } from 'fastify';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { EmptyTrailingParam, NeedsScope } from '../auth/needs-scope.decorator';
import { DefaultServerRoute } from './default-server-param';
import { sendEventStream } from './event-stream';
import { ServerActions } from './server-actions.service';
import { ServerRequests } from './server-requests.service';

/** Named-server paths; `servers/` (empty name) is the default server, as in JupyterHub. */
const NAMED = ['servers/:server_name', 'servers'];

/** `server` without a name: the paths of the default server. */
function serverName(name: string | undefined): string {
  if (name === undefined) throw new HubError(404);
  return name;
}

/**
 * `/hub/api/users/{name}/server` and `/users/{name}/servers/{server}`: read, create, change,
 * start, stop, follow a start. Start and stop answer `text/plain` with an empty body.
 */
@Controller('api/users/:user_name')
export class UserServersController {
  constructor(
    @Inject(ServerRequests) private readonly requests: ServerRequests,
    @Inject(ServerActions) private readonly actions: ServerActions,
  ) {}

  @Get('server')
  @DefaultServerRoute()
  @NeedsScope('read:servers')
  getDefault(@Auth() auth: AuthContext, @Param('user_name') user: string) {
    return this.get(auth, user, '');
  }

  @Get(NAMED)
  @EmptyTrailingParam('server_name')
  @NeedsScope('read:servers')
  async get(
    @Auth() auth: AuthContext,
    @Param('user_name') userName: string,
    @Param('server_name') server?: string,
  ) {
    const user = await this.requests.user(userName);
    const spawner = await this.requests.spawner(user, serverName(server));
    return this.requests.model(user, spawner, auth.scopes);
  }

  @Put(NAMED)
  @EmptyTrailingParam('server_name')
  @NeedsScope('start:servers')
  @HttpCode(201)
  async create(
    @Auth() auth: AuthContext,
    @Param('user_name') userName: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ) {
    const user = await this.requests.user(userName);
    const spawner = await this.requests.create(user, serverName(server), body);
    return this.requests.model(user, spawner, auth.scopes);
  }

  @Patch(NAMED)
  @EmptyTrailingParam('server_name')
  @NeedsScope('start:servers')
  async change(
    @Auth() auth: AuthContext,
    @Param('user_name') userName: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ) {
    const user = await this.requests.user(userName);
    const spawner = await this.requests.change(user, serverName(server), body);
    return this.requests.model(user, spawner, auth.scopes);
  }

  @Post('server')
  @DefaultServerRoute()
  @NeedsScope('start:servers')
  startDefault(
    @Param('user_name') user: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    return this.start(user, body, reply, '');
  }

  @Post(NAMED)
  @EmptyTrailingParam('server_name')
  @NeedsScope('start:servers')
  async start(
    @Param('user_name') user: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
    @Param('server_name') server?: string,
  ) {
    const status = await this.actions.start(user, serverName(server), body);
    await reply.status(status).type('text/plain').send('');
  }

  @Delete('server')
  @DefaultServerRoute()
  @NeedsScope('delete:servers')
  stopDefault(@Param('user_name') user: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    return this.stop(user, body, reply, '');
  }

  @Delete(NAMED)
  @EmptyTrailingParam('server_name')
  @NeedsScope('delete:servers')
  async stop(
    @Param('user_name') user: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
    @Param('server_name') server?: string,
  ) {
    const status = await this.actions.stop(user, serverName(server), body);
    await reply.status(status).type('text/plain').send('');
  }

  @Get('server/progress')
  @DefaultServerRoute()
  @NeedsScope('read:servers')
  progressDefault(
    @Req() request: HubRequest,
    @Param('user_name') user: string,
    @Res() reply: FastifyReply,
  ) {
    return this.progress(request, user, reply, '');
  }

  @Get('servers/:server_name/progress')
  @NeedsScope('read:servers')
  async progress(
    @Req() request: HubRequest,
    @Param('user_name') user: string,
    @Res() reply: FastifyReply,
    @Param('server_name') server: string,
  ) {
    sendEventStream(request, reply, await this.actions.progress(user, server));
  }
}
