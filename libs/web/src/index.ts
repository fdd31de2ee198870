export { registerWebRoutes } from './http/web-routes';
export { LandingService } from './login/landing.service';
export { WebModule } from './web.module';
