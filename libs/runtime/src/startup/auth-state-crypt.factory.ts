import { AuthStateCrypt, HubConfig, parseCryptKeys } from '@orrery/core';
import { StartupConfigError } from './startup-config-error';

/**
 * The auth state cipher from `JUPYTERHUB_CRYPT_KEY`. As JupyterHub, a hub told to keep auth
 * state but given no key refuses to start: keeping it in clear is never an option.
 */
export function authStateCrypt(config: HubConfig, keys: string | undefined): AuthStateCrypt {
  const crypt = new AuthStateCrypt(parseCryptKeys(keys));
  if (config.Authenticator.enable_auth_state && !crypt.available) {
    throw new StartupConfigError(
      'Authenticator.enable_auth_state is on but JUPYTERHUB_CRYPT_KEY is not set: set it to ' +
        'one or more 32-byte keys, hex or base64, separated by ";" (openssl rand -hex 32)',
    );
  }
  return crypt;
}
