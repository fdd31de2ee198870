import { Clock, LTI11AuthenticatorConfig } from '@orrery/core';
import {
  Authenticator,
  AuthenticatorDeps,
  AuthenticatorDescriptor,
  LoginField,
  LoginRequest,
  LoginRoute,
  LoginStep,
} from '../authenticator';
import { checkLaunch } from './lti11-launch';
import { toolConfigXml } from './lti11-config-xml';
import { launchNext, launchResult } from './lti11-identity';
import { MemoryNonceStore, NonceStore } from './nonce-store';

const LAUNCH_PATH = 'lti/launch';
/** ltiauthenticator serves lti11/config; lti/config sits beside the launch URL. */
const CONFIG_PATHS = ['lti11/config', 'lti/config'] as const;

const LAUNCH_FROM_LMS =
  'This hub is opened from your course: follow its link in the LMS, which signs you in. ' +
  'If you did and landed here, your browser kept the hub from setting its cookie inside the ' +
  'course page: set the tool to open in a new window (or allow cookies for this site) and ' +
  'launch it again.';

/**
 * ltiauthenticator's LTI11Authenticator: an LMS posts a launch form signed with OAuth 1.0a
 * HMAC-SHA1 to /hub/lti/launch; a valid launch logs the user in with their course and roles.
 */
export class LTI11Authenticator implements Authenticator {
  readonly name = 'lti11';
  readonly loginFields: readonly LoginField[] = [];
  readonly loginUrl = LAUNCH_PATH;
  readonly loginService = 'LTI 1.1';
  /** as ltiauthenticator: /hub/login goes to the launch URL, whose page says to use the LMS */
  readonly autoLogin = true;

  constructor(
    private readonly config: LTI11AuthenticatorConfig,
    private readonly clock: Clock,
    private readonly nonces: NonceStore = new MemoryNonceStore(clock, config.nonce_cache_size),
  ) {
    if (Object.keys(config.consumers).length === 0) {
      throw new Error(
        'LTI11Authenticator.consumers is empty: add the consumer key and shared secret of each LMS',
      );
    }
  }

  routes(): LoginRoute[] {
    return [
      { methods: ['GET', 'POST'], path: LAUNCH_PATH, handle: (request) => this.launch(request) },
      ...CONFIG_PATHS.map((path) => ({
        methods: ['GET'] as const,
        path,
        handle: (request: LoginRequest) => Promise.resolve(this.toolConfig(request)),
      })),
    ];
  }

  private async launch(request: LoginRequest): Promise<LoginStep> {
    if (request.method !== 'POST') {
      return {
        kind: 'refuse',
        status: 405,
        message: LAUNCH_FROM_LMS,
        reason: `${request.method} ${LAUNCH_PATH}: a launch is a form the LMS posts`,
      };
    }
    const verdict = checkLaunch(
      { method: 'POST', url: this.signedUrl(request.url), formPairs: request.formPairs },
      {
        consumers: this.config.consumers,
        timestampWindowSeconds: this.config.launch_timestamp_window,
        clock: this.clock,
        nonces: this.nonces,
      },
    );
    if (!verdict.ok) return { kind: 'refuse', ...verdict };
    const result = launchResult(verdict.consumerKey, verdict.params, {
      usernameKey: this.config.username_key,
      emailLocalPart: this.config.username_email_local_part,
    });
    return { kind: 'login', result, next: launchNext(verdict.params) };
  }

  private toolConfig(request: LoginRequest): LoginStep {
    const url = this.signedUrl(request.url);
    return {
      kind: 'document',
      contentType: 'application/xml',
      body: toolConfigXml({
        title: this.config.config_title,
        description: this.config.config_description,
        icon: this.config.config_icon,
        launchUrl: `${url.origin}${request.hubPrefix}${LAUNCH_PATH}`,
      }),
    };
  }

  /** The URL the LMS posted to; uri_scheme overrides the scheme the proxy headers gave. */
  private signedUrl(url: URL): URL {
    const scheme = this.config.uri_scheme;
    if (scheme === 'auto') return url;
    const fixed = new URL(url.href);
    fixed.protocol = `${scheme}:`;
    return fixed;
  }
}

export const LTI11: AuthenticatorDescriptor = {
  name: 'lti11',
  aliases: ['ltiauthenticator.lti11.auth.LTI11Authenticator', 'ltiauthenticator.LTIAuthenticator'],
  // as in JupyterHub 5: an LTI hub says who may log in (usually Authenticator.allow_all)
  allowAllByDefault: false,
  // launches arrive inside the LMS's iframe
  crossSiteCookies: true,
  frameAncestors: (config) => config.LTI11Authenticator.frame_ancestors,
  create: ({ config, clock }: AuthenticatorDeps) =>
    new LTI11Authenticator(config.LTI11Authenticator, clock),
};
