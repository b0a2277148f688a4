import { Module } from '@nestjs/common';
import { StorachaBackendDriver } from './storacha.backend';

@Module({ providers: [StorachaBackendDriver], exports: [StorachaBackendDriver] })
export class StorachaBackendModule {}
