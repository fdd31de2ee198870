import { ScopeSet } from '@orrery/rbac';
import type { FastifyRequest } from 'fastify';

/** Who is making a request, resolved once per request by the scope guard. */
export interface AuthContext {
  kind: 'user' | 'service';
  /** database id of the user or service */
  id: number;
  name: string;
  admin: boolean;
  /** the API token used (null for cookie sessions) */
  tokenId: number | null;
  sessionId: string | null;
  /** expanded effective scopes of this request */
  scopes: ScopeSet;
}

export type HubRequest = FastifyRequest & { hubAuth?: AuthContext };
