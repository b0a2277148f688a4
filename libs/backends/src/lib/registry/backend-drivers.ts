import { ArrowBackendDriver } from '../arrow/arrow.backend';
import { FtpBackendDriver } from '../ftp/ftp.backend';
import { GithubBackendDriver } from '../github/github.backend';
import { HuggingfaceBackendDriver } from '../huggingface/huggingface.backend';
import { IpfsClusterBackendDriver } from '../ipfs-cluster/ipfs-cluster.backend';
import { IpfsBackendDriver } from '../ipfs/ipfs.backend';
import { LotusBackendDriver } from '../lotus/lotus.backend';
import { ParquetBackendDriver } from '../parquet/parquet.backend';
import { S3BackendDriver } from '../s3/s3.backend';
import { SshfsBackendDriver } from '../sshfs/sshfs.backend';
import { StorachaBackendDriver } from '../storacha/storacha.backend';
import { SynapseBackendDriver } from '../synapse/synapse.backend';

/**
 * Every storage backend driver, the one list of them: the type ids (BACKEND_TYPES, the
 * OpenAPI enum), the registry's providers and the secret fields are all derived from it.
 * Adding a backend: its own folder with a driver class, and one line here
 * (docs/adding-a-backend.md). The order is the order of the OpenAPI enum.
 */
export const BACKEND_DRIVERS = [
  IpfsBackendDriver,
  IpfsClusterBackendDriver,
  S3BackendDriver,
  StorachaBackendDriver,
  HuggingfaceBackendDriver,
  FtpBackendDriver,
  SshfsBackendDriver,
  LotusBackendDriver,
  SynapseBackendDriver,
  ParquetBackendDriver,
  ArrowBackendDriver,
  GithubBackendDriver,
] as const;
