// The public face of @ipfs-kit/backends: what the API, the tools and the tests of other
// projects use. Connections, protocol clients and helpers stay inside the library.

// The contract every driver implements.
export * from './lib/contract/storage-backend.driver';
export * from './lib/contract/storage-backend.decorator';
export * from './lib/contract/backend-call';
export * from './lib/contract/backend-error';
export * from './lib/contract/backend-results';
export * from './lib/contract/storage-info';
export * from './lib/contract/daemon-state';
export * from './lib/contract/common-service.config';
export * from './lib/contract/config-field.decorator';
export * from './lib/contract/config-validation';
export * from './lib/contract/service-items';

// The drivers, the one list of them, and the registry that serves them.
export * from './lib/registry/backend-drivers';
export * from './lib/registry/backend-types';
export * from './lib/registry/backend-registry';
export * from './lib/registry/backends.module';

// Each driver with its config class (the bench and tests connect drivers directly).
export { ArrowBackendDriver } from './lib/arrow/arrow.backend';
export { ArrowConfig } from './lib/arrow/arrow.config';
export { FtpBackendDriver } from './lib/ftp/ftp.backend';
export { FtpConfig } from './lib/ftp/ftp.config';
export { GithubBackendDriver } from './lib/github/github.backend';
export { GithubConfig } from './lib/github/github.config';
export { HuggingfaceBackendDriver } from './lib/huggingface/huggingface.backend';
export { HuggingfaceConfig } from './lib/huggingface/huggingface.config';
export { IpfsBackendDriver } from './lib/ipfs/ipfs.backend';
export { IpfsConfig } from './lib/ipfs/ipfs.config';
export { IpfsClusterBackendDriver } from './lib/ipfs-cluster/ipfs-cluster.backend';
export { IpfsClusterConfig } from './lib/ipfs-cluster/ipfs-cluster.config';
export { LotusBackendDriver } from './lib/lotus/lotus.backend';
export { LotusConfig } from './lib/lotus/lotus.config';
export { ParquetBackendDriver } from './lib/parquet/parquet.backend';
export { ParquetConfig } from './lib/parquet/parquet.config';
export { S3BackendDriver } from './lib/s3/s3.backend';
export { S3Config } from './lib/s3/s3.config';
export { SshfsBackendDriver } from './lib/sshfs/sshfs.backend';
export { SshfsConfig } from './lib/sshfs/sshfs.config';
export { StorachaBackendDriver } from './lib/storacha/storacha.backend';
export { StorachaConfig } from './lib/storacha/storacha.config';
export { SynapseBackendDriver } from './lib/synapse/synapse.backend';
export { SynapseConfig } from './lib/synapse/synapse.config';

// Supervised daemons as the API sees them: their config keys, PID files and processes.
export {
  DAEMON_DEFAULT_START_TIMEOUT_MS,
  DAEMON_DEFAULT_STOP_GRACE_MS,
  daemonSupervisionFromConfig,
  type SupervisedDaemonFields,
} from './lib/daemon/daemon-options';
export {
  DAEMON_INSTANCE_ENV,
  daemonLogFilePath,
  daemonPidFilePath,
  readDaemonPidFile,
  type DaemonPidRecord,
  type PidFileRead,
} from './lib/daemon/daemon-pid-file';
export { isProcessAlive, isProcessRunning, readProcEnvVar } from './lib/daemon/daemon-process-info';

// Loading ESM-only packages from the CommonJS build.
export { loadEsm } from './lib/esm/load-esm';
// Loading a client library on first use rather than at start-up.
export { lazyModule } from './lib/lazy/lazy-module';
