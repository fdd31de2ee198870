import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { HubShutdown } from './hub-shutdown.service';
import { parseShutdownRequest } from './shutdown-request';

/** How long the proxy gets to relay the 202 before the hub (and the in-process proxy) close. */
const RELAY_GRACE_MS = 500;

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
    // 'close' follows the last byte of the response (or a dropped connection). The in-process
    // proxy still has to relay that answer to a caller on the public port, and closing the hub
    // closes the proxy's connections: the hub waits RELAY_GRACE_MS first, or the caller (the
    // admin page) sees a reset instead of the 202. Connection: close ends this connection
    // with the response, so the close cannot reset it either.
    reply.header('Connection', 'close');
    reply.raw.once('close', () => {
      setTimeout(() => void this.hubShutdown.shutdown(request), RELAY_GRACE_MS);
    });
    return { message: 'Shutting down Hub' };
  }
}
