import { Module } from '@nestjs/common';
import { LotusBackendDriver } from './lotus.backend';

@Module({ providers: [LotusBackendDriver], exports: [LotusBackendDriver] })
export class LotusBackendModule {}
