import { createPublicKey, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, JWK } from 'jose';
import { Lti13Endpoints } from './lti13-endpoints';

/** The tool's public key set (`lti13/jwks`): the public half of `tool_private_key`, or none. */
export class ToolKeySet {
  private document: Promise<string> | null = null;

  constructor(private readonly privateKeyPem: string | null) {
    // parsed at start, so a bad key file stops the hub instead of failing a platform's fetch
    if (privateKeyPem) this.publicKey();
  }

  json(): Promise<string> {
    this.document ??= this.build();
    return this.document;
  }

  private publicKey(): KeyObject {
    const key = createPublicKey(this.privateKeyPem as string);
    if (key.asymmetricKeyType !== 'rsa') {
      throw new Error(`tool_private_key must be an RSA key, not ${key.asymmetricKeyType}`);
    }
    return key;
  }

  private async build(): Promise<string> {
    if (!this.privateKeyPem) return JSON.stringify({ keys: [] });
    const jwk = this.publicKey().export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(jwk);
    return JSON.stringify({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] });
  }
}

export interface ToolDescription {
  title: string;
  description: string;
}

/** Scopes ltiauthenticator's config JSON asks for (grades, names and roles, Canvas services). */
const SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  'https://canvas.instructure.com/lti/public_jwk/scope/update',
  'https://canvas.instructure.com/lti/data_services/scope/create',
  'https://canvas.instructure.com/lti/data_services/scope/show',
  'https://canvas.instructure.com/lti/data_services/scope/update',
  'https://canvas.instructure.com/lti/data_services/scope/list',
  'https://canvas.instructure.com/lti/data_services/scope/destroy',
  'https://canvas.instructure.com/lti/data_services/scope/list_event_types',
  'https://canvas.instructure.com/lti/feature_flags/scope/show',
  'https://canvas.instructure.com/lti/account_lookup/scope/show',
];

const CUSTOM_FIELDS = { email: '$Person.email.primary', lms_user_id: '$User.id' };

/**
 * The JSON an LMS (Canvas first) installs the tool from (`lti13/config`), with the keys
 * ltiauthenticator serves, plus `public_jwk_url`. The target is the hub's root URL.
 */
export function toolConfiguration(endpoints: Lti13Endpoints, tool: ToolDescription): string {
  const target = endpoints.hubRoot.href;
  const placement = (name: string) => ({
    placement: name,
    message_type: 'LtiResourceLinkRequest',
    target_link_uri: target,
  });
  return JSON.stringify({
    title: tool.title,
    description: tool.description,
    scopes: SCOPES,
    extensions: [
      {
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          platform: 'canvas.instructure.com',
          placements: [
            {
              ...placement('course_navigation'),
              windowTarget: '_blank',
              custom_fields: CUSTOM_FIELDS,
            },
            placement('assignment_selection'),
          ],
        },
      },
    ],
    custom_fields: CUSTOM_FIELDS,
    target_link_uri: target,
    oidc_initiation_url: endpoints.login,
    public_jwk_url: endpoints.jwks,
  });
}
