import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** Registers the one Clock for every module; a test swaps it with `overrideProvider(Clock)` or by its own module. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
