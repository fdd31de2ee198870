import { Logger } from '@nestjs/common';
import { redactUrl } from '@orrery/proxy';
import type { FastifyInstance } from 'fastify';

/** A browser's report is a few hundred bytes; anything much larger is not one. */
export const CSP_REPORT_BODY_LIMIT = 16 * 1024;

/**
 * `POST <hub>/security/csp-report`, the `report-uri` of the hub's Content-Security-Policy
 * (JupyterHub's CSPReportHandler): the report is logged at warn, with the URLs in it redacted
 * (a blocked page's URL may carry `?token=`), and answered with an empty 204.
 */
export function registerCspReport(fastify: FastifyInstance, hubPrefix: string): void {
  const logger = new Logger('csp');
  void fastify.register(async (scope) => {
    // reports come as application/csp-report or application/reports+json, which only this route reads
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      `${hubPrefix}security/csp-report`,
      { bodyLimit: CSP_REPORT_BODY_LIMIT },
      // deviation: JupyterHub wants a login here, but the login page itself reports too
      async (request, reply) => {
        logger.warn(`Content security violation: ${redactReport(String(request.body ?? ''))}`);
        return reply.status(204).send();
      },
    );
  });
}

/** The report with every string that looks like a URL passed through redactUrl. */
function redactReport(text: string): string {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    return JSON.stringify(redactUrl(text));
  }
  return JSON.stringify(report, (_key, value: unknown) =>
    typeof value === 'string' ? redactUrl(value) : value,
  );
}
