import {
  AnyMapKey,
  BooleanKey,
  CommandKey,
  IntegerKey,
  TextKey,
  TextListKey,
  TextMapKey,
} from './config-key.decorators';
import {
  checkCustomScope,
  checkHttpUrl,
  checkNotEmpty,
  checkRoleName,
  checkToken,
  checkUserName,
} from './config-formats';

/** The entries of `JupyterHub.load_roles`, `services`, `load_groups` and `custom_scopes`. */

export class RoleSpec {
  @TextKey('Role name.', { check: checkRoleName })
  name!: string;

  @TextKey('What the role is for.', { optional: true })
  description?: string;

  @TextListKey('Scopes the role grants.', { optional: true })
  scopes?: string[];

  @TextListKey('Users that get the role.', { optional: true })
  users?: string[];

  @TextListKey('Groups whose members get the role.', { optional: true })
  groups?: string[];

  @TextListKey('Services that get the role.', { optional: true })
  services?: string[];
}

export class ServiceSpec {
  @TextKey('Service name; the service is reached at /services/<name>/.', { check: checkNotEmpty })
  name!: string;

  @TextKey('API token of the service; generated at start for managed services when unset.', {
    optional: true,
    check: checkToken,
  })
  api_token?: string;

  @BooleanKey('Deprecated (JupyterHub 2.0): give the service the admin role.', { optional: true })
  admin?: boolean;

  @TextKey('Internal http(s)://host:port of the service; gives it a proxy route and OAuth.', {
    optional: true,
    check: checkHttpUrl,
  })
  url?: string;

  @BooleanKey('Skip the OAuth confirmation page for this service.', { optional: true })
  oauth_no_confirm?: boolean;

  @TextKey('OAuth client id; defaults to service-<name>.', {
    optional: true,
    check: (value) => (value.startsWith('service-') ? null : 'must start with service-'),
  })
  oauth_client_id?: string;

  @TextKey('OAuth redirect URI; defaults to <url>/services/<name>/oauth_callback.', {
    optional: true,
  })
  oauth_redirect_uri?: string;

  @TextListKey('Scopes the service may request in OAuth tokens.', { optional: true })
  oauth_client_allowed_scopes?: string[];

  @TextListKey('Deprecated: roles whose scopes the service may request in OAuth tokens.', {
    optional: true,
  })
  oauth_roles?: string[];

  @BooleanKey('Show a link to the service on the home page.', { optional: true })
  display?: boolean;

  @AnyMapKey('Free-form information about the service, shown by the API.', { optional: true })
  info?: Record<string, unknown>;

  @CommandKey('Command that the hub runs to manage the service.', { optional: true })
  command?: string[];

  @TextMapKey('Extra environment variables of a managed service.', { optional: true })
  environment?: Record<string, string>;

  @TextKey('Working directory of a managed service.', { optional: true })
  cwd?: string;

  @TextKey('System user that runs a managed service.', { optional: true })
  user?: string;

  @IntegerKey('Seconds the URL of the service has to answer at start (30 when unset).', {
    optional: true,
  })
  timeout?: number;
}

export class GroupSpec {
  @TextListKey('Members of the group.', { checkItem: checkUserName })
  users: string[] = [];

  @AnyMapKey('Free-form properties of the group.')
  properties: Record<string, unknown> = {};
}

export class CustomScopeSpec {
  @TextKey('What the scope grants.', { check: checkNotEmpty })
  description!: string;

  @TextListKey('Custom scopes that this scope includes.', {
    optional: true,
    checkItem: checkCustomScope,
  })
  subscopes?: string[];
}
