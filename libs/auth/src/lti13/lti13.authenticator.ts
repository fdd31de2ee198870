import { Logger } from '@nestjs/common';
import { Clock, LTI13AuthenticatorConfig, LTI13LaunchValidatorConfig } from '@orrery/core';
import * as fs from 'node:fs';
import {
  Authenticator,
  AuthenticatorDeps,
  AuthenticatorDescriptor,
  LoginField,
  LoginRoute,
} from '../authenticator';
import { Lti13Endpoints } from './lti13-endpoints';
import { completeLaunch, LaunchSettings } from './lti13-launch';
import { initiateLogin, InitiationSettings } from './lti13-login-initiation';
import { httpKeySet, PlatformKeySet } from './platform-key-set';
import { toolConfiguration, ToolKeySet } from './tool-documents';
import { UsedNonces } from './used-nonces';

const JWKS_TIMEOUT_MS = 5_000;
const JWKS_MAX_AGE_MS = 10 * 60_000;
const JWKS_COOLDOWN_MS = 1_000;

/** The keys without which no launch can work; the hub refuses to start without them. */
function checkRequired(config: LTI13AuthenticatorConfig): void {
  const missing = (['issuer', 'authorize_url', 'jwks_endpoint'] as const).filter(
    (key) => !config[key],
  );
  if (config.client_id.length === 0) missing.push('client_id' as never);
  if (missing.length > 0) {
    throw new Error(
      `JupyterHub.authenticator_class lti13 needs ${missing
        .map((key) => `LTI13Authenticator.${key}`)
        .join(', ')}`,
    );
  }
}

/**
 * ltiauthenticator's LTI13Authenticator: the hub is an LTI 1.3 tool of one platform (issuer).
 * Its routes: the login initiation (`lti13/oauth_login`), the launch (`lti13/oauth_callback`),
 * the tool's config JSON (`lti13/config`) and public key set (`lti13/jwks`).
 */
export class Lti13Authenticator implements Authenticator {
  readonly name = 'lti13';
  readonly loginFields: readonly LoginField[] = [];
  readonly loginUrl = 'lti13/oauth_login';
  readonly loginService = 'LTI 1.3';
  private readonly logger = new Logger('LTI13Authenticator');
  private readonly keys: PlatformKeySet;
  private readonly usedNonces: UsedNonces;
  private readonly toolKeys: ToolKeySet;

  constructor(
    private readonly config: LTI13AuthenticatorConfig,
    private readonly validator: LTI13LaunchValidatorConfig,
    private readonly clock: Clock,
  ) {
    checkRequired(config);
    this.keys = new PlatformKeySet(httpKeySet(config.jwks_endpoint, JWKS_TIMEOUT_MS), clock, {
      maxAgeMs: JWKS_MAX_AGE_MS,
      cooldownMs: JWKS_COOLDOWN_MS,
    });
    this.usedNonces = new UsedNonces(clock);
    const pem = config.tool_private_key ? fs.readFileSync(config.tool_private_key, 'utf8') : null;
    this.toolKeys = new ToolKeySet(pem);
  }

  static create({ config, clock }: AuthenticatorDeps): Lti13Authenticator {
    return new Lti13Authenticator(config.LTI13Authenticator, config.LTI13LaunchValidator, clock);
  }

  routes(): LoginRoute[] {
    return [
      {
        methods: ['GET', 'POST'],
        path: 'lti13/oauth_login',
        handle: async (request) => initiateLogin(request, this.initiation),
      },
      {
        methods: ['GET', 'POST'],
        path: 'lti13/oauth_callback',
        handle: (request) =>
          completeLaunch(request, this.launch, {
            keys: this.keys,
            usedNonces: this.usedNonces,
            now: () => this.clock.now(),
            warn: (message) => this.logger.warn(message),
          }),
      },
      {
        methods: ['GET'],
        path: 'lti13/config',
        handle: async (request) => ({
          kind: 'document',
          contentType: 'application/json',
          body: toolConfiguration(new Lti13Endpoints(request, this.config.uri_scheme), {
            title: this.config.tool_name,
            description: this.config.tool_description,
          }),
        }),
      },
      {
        methods: ['GET'],
        path: 'lti13/jwks',
        handle: async () => ({
          kind: 'document',
          contentType: 'application/json',
          body: await this.toolKeys.json(),
        }),
      },
    ];
  }

  private get initiation(): InitiationSettings {
    return {
      issuer: this.config.issuer,
      clientIds: this.config.client_id,
      deploymentIds: this.config.deployment_ids,
      authorizeUrl: this.config.authorize_url,
      uriScheme: this.config.uri_scheme,
      stateMaxAgeSeconds: this.validator.max_age,
    };
  }

  private get launch(): LaunchSettings {
    return {
      issuer: this.config.issuer,
      clientIds: this.config.client_id,
      algorithms: this.config.jwks_algorithms,
      leewaySeconds: this.validator.time_leeway,
      maxAgeSeconds: this.validator.max_age,
      deploymentIds: this.config.deployment_ids,
      usernameKey: this.config.username_key,
    };
  }
}

export const LTI13: AuthenticatorDescriptor = {
  name: 'lti13',
  aliases: [
    'ltiauthenticator.lti13.auth.LTI13Authenticator',
    'ltiauthenticator.LTI13Authenticator',
  ],
  allowAllByDefault: false,
  crossSiteCookies: true,
  frameAncestors: (config) => config.LTI13Authenticator.frame_ancestors,
  create: (deps) => Lti13Authenticator.create(deps),
};
