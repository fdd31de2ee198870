export { registerWebRoutes } from './http/web-routes';
export { LandingService } from './login/landing.service';
export { WebModule } from './web.module';
export { ServiceOnDemand } from './servers/service-on-demand';
export type { OnDemandServices, OnDemandState } from './servers/service-on-demand';
