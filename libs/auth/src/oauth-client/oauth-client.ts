import type { OAuthenticatorKeys } from '@orrery/core';
import type {
  AuthResult,
  LoginCookie,
  LoginRequest,
  LoginRoute,
  LoginStep,
} from '../authenticator';
import { OAuthRefusal } from './oauth-refusal';
import {
  codeChallenge,
  decodeOAuthState,
  encodeOAuthState,
  newOAuthState,
  OAuthState,
  STATE_COOKIE,
  STATE_MAX_AGE_SECONDS,
} from './oauth-state';
import { ProviderHttp } from './provider-http';

/** The provider's two browser-facing endpoints (from config, or from OIDC discovery). */
export interface OAuthEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
}

/** The token endpoint's answer (RFC 6749 section 5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  [field: string]: unknown;
}

/** What the provider-specific part gets once the code is exchanged. */
export interface CallbackContext {
  token: TokenResponse;
  /** the OIDC nonce sent with the authorization, which the id_token must carry */
  nonce: string | null;
}

export interface OAuthClientOptions {
  keys: OAuthenticatorKeys;
  /** the hub's URL prefix, e.g. `/hub/`: the default redirect URI is under it */
  hubPrefix: string;
  endpoints: () => Promise<OAuthEndpoints>;
  /** send an OpenID Connect nonce with the authorization */
  oidc: boolean;
}

const CLEAR_STATE: LoginCookie = { name: STATE_COOKIE, value: null, maxAgeSeconds: 0 };

/**
 * The OAuth2 authorization code flow every OAuth authenticator shares (oauthenticator's
 * OAuthLoginHandler and OAuthCallbackHandler): `oauth_login` sends the browser to the provider
 * with a state (and PKCE challenge) kept in a signed cookie with `next`; `oauth_callback`
 * checks them, exchanges the code and hands the token to the provider's own `identify`.
 */
export class OAuthClient {
  constructor(
    private readonly options: OAuthClientOptions,
    readonly http: ProviderHttp,
  ) {}

  routes(identify: (context: CallbackContext) => Promise<AuthResult>): LoginRoute[] {
    return [
      { methods: ['GET'], path: 'oauth_login', handle: (request) => this.login(request) },
      {
        methods: ['GET'],
        path: 'oauth_callback',
        handle: (request) => this.callback(request, identify),
      },
    ];
  }

  /** The Authorization header of API calls with the user's access token. */
  static authorization(token: TokenResponse): string {
    const type = token.token_type && token.token_type.toLowerCase() !== 'bearer';
    return `${type ? token.token_type : 'Bearer'} ${token.access_token}`;
  }

  /**
   * The user data at `url` with the access token (in the Authorization header, or in the query
   * with `userdata_token_method: url`) and `userdata_params`.
   */
  async userdata(url: string, token: TokenResponse): Promise<Record<string, unknown>> {
    const { keys } = this.options;
    const target = new URL(url);
    for (const [name, value] of Object.entries(keys.userdata_params)) {
      target.searchParams.set(name, value);
    }
    const headers: Record<string, string> = {};
    if (keys.userdata_token_method === 'url') {
      target.searchParams.set('access_token', token.access_token);
    } else {
      headers.Authorization = OAuthClient.authorization(token);
    }
    const response = await this.http.getJson('fetching the user data', target.toString(), headers);
    if (Array.isArray(response.body)) throw this.http.badAnswer('user data', url, response);
    return response.body;
  }

  private async login(request: LoginRequest): Promise<LoginStep> {
    const { keys } = this.options;
    let endpoints: OAuthEndpoints;
    try {
      endpoints = await this.options.endpoints();
    } catch (error) {
      return refusalStep(error);
    }
    const state = newOAuthState({
      pkce: keys.enable_pkce,
      nonce: this.options.oidc,
      redirectUri: keys.oauth_callback_url || this.defaultCallbackUrl(request),
      next: request.url.searchParams.get('next'),
    });
    const url = new URL(endpoints.authorizeUrl);
    const params: Record<string, string> = {
      ...keys.extra_authorize_params,
      response_type: 'code',
      client_id: keys.client_id,
      redirect_uri: state.redirectUri,
      state: state.state,
    };
    if (keys.scope.length > 0) params.scope = keys.scope.join(' ');
    if (state.verifier) {
      params.code_challenge = codeChallenge(state.verifier);
      params.code_challenge_method = 'S256';
    }
    if (state.nonce) params.nonce = state.nonce;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const cookie = {
      name: STATE_COOKIE,
      value: encodeOAuthState(state),
      maxAgeSeconds: STATE_MAX_AGE_SECONDS,
    };
    return { kind: 'redirect', url: url.toString(), cookies: [cookie] };
  }

  private defaultCallbackUrl(request: LoginRequest): string {
    return `${request.url.origin}${this.options.hubPrefix}oauth_callback`;
  }

  private async callback(
    request: LoginRequest,
    identify: (context: CallbackContext) => Promise<AuthResult>,
  ): Promise<LoginStep> {
    try {
      const { state, code } = this.checkCallback(request);
      const token = await this.exchange(code, state);
      const result = await identify({ token, nonce: state.nonce });
      return { kind: 'login', result, next: state.next, cookies: [CLEAR_STATE] };
    } catch (error) {
      return refusalStep(error);
    }
  }

  /** The provider's error, the code and the state of a callback, or why they do not do. */
  private checkCallback(request: LoginRequest): { state: OAuthState; code: string } {
    const query = request.url.searchParams;
    const provider = this.options.keys.login_service;
    const error = query.get('error');
    if (error) {
      const description = query.get('error_description') ?? error;
      throw new OAuthRefusal(
        403,
        `${provider} did not sign you in: ${description}`,
        `provider error ${error}: ${description}`,
      );
    }
    const code = query.get('code');
    if (!code) {
      throw new OAuthRefusal(
        400,
        'The sign-in answer had no code. Please sign in again.',
        'callback without a code',
      );
    }
    const state = decodeOAuthState(request.cookie(STATE_COOKIE));
    if (!state) {
      throw new OAuthRefusal(
        400,
        'This sign-in expired or was started in another browser. Please sign in again.',
        'OAuth state cookie missing or tampered with',
      );
    }
    if (query.get('state') !== state.state) {
      throw new OAuthRefusal(
        400,
        'This sign-in could not be verified (its state does not match). Please sign in again.',
        'OAuth state mismatch',
      );
    }
    return { state, code };
  }

  private exchange(code: string, state: OAuthState): Promise<TokenResponse> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: state.redirectUri,
    });
    if (state.verifier) form.set('code_verifier', state.verifier);
    return this.grant(form);
  }

  /** A token request (the code exchange, or a refresh) with the client's credentials. */
  private async grant(form: URLSearchParams): Promise<TokenResponse> {
    const { keys } = this.options;
    const headers: Record<string, string> = {};
    if (keys.basic_auth) {
      const pair = `${encodeURIComponent(keys.client_id)}:${encodeURIComponent(keys.client_secret)}`;
      headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      form.set('client_id', keys.client_id);
      form.set('client_secret', keys.client_secret);
    }
    if (form.get('grant_type') === 'authorization_code') {
      for (const [name, value] of Object.entries(keys.token_params)) form.set(name, value);
    }
    const { tokenUrl } = await this.options.endpoints();
    const label = form.get('grant_type') === 'refresh_token' ? 'token refresh' : 'token exchange';
    const response = await this.http.request(label, tokenUrl, { method: 'POST', headers, form });
    const body = (Array.isArray(response.body) ? null : response.body) ?? {};
    // GitHub answers a bad code with 200 and an error field; RFC 6749 providers with 400
    if (typeof body.error === 'string') {
      throw new OAuthRefusal(
        403,
        `${keys.login_service} did not accept this sign-in (the code is wrong, expired or already used). Please sign in again.`,
        `${label}: ${body.error}: ${String(body.error_description ?? '')}`,
        response.status === 200 ? 400 : response.status,
      );
    }
    if (response.status !== 200 || typeof body.access_token !== 'string') {
      throw this.http.badAnswer(label, tokenUrl, response);
    }
    return { token_type: 'bearer', ...body } as TokenResponse;
  }

  /**
   * oauthenticator's refresh_user: the user again with the stored token; when the provider
   * refuses it (4xx), once more with a token from the refresh token. false: log in again;
   * a provider that is down or slow keeps the login (logged), rather than logging everyone out.
   */
  async refresh(
    authState: Record<string, unknown> | null,
    identify: (token: TokenResponse) => Promise<AuthResult>,
    log: (message: string) => void,
  ): Promise<AuthResult | boolean> {
    const stored = authState?.token_response as TokenResponse | undefined;
    if (typeof stored?.access_token !== 'string') return false;
    try {
      return await identify(stored);
    } catch (error) {
      if (!(error instanceof OAuthRefusal)) throw error;
      if (!isClientError(error)) {
        log(`refresh kept the login: ${error.reason}`);
        return true;
      }
      log(`stored access token refused: ${error.reason}`);
    }
    const refreshToken = authState?.refresh_token;
    if (typeof refreshToken !== 'string') return false;
    try {
      const fresh = await this.grant(
        new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      );
      return await identify({ refresh_token: refreshToken, ...fresh });
    } catch (error) {
      if (!(error instanceof OAuthRefusal)) throw error;
      log(`refresh token refused: ${error.reason}`);
      return false;
    }
  }
}

function isClientError(error: OAuthRefusal): boolean {
  return (
    error.providerStatus !== undefined && error.providerStatus >= 400 && error.providerStatus < 500
  );
}

/** A refusal page for an OAuthRefusal (anything else is a bug and reaches the 500 handler). */
function refusalStep(error: unknown): LoginStep {
  if (!(error instanceof OAuthRefusal)) throw error;
  return {
    kind: 'refuse',
    status: error.status,
    message: error.message,
    reason: error.reason,
    cookies: [CLEAR_STATE],
  };
}
