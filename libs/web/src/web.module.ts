import { Global, Module } from '@nestjs/common';
import { PageRenderer, SharesApiModule } from '@orrery/api';
import { AuthenticatorsModule } from '@orrery/auth';
import { AuthenticatorRoutes } from './login/authenticator-routes';
import { HubUserDirectory } from './login/hub-user-directory';
import { LoginCompletion } from './login/login-completion.service';
import { LoginFailures } from './login/login-failures.service';
import { LandingService } from './login/landing.service';
import { AdminController } from './pages/admin.controller';
import { AcceptShareController } from './pages/accept-share.controller';
import { ChangePasswordController } from './pages/change-password.controller';
import { ErrorPageController } from './pages/error-page.controller';
import { HomeController } from './pages/home.controller';
import { LoginController } from './pages/login.controller';
import { RootController } from './pages/root.controller';
import { NunjucksPageRenderer } from './render/nunjucks-page.renderer';
import { ServerPages } from './servers/server-pages.service';
import { SpawnPendingController } from './servers/spawn-pending.controller';
import { SpawnController } from './servers/spawn.controller';
import { ServiceOnDemand } from './servers/service-on-demand';
import { ServiceUrlController } from './servers/service-url.controller';
import { UserUrlController } from './servers/user-url.controller';

/**
 * The hub's pages for people. Global, so that API handlers and the error filter can render
 * pages through the PageRenderer port.
 */
@Global()
@Module({
  imports: [AuthenticatorsModule, SharesApiModule],
  controllers: [
    RootController,
    LoginController,
    HomeController,
    AdminController,
    ChangePasswordController,
    AcceptShareController,
    ErrorPageController,
    SpawnController,
    SpawnPendingController,
    UserUrlController,
    ServiceUrlController,
  ],
  providers: [
    { provide: PageRenderer, useClass: NunjucksPageRenderer },
    HubUserDirectory,
    LandingService,
    LoginCompletion,
    LoginFailures,
    AuthenticatorRoutes,
    ServerPages,
    ServiceOnDemand,
  ],
  exports: [PageRenderer, LandingService, ServiceOnDemand],
})
export class WebModule {}
