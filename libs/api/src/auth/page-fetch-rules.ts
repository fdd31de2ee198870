import { SetMetadata } from '@nestjs/common';
import { findAuthenticator } from '@orrery/auth';
import type { HubConfig } from '@orrery/core';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { browserProtocol } from './hub-cookies';

export const NAVIGATION_ONLY = Symbol('orrery:navigation-only');

/** The message of the 403 a page gives to anything but a top-level navigation. */
export const NOT_A_NAVIGATION = 'This page only answers a navigation of the browser window';

/**
 * Marks a page that embeds the XSRF token or acts on GET (spawn): without subdomain_host a
 * user's server shares the hub's origin, so a script there could fetch() the page, or load it
 * in a hidden frame, and read the token or trigger the action as the visitor. Such pages answer
 * only a top-level navigation (see isPageNavigation); anything else gets 403 before the handler.
 */
export const NavigationOnly = (): MethodDecorator => SetMetadata(NAVIGATION_ONLY, true);

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim().toLowerCase() || undefined;
}

/**
 * Whether a request is a navigation the hub's pages may answer, by its Fetch Metadata: mode
 * `navigate` and destination `document`. A frame (`iframe`/`frame`) counts only when the hub
 * lets other sites frame it (an LMS, `framable`) and the framing page is not on the hub's own
 * origin, which is where a user's server lives. Requests without Sec-Fetch-Dest (browsers
 * without Fetch Metadata, clients outside a browser) are let through: the CSP frame-ancestors
 * and the XSRF check still hold there.
 *
 * | mode     | dest     | site        | framable | answer |
 * | -------- | -------- | ----------- | -------- | ------ |
 * | navigate | document | any         | any      | yes    |
 * | cors     | empty    | same-origin | any      | no     |
 * | navigate | iframe   | same-origin | yes      | no     |
 * | navigate | iframe   | cross-site  | yes      | yes    |
 * | navigate | iframe   | cross-site  | no       | no     |
 * | (none)   | (none)   | (none)      | any      | yes    |
 * | cors     | (none)   | (none)      | any      | yes    |
 */
export function isPageNavigation(headers: IncomingHttpHeaders, framable: boolean): boolean {
  const mode = first(headers['sec-fetch-mode']);
  const dest = first(headers['sec-fetch-dest']);
  // browsers that send Fetch Metadata always send Sec-Fetch-Dest; Node's fetch() sends a
  // lone `Sec-Fetch-Mode: cors`, and a client outside the browser has no visitor to act as
  if (dest === undefined) return true;
  if (mode !== undefined && mode !== 'navigate') return false;
  if (dest === 'document') return true;
  const framed = dest === 'iframe' || dest === 'frame';
  return framed && framable && first(headers['sec-fetch-site']) !== 'same-origin';
}

/** The other sites that may frame the hub's pages (the authenticator's LMS origins), if any. */
export function hubFrameAncestors(config: HubConfig): readonly string[] {
  return findAuthenticator(config.JupyterHub.authenticator_class).frameAncestors?.(config) ?? [];
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$|\.localhost(?::\d+)?$/i;

/**
 * Whether the browser's origin is one Chromium sends no Fetch Metadata to: plain HTTP under a
 * name other than localhost or a loopback address (not a potentially trustworthy origin).
 * There a request without Sec-Fetch-Dest may be a script's fetch() as well as a navigation.
 */
export function isUntrustworthyOrigin(request: FastifyRequest): boolean {
  if (browserProtocol(request) !== 'http') return false;
  return !LOOPBACK_HOST.test(first(request.headers.host) ?? '');
}
