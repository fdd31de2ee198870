import { Inject, Injectable } from '@nestjs/common';
import {
  hubFrameAncestors,
  HubRequest,
  isPageNavigation,
  LoginSessionService,
  PageRenderer,
} from '@orrery/api';
import { AuthenticatorRegistry } from '@orrery/auth';
import { HubConfig } from '@orrery/core';
import nunjucks from 'nunjucks';
import { findWebAssetDir } from './asset-dirs';

/**
 * Renders `templates/<name>.njk` (Jinja2 syntax, autoescaped). Folders in
 * JupyterHub.template_paths come first, so an admin overrides a page or the `page.njk` layout
 * by giving a file of the same name. Every page gets the hub's URLs, the logged-in user and
 * JupyterHub.template_vars, never the XSRF token: a script of a user's server shares the hub's
 * origin without subdomain_host, and on plain HTTP its fetch() carries no Fetch Metadata that
 * @NavigationOnly could refuse. A navigation gets the token as the `_xsrf` cookie (on the hub's
 * path only), which the pages' scripts and xsrf-forms.js read.
 */
@Injectable()
export class NunjucksPageRenderer extends PageRenderer {
  private readonly env: nunjucks.Environment;
  private readonly framable: boolean;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(AuthenticatorRegistry) private readonly authenticators: AuthenticatorRegistry,
  ) {
    super();
    this.framable = hubFrameAncestors(config).length > 0;
    const paths = [...config.JupyterHub.template_paths, findWebAssetDir('templates')];
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader(paths), {
      autoescape: true,
      throwOnUndefined: false,
    });
  }

  render(name: string, vars: Record<string, unknown>, request: HubRequest): string {
    const hubPrefix = this.session.hubPrefix;
    const auth = request.hubAuth;
    if (isPageNavigation(request.headers, this.framable)) this.session.xsrfToken(request);
    return this.env.render(`${name}.njk`, {
      ...this.config.JupyterHub.template_vars,
      base_url: this.config.JupyterHub.base_url,
      hub_prefix: hubPrefix,
      static_url: (file: string) => `${hubPrefix}static/${file}`,
      logo_url: `${hubPrefix}logo`,
      login_url: `${hubPrefix}login`,
      logout_url: `${hubPrefix}logout`,
      user: auth?.kind === 'user' ? { name: auth.name, admin: auth.admin } : null,
      change_password_url: this.authenticators.authenticator.changePassword
        ? `${hubPrefix}auth/change-password`
        : null,
      ...vars,
    });
  }
}
