import { CSP_REPORT_BODY_LIMIT } from '@orrery/api';
import { captureLog } from './fixtures/capture-log';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/** The CSP's report-uri: JupyterHub's CSPReportHandler. */
describe('CSP violation reports', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  const report = {
    'csp-report': {
      'document-uri': 'http://hub.example.org/hub/home?token=doc-secret-0123',
      'violated-directive': 'frame-ancestors',
      'blocked-uri': 'http://evil.example.com/',
    },
  };

  it('names the report endpoint in the CSP of pages and of the API', async () => {
    const page = await hub.http().get('/hub/login');
    expect(page.headers['content-security-policy']).toContain(
      'report-uri /hub/security/csp-report',
    );
    const api = await hub.http().get('/hub/api');
    expect(api.headers['content-security-policy']).toContain('report-uri /hub/security/csp-report');
  });

  it('logs a report at warn, its URLs redacted, and answers 204', async () => {
    let status = 0;
    const log = await captureLog(async () => {
      const response = await hub
        .http()
        .post('/hub/security/csp-report')
        .set('Content-Type', 'application/csp-report')
        .send(JSON.stringify(report));
      status = response.status;
    });
    expect(status).toBe(204);
    expect(log).toMatch(/WARN.*Content security violation: .*frame-ancestors/);
    expect(log).toContain('evil.example.com');
    expect(log).not.toContain('doc-secret-0123');
  });

  it('accepts the Reporting API shape (application/reports+json)', async () => {
    const body = [{ type: 'csp-violation', body: { blockedURL: 'inline' } }];
    await captureLog(() =>
      hub
        .http()
        .post('/hub/security/csp-report')
        .set('Content-Type', 'application/reports+json')
        .send(JSON.stringify(body))
        .expect(204),
    );
  });

  it('refuses a body larger than any report with 413', async () => {
    await hub
      .http()
      .post('/hub/security/csp-report')
      .set('Content-Type', 'application/csp-report')
      .send('x'.repeat(CSP_REPORT_BODY_LIMIT + 1))
      .expect(413);
  });
});
