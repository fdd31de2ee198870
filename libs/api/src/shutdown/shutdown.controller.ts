import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { HubShutdown } from './hub-shutdown.service';
import { parseShutdownRequest } from './shutdown-request';

/** `POST /hub/api/shutdown`: answers 202 first, then the hub closes. */
@Controller('api/shutdown')
export class ShutdownController {
  constructor(@Inject(HubShutdown) private readonly hubShutdown: HubShutdown) {}

  @Post()
  @HttpCode(202)
  @NeedsScope('shutdown')
  shutdown(
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): { message: string } {
    const request = parseShutdownRequest(body);
    // 'close' follows the last byte of the response (or a dropped connection): the caller
    // gets its answer before the server it talks to goes away.
    reply.raw.once('close', () => void this.hubShutdown.shutdown(request));
    return { message: 'Shutting down Hub' };
  }
}
