import { Module } from '@nestjs/common';
import { IpfsClusterBackendDriver } from './ipfs-cluster.backend';

@Module({ providers: [IpfsClusterBackendDriver], exports: [IpfsClusterBackendDriver] })
export class IpfsClusterBackendModule {}
