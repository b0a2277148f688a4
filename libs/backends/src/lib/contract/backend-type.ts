/** Every storage service type the system knows (DESIGN.md, "Services"). */
export const BACKEND_TYPES = [
  'ipfs',
  'ipfs_cluster',
  's3',
  'storacha',
  'huggingface',
  'ftp',
  'sshfs',
  'lotus',
  'synapse',
  'parquet',
  'arrow',
  'github',
] as const;

export type BackendTypeId = (typeof BACKEND_TYPES)[number];

export function isBackendTypeId(value: unknown): value is BackendTypeId {
  return typeof value === 'string' && (BACKEND_TYPES as readonly string[]).includes(value);
}
