export { SpawnModule } from './spawn.module';
