import { Module, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BackendRegistry } from './backend-registry';
import { ParquetBackendModule } from '../parquet/parquet-backend.module';
import { ArrowBackendModule } from '../arrow/arrow-backend.module';
import { S3BackendModule } from '../s3/s3-backend.module';
import { IpfsBackendModule } from '../ipfs/ipfs-backend.module';
import { IpfsClusterBackendModule } from '../ipfs-cluster/ipfs-cluster-backend.module';
import { LotusBackendModule } from '../lotus/lotus-backend.module';
import { SynapseBackendModule } from '../synapse/synapse-backend.module';
import { FtpBackendModule } from '../ftp/ftp-backend.module';
import { SshfsBackendModule } from '../sshfs/sshfs-backend.module';
import { GithubBackendModule } from '../github/github-backend.module';
import { HuggingfaceBackendModule } from '../huggingface/huggingface-backend.module';
import { StorachaBackendModule } from '../storacha/storacha-backend.module';

/**
 * The registry plus every backend module. Adding a backend: its own folder with a
 * `*-backend.module.ts`, and one line in BACKEND_MODULES below.
 */
const BACKEND_MODULES: Type[] = [
  // backend modules are listed here, one per line
  ParquetBackendModule,
  ArrowBackendModule,
  S3BackendModule,
  IpfsBackendModule,
  IpfsClusterBackendModule,
  LotusBackendModule,
  SynapseBackendModule,
  FtpBackendModule,
  SshfsBackendModule,
  GithubBackendModule,
  HuggingfaceBackendModule,
  StorachaBackendModule,
];

@Module({
  imports: [DiscoveryModule, ...BACKEND_MODULES],
  providers: [BackendRegistry],
  exports: [BackendRegistry],
})
export class BackendsModule {}
