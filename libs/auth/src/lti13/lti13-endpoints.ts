import type { LoginRequest } from '../authenticator';

/** uri_scheme: the scheme of the URLs the tool announces; auto follows the browser's. */
export type UriScheme = 'auto' | 'https' | 'http';

/**
 * The tool's URLs, derived from the URL of the route being served (all sit under
 * `<hub prefix>lti13/`), with the configured scheme.
 */
export class Lti13Endpoints {
  constructor(
    private readonly request: LoginRequest,
    private readonly scheme: UriScheme,
  ) {}

  private resolve(relative: string): URL {
    const url = new URL(relative, this.request.url);
    url.search = '';
    url.hash = '';
    if (this.scheme !== 'auto') url.protocol = `${this.scheme}:`;
    return url;
  }

  get hubRoot(): URL {
    return this.resolve('../');
  }

  get login(): string {
    return this.resolve('oauth_login').href;
  }

  get callback(): string {
    return this.resolve('oauth_callback').href;
  }

  get jwks(): string {
    return this.resolve('jwks').href;
  }
}
