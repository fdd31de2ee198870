import { Module } from '@nestjs/common';

/** Spawners, the orchestrator of spawn and stop, and restart recovery. */
@Module({})
export class SpawnModule {}
