export { RuntimeModule } from './runtime.module';
export { StartupConfigError } from './startup/startup-config-error';
export { WarmPool } from './pool/warm-pool.service';
export { HubProxyService } from './proxy/hub-proxy.service';
