export * from './authenticator';
export { AuthenticatorRegistry, findAuthenticator } from './authenticator-registry.service';
export type { LoginOutcome } from './authenticator-registry.service';
export { AuthenticatorsModule } from './authenticators.module';
export { normalizeUsername } from './login-rules';
export { LoginThrottle } from './login-throttle';
export { NO_ALLOW_RULE_WARNING } from './allow-rules-check';
