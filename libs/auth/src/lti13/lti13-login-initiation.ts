import type { LoginRequest, LoginStep } from '../authenticator';
import { Lti13Endpoints, UriScheme } from './lti13-endpoints';
import { initiationNext, newLoginState, stateCookie } from './login-state';

export interface InitiationSettings {
  issuer: string;
  clientIds: readonly string[];
  deploymentIds: readonly string[];
  authorizeUrl: string;
  uriScheme: UriScheme;
  stateMaxAgeSeconds: number;
}

const REQUIRED = ['iss', 'login_hint', 'target_link_uri'] as const;

function refuse(status: number, message: string, reason: string): LoginStep {
  return { kind: 'refuse', status, message, reason };
}

/**
 * Step 1 of an LTI 1.3 launch (third-party initiated login, GET or POST): checks who asks,
 * keeps a fresh state and nonce in a signed cookie and sends the browser to the platform's
 * authorization endpoint, which posts the id_token back to oauth_callback.
 */
export function initiateLogin(request: LoginRequest, settings: InitiationSettings): LoginStep {
  const params =
    request.method === 'POST' ? request.form : Object.fromEntries(request.url.searchParams);
  const missing = REQUIRED.filter((name) => !params[name]);
  if (missing.length > 0) {
    return refuse(
      400,
      'This hub signs in with LTI 1.3: open it from your course in the learning platform.',
      `login initiation without ${missing.join(', ')}`,
    );
  }
  if (params.iss !== settings.issuer) {
    return refuse(
      400,
      'This hub is not set up for the learning platform that sent you here.',
      `login initiation from unknown issuer ${JSON.stringify(params.iss)}`,
    );
  }
  const clientId = params.client_id || soleClientId(settings.clientIds);
  if (!clientId || !settings.clientIds.includes(clientId)) {
    return refuse(
      400,
      'This hub is not set up for this tool registration of the learning platform.',
      `login initiation with unknown client_id ${JSON.stringify(params.client_id ?? null)}`,
    );
  }
  const deployment = params.lti_deployment_id;
  if (
    deployment &&
    settings.deploymentIds.length > 0 &&
    !settings.deploymentIds.includes(deployment)
  ) {
    return refuse(
      403,
      'This deployment of the tool in the learning platform may not use this hub.',
      `login initiation from deployment ${JSON.stringify(deployment)} not in deployment_ids`,
    );
  }
  const endpoints = new Lti13Endpoints(request, settings.uriScheme);
  const login = newLoginState(initiationNext(params, endpoints.hubRoot));
  const authorize = new URL(settings.authorizeUrl);
  const query: Record<string, string> = {
    response_type: 'id_token',
    response_mode: 'form_post',
    scope: 'openid',
    prompt: 'none',
    client_id: clientId,
    redirect_uri: endpoints.callback,
    login_hint: params.login_hint,
    state: login.state,
    nonce: login.nonce,
  };
  if (params.lti_message_hint) query.lti_message_hint = params.lti_message_hint;
  for (const [name, value] of Object.entries(query)) authorize.searchParams.set(name, value);
  return {
    kind: 'redirect',
    url: authorize.href,
    cookies: [stateCookie(login, settings.stateMaxAgeSeconds)],
  };
}

function soleClientId(clientIds: readonly string[]): string | null {
  return clientIds.length === 1 ? clientIds[0] : null;
}
