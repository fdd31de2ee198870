import { AuthenticatorConfig } from './authenticator.config';
import { CoursesConfig } from './courses.config';
import { ConfigurableHttpProxyConfig } from './configurable-http-proxy.config';
import { DockerSpawnerConfig } from './docker-spawner.config';
import { DummyAuthenticatorConfig } from './dummy-authenticator.config';
import { FirstUseAuthenticatorConfig } from './first-use-authenticator.config';
import { GenericOAuthenticatorConfig } from './generic-oauthenticator.config';
import { GitHubOAuthenticatorConfig } from './github-authenticator.config';
import { JupyterHubConfig } from './jupyterhub.config';
import { LocalProcessSpawnerConfig } from './local-process-spawner.config';
import { LTI11AuthenticatorConfig } from './lti11-authenticator.config';
import { LTI13AuthenticatorConfig, LTI13LaunchValidatorConfig } from './lti13-authenticator.config';
import { CullerConfig } from './culler.config';
import { PoolConfig } from './pool.config';
import { ProxyConfig } from './proxy.config';
import { RemoteSpawnerConfig } from './remote-spawner.config';
import { SpawnerConfig } from './spawner.config';
import { SwarmSpawnerConfig } from './swarm-spawner.config';
import { TmpAuthenticatorConfig } from './tmp-authenticator.config';

/**
 * Every section of orrery.yaml, by its traitlet class name. Adding a section is one line here
 * (plus its class): loading, validation, env overrides and generateConfig all read this list.
 */
export const CONFIG_SECTIONS = {
  JupyterHub: JupyterHubConfig,
  Authenticator: AuthenticatorConfig,
  ConfigurableHTTPProxy: ConfigurableHttpProxyConfig,
  Spawner: SpawnerConfig,
  FirstUseAuthenticator: FirstUseAuthenticatorConfig,
  DummyAuthenticator: DummyAuthenticatorConfig,
  LTI11Authenticator: LTI11AuthenticatorConfig,
  TmpAuthenticator: TmpAuthenticatorConfig,
  GitHubOAuthenticator: GitHubOAuthenticatorConfig,
  GenericOAuthenticator: GenericOAuthenticatorConfig,
  LTI13Authenticator: LTI13AuthenticatorConfig,
  LTI13LaunchValidator: LTI13LaunchValidatorConfig,
  LocalProcessSpawner: LocalProcessSpawnerConfig,
  Pool: PoolConfig,
  Culler: CullerConfig,
  Courses: CoursesConfig,
  Proxy: ProxyConfig,
  DockerSpawner: DockerSpawnerConfig,
  SwarmSpawner: SwarmSpawnerConfig,
  RemoteSpawner: RemoteSpawnerConfig,
} as const;

export type SectionName = keyof typeof CONFIG_SECTIONS;

export type ConfigSections = {
  readonly [Name in SectionName]: InstanceType<(typeof CONFIG_SECTIONS)[Name]>;
};
