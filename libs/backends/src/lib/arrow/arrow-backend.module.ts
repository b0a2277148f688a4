import { Module } from '@nestjs/common';
import { ArrowBackendDriver } from './arrow.backend';

@Module({ providers: [ArrowBackendDriver], exports: [ArrowBackendDriver] })
export class ArrowBackendModule {}
