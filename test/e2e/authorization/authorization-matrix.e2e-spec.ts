import { Logger } from '@nestjs/common';
import type { Response } from 'supertest';
import { HubFixture } from '../fixtures/hub-fixture';
import { serverHub } from '../servers-helpers';
import {
  MISSING_CREDENTIALS,
  NOT_FOUND_OR_NO_ACCESS,
} from '../../../libs/api/src/auth/scope.guard';
import { DRY_RUN_STATUS, expectedVerdict, GuardVerdicts, Verdict } from './guard-verdicts';
import { hubState } from './hub-state';
import {
  GROUP_ROWS,
  HUB_ROWS,
  SERVER_ROWS,
  SERVICE_ROWS,
  SHARE_ROWS,
  USER_ROWS,
} from './matrix-api-rows';
import { COURSE_ROWS } from './matrix-course-rows';
import { PAGE_ROWS } from './matrix-page-rows';
import { matrixConfig, Persona, PERSONAS, PersonaTokens } from './matrix-personas';
import { MatrixRow, pathOf } from './matrix-rows';
import { inventoryRoutes } from './route-inventory';

const ROWS: MatrixRow[] = [
  ...USER_ROWS,
  ...SERVER_ROWS,
  ...GROUP_ROWS,
  ...SERVICE_ROWS,
  ...SHARE_ROWS,
  ...HUB_ROWS,
  ...COURSE_ROWS,
  ...PAGE_ROWS,
];

/** The route's declaration in the shape of the decorators' metadata, for comparison. */
function declared(row: MatrixRow) {
  const { needs } = row;
  if (!needs.scopes) return { mode: needs.mode };
  return {
    mode: needs.mode,
    scopes: [...needs.scopes],
    ...(needs.postFilter ? { postFilter: true } : {}),
  };
}

/** How the hub answers a refusal the guard decided, and that it logged a scope denial. */
function expectRefusal(row: MatrixRow, expected: Verdict, response: Response, warnings: string[]) {
  const method = row.route.split(' ')[0];
  if (expected === 'login-redirect') {
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/hub/login?next=${encodeURIComponent(pathOf(row))}`);
    return;
  }
  if (expected === 'forbidden' || expected === 'not-found') {
    const denial = `not authorising ${method} ${pathOf(row).replace(/\/$/, '')}`;
    expect(warnings.filter((line) => line.startsWith(denial))).toHaveLength(1);
  }
  if (expected === 'not-found') {
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ status: 404, message: NOT_FOUND_OR_NO_ACCESS });
  } else {
    expect(response.status).toBe(403);
    if (expected === 'xsrf-refused') return;
    const message =
      expected === 'forbidden'
        ? expect.stringMatching(/^Action is not authorized with current scopes; requires any of \[/)
        : MISSING_CREDENTIALS;
    // a page answers its refusal with the HTML error page, the same message inside
    if (row.needs.mode === 'page' && expected === 'forbidden') {
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('Action is not authorized with current scopes');
      return;
    }
    expect(response.body).toEqual({ status: 403, message });
  }
}

describe('authorisation matrix: every route, every kind of caller', () => {
  let hub: HubFixture;
  let personas: PersonaTokens;
  const verdicts = new GuardVerdicts();
  serverHub(matrixConfig, (started) => {
    hub = started;
    personas = new PersonaTokens(started);
  });
  let warnings: string[] = [];
  beforeAll(() => {
    verdicts.install();
    // the guard's denial lines, asserted below instead of printed
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
  });
  afterAll(() => jest.restoreAllMocks());

  it('has exactly one row per route the app serves through the guard', () => {
    const served = inventoryRoutes(hub.app, 'hub').map((route) => route.key);
    const rows = ROWS.map((row) => row.route);
    const missing = served.filter((key) => !rows.includes(key));
    const stale = rows.filter((key) => !served.includes(key));
    const twice = rows.filter((key, index) => rows.indexOf(key) !== index);
    if (missing.length)
      throw new Error(
        `routes without a row (add one to test/e2e/authorization/matrix-*-rows.ts): ${missing.join(', ')}`,
      );
    if (stale.length)
      throw new Error(`rows for routes the app no longer serves: ${stale.join(', ')}`);
    if (twice.length) throw new Error(`routes with more than one row: ${twice.join(', ')}`);
  });

  it('finds on each route the authorisation its row expects', () => {
    const byKey = new Map(inventoryRoutes(hub.app, 'hub').map((route) => [route.key, route.auth]));
    const wrong = ROWS.filter((row) => byKey.has(row.route)).flatMap((row) => {
      const auth = byKey.get(row.route);
      const actual = auth && {
        mode: auth.mode,
        ...(auth.scopes ? { scopes: [...auth.scopes] } : {}),
        ...(auth.postFilter ? { postFilter: true } : {}),
      };
      return JSON.stringify(actual) === JSON.stringify(declared(row))
        ? []
        : [
            `${row.route}: declares ${JSON.stringify(actual)}, row expects ${JSON.stringify(declared(row))}`,
          ];
    });
    expect(wrong).toEqual([]);
  });

  describe.each(ROWS.map((row) => [row.route, row] as const))('%s', (_route, row) => {
    const method = row.route.split(' ')[0];
    it.each(PERSONAS.map((persona) => [persona]))('as %s', async (persona: Persona) => {
      const token = await personas.token(persona, row);
      const expected = expectedVerdict(row.needs, await personas.scopesOf(token), method);
      const before = await hubState(hub);
      verdicts.seen = [];
      warnings = [];
      verdicts.dryRun = !row.runs;
      let call = hub.http()[method.toLowerCase() as 'get'](pathOf(row));
      if (token) call = call.set(hub.auth(token));
      const response = await (row.body ? call.send(row.body) : call);
      verdicts.dryRun = false;
      expect({ persona, verdicts: verdicts.seen }).toEqual({ persona, verdicts: [expected] });
      if (expected === 'allowed') {
        if (!row.runs) expect(response.status).toBe(DRY_RUN_STATUS);
        else expect(response.status).toBeLessThan(500);
        return;
      }
      expect(await hubState(hub)).toEqual(before);
      expectRefusal(row, expected, response, warnings);
    });
  });
});
