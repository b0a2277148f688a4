import { Module } from '@nestjs/common';
import { SynapseBackendDriver } from './synapse.backend';

@Module({ providers: [SynapseBackendDriver], exports: [SynapseBackendDriver] })
export class SynapseBackendModule {}
