import { Inject, Injectable } from '@nestjs/common';
import { browserProtocol, LoginSessionService } from '@orrery/api';
import type { FastifyRequest } from 'fastify';
import { validateNextUrl } from './next-url';

/**
 * Where a browser goes after login (JupyterHub's get_next_url): a valid `?next=`, else the
 * landing page, with the request's other query parameters carried along.
 */
@Injectable()
export class LandingService {
  constructor(@Inject(LoginSessionService) private readonly session: LoginSessionService) {}

  /** The hub's landing page for a logged-in user. */
  defaultUrl(): string {
    return `${this.session.hubPrefix}home`;
  }

  nextUrl(request: FastifyRequest): string {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const host = request.headers.host ?? '';
    const next = validateNextUrl(query.get('next') ?? '', browserProtocol(request), host);
    if (next) return next;
    query.delete('next');
    query.delete('_xsrf');
    const rest = query.toString();
    return rest ? `${this.defaultUrl()}?${rest}` : this.defaultUrl();
  }
}
