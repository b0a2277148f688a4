import { Module } from '@nestjs/common';
import { IpfsBackendDriver } from './ipfs.backend';

@Module({ providers: [IpfsBackendDriver], exports: [IpfsBackendDriver] })
export class IpfsBackendModule {}
