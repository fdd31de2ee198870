import { HubError } from '@orrery/core';
import { checkModel, checkStrings, ModelTypes } from '../http/json-model-check';
import { pythonTruthy } from '../http/python-values';
import { ServiceRecordSpec } from './service-spec';

/** The keys JupyterHub type-checks in a service body (`_service_model_types`). */
const SERVICE_MODEL_TYPES: ModelTypes = {
  name: 'str',
  admin: 'bool',
  url: 'str',
  oauth_client_allowed_scopes: 'list',
  api_token: 'str',
  info: 'dict',
  display: 'bool',
  oauth_no_confirm: 'bool',
  command: 'list',
  cwd: 'str',
  environment: 'dict',
  user: 'str',
  oauth_client_id: 'str',
  oauth_redirect_uri: 'str',
};

/**
 * `POST /hub/api/services/:name`: a config-like service entry. The name comes from the
 * path; `cwd`, `environment` and `user` are accepted but mean nothing without `command`,
 * which runtime services cannot have (the caller refuses it after the scope check).
 */
export function parseRuntimeService(name: string, body: unknown): ServiceRecordSpec {
  if (!pythonTruthy(body) || typeof body !== 'object' || Array.isArray(body)) {
    throw new HubError(400, 'Invalid service data');
  }
  const model: Record<string, unknown> = { ...(body as Record<string, unknown>), name };
  checkModel(model, SERVICE_MODEL_TYPES, 'service');
  checkStrings(
    (model.oauth_client_allowed_scopes as unknown[] | undefined) ?? [],
    'oauth_client_allowed_scopes',
  );
  checkStrings((model.command as unknown[] | undefined) ?? [], 'command');
  return {
    name,
    admin: model.admin as boolean | undefined,
    url: (model.url as string | undefined) || undefined,
    api_token: (model.api_token as string | undefined) || undefined,
    info: model.info as Record<string, unknown> | undefined,
    display: model.display as boolean | undefined,
    oauth_no_confirm: model.oauth_no_confirm as boolean | undefined,
    oauth_client_id: model.oauth_client_id as string | undefined,
    oauth_redirect_uri: (model.oauth_redirect_uri as string | undefined) || undefined,
    oauth_client_allowed_scopes: model.oauth_client_allowed_scopes as string[] | undefined,
    command: model.command as string[] | undefined,
  };
}
