import { Module } from '@nestjs/common';
import { RootController } from './pages/root.controller';

/** The hub's pages for people. */
@Module({ controllers: [RootController] })
export class WebModule {}
