import { TokensService } from '@orrery/api';
import { ServiceEntity } from '@orrery/core';
import { Resource, SCOPE_TABLE, ScopeSet } from '@orrery/rbac';
import { HubFixture, PERSONAS_CONFIG } from '../fixtures/hub-fixture';
import { spawnConfig } from '../servers-helpers';
import { MatrixRow, Needs } from './matrix-rows';

/**
 * Who calls every route, in this order (refusals first, so a server a row starts is still
 * running when the refusals of the next row are checked against it):
 * - `anonymous`: no credentials;
 * - `other-user`: bob, a plain user, calling about alice (the rows' resources are hers);
 * - `filtered-other`: a token holding exactly the row's scope, filtered to another resource
 *   (`start:servers!user=carol` against alice's server);
 * - `service`: `matrix-svc`, a service with the custom role `matrix-custom`;
 * - `owner`: alice herself; `admin`: root;
 * - `narrow`: a token holding exactly the row's first scope, filtered to the row's resource.
 */
export const PERSONAS = [
  'anonymous',
  'other-user',
  'filtered-other',
  'service',
  'owner',
  'narrow',
  'admin',
] as const;
export type Persona = (typeof PERSONAS)[number];

const MATRIX_SERVICE_TOKEN = 'e2e-matrix-service-token-0123456789';
/** The owner of the narrow tokens: a service holding every scope, so any one can be issued. */
const GRANTOR = 'matrix-grantor';

/** A mix of scopes that match alice's resources and scopes that only match others'. */
export const MATRIX_CUSTOM_SCOPES = [
  'read:servers!user=alice',
  'start:servers!user=alice',
  'delete:servers!server=alice/nb',
  'list:users',
  'read:users!group=staff',
  'read:groups!group=other',
  'read:shares!user=bob',
  'delete:users!user=bob',
];

const EVERY_SCOPE = Object.keys(SCOPE_TABLE).filter(
  (scope) => !['(no_scope)', 'self', 'inherit'].includes(scope),
);

/** The personas' hub: the shared personas, named servers, the fixture server as spawner. */
export function matrixConfig(home: string) {
  return {
    ...spawnConfig(home),
    JupyterHub: {
      ...PERSONAS_CONFIG.JupyterHub,
      allow_named_servers: true,
      services: [
        ...PERSONAS_CONFIG.JupyterHub.services,
        { name: 'matrix-svc', api_token: MATRIX_SERVICE_TOKEN },
        { name: GRANTOR },
      ],
      load_groups: { ...PERSONAS_CONFIG.JupyterHub.load_groups, other: { users: ['carol'] } },
      load_roles: [
        ...PERSONAS_CONFIG.JupyterHub.load_roles,
        { name: 'matrix-custom', scopes: MATRIX_CUSTOM_SCOPES, services: ['matrix-svc'] },
        { name: 'matrix-everything', scopes: EVERY_SCOPE, services: [GRANTOR] },
      ],
    },
    Courses: { enabled: true, courses: [{ name: 'matrix-course' }] },
  };
}

function filterFor(resource: Resource | undefined): string {
  if (!resource) return '';
  switch (resource.kind) {
    case 'user':
      return `!user=${resource.name}`;
    case 'server':
      return `!server=${resource.user}/${resource.server}`;
    case 'group':
      return `!group=${resource.name}`;
    case 'service':
      return `!service=${resource.name}`;
  }
}

/** A filter naming a resource other than the row's (of the same kind where there is one). */
function otherFilterFor(resource: Resource | undefined): string {
  if (resource?.kind === 'group') return '!group=other';
  if (resource?.kind === 'service') return '!service=admin-svc';
  return '!user=carol';
}

/** The scopes a narrowed token of `persona` asks for on `row`; null for the other personas. */
function narrowedScopes(persona: Persona, needs: Needs): string[] | null {
  if (persona !== 'narrow' && persona !== 'filtered-other') return null;
  if (!needs.scopes) {
    return persona === 'narrow' ? ['(no_scope)'] : [`read:users${otherFilterFor(undefined)}`];
  }
  const filter = persona === 'narrow' ? filterFor(needs.resource) : otherFilterFor(needs.resource);
  return [`${needs.scopes[0]}${filter}`];
}

/** Issues and remembers the personas' tokens and what the hub says each one may do. */
export class PersonaTokens {
  private readonly issued = new Map<string, string>();
  private readonly held = new Map<string, ScopeSet>();

  constructor(private readonly hub: HubFixture) {}

  /** The token `persona` calls `row` with; undefined for `anonymous`. */
  async token(persona: Persona, row: MatrixRow): Promise<string | undefined> {
    const scopes = narrowedScopes(persona, row.needs);
    if (scopes) return this.grantorToken(scopes);
    const tokens: Record<Persona, string | undefined> = {
      anonymous: undefined,
      'other-user': this.hub.tokens.bob,
      owner: this.hub.tokens.alice,
      admin: this.hub.tokens.admin,
      service: MATRIX_SERVICE_TOKEN,
      narrow: undefined,
      'filtered-other': undefined,
    };
    return tokens[persona];
  }

  /** The expanded scopes the hub reports for a token (`GET /hub/api/user`); null without one. */
  async scopesOf(token: string | undefined): Promise<ScopeSet | null> {
    if (token === undefined) return null;
    let set = this.held.get(token);
    if (!set) {
      const me = await this.hub.http().get('/hub/api/user').set(this.hub.auth(token)).expect(200);
      set = new ScopeSet(me.body.scopes as string[]);
      this.held.set(token, set);
    }
    return set;
  }

  private async grantorToken(scopes: string[]): Promise<string> {
    const key = scopes.join(' ');
    let token = this.issued.get(key);
    if (!token) {
      const grantor = await this.hub.dataSource
        .getRepository(ServiceEntity)
        .findOneByOrFail({ name: GRANTOR });
      const issued = await this.hub.app
        .get(TokensService)
        .issue({ owner: { serviceId: grantor.id }, scopes, note: 'authorization matrix' });
      token = issued.token;
      this.issued.set(key, token);
    }
    return token;
  }
}
