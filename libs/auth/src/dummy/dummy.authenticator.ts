import { DummyAuthenticatorConfig } from '@orrery/core';
import { isIP } from 'node:net';
import {
  AuthResult,
  Authenticator,
  AuthenticatorDeps,
  AuthenticatorDescriptor,
  LoginInput,
} from '../authenticator';

/** Whether a bind_url only listens on this machine (an empty host means every interface). */
export function isLoopbackUrl(url: string): boolean {
  // WHATWG URL refuses JupyterHub's empty host (`http://:8000`), so read the host by hand
  const host = (/^[a-z]+:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(url)?.[1] ?? '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** For development: any name logs in, with `DummyAuthenticator.password` if one is set. */
export class DummyAuthenticator implements Authenticator {
  readonly name = 'dummy';
  readonly loginFields = [];

  constructor(private readonly config: DummyAuthenticatorConfig) {}

  /** Refuses to run where other machines can reach the hub, unless explicitly allowed. */
  static create({ config }: AuthenticatorDeps): DummyAuthenticator {
    const bindUrl = config.JupyterHub.bind_url;
    if (!config.DummyAuthenticator.allow_public && !isLoopbackUrl(bindUrl)) {
      throw new Error(
        `the dummy authenticator lets anyone log in; JupyterHub.bind_url ${bindUrl} is not a ` +
          'loopback address. Bind to 127.0.0.1, or set DummyAuthenticator.allow_public: true.',
      );
    }
    return new DummyAuthenticator(config.DummyAuthenticator);
  }

  async authenticate(input: LoginInput): Promise<AuthResult | null> {
    const { password } = this.config;
    if (password !== null && input.password !== password) return null;
    return { name: input.username };
  }
}

export const DUMMY: AuthenticatorDescriptor = {
  name: 'dummy',
  aliases: ['jupyterhub.auth.DummyAuthenticator'],
  allowAllByDefault: true,
  create: (deps) => DummyAuthenticator.create(deps),
};
