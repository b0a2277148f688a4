export * from './generated';
export type { Client } from './generated/client';
export { createIpfsKitClient, type IpfsKitClientOptions } from './client/create-ipfs-kit-client';
export { apiErrorMessage } from './client/api-error-message';
