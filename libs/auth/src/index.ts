export { AuthenticatorsModule } from './authenticators.module';
