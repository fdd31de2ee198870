import { Module } from '@nestjs/common';

/** The hub's pages for people. */
@Module({})
export class WebModule {}
