import type { Client } from '@storacha/client';
import { loadEsm } from '../esm/load-esm';
import type { StorachaAuthority } from './storacha-authority';

export interface StorachaClientOptions {
  endpoint: URL;
  serviceDid: string;
  /** fetch bound to one call's deadline (StorachaAnswerRecorder.fetch). */
  fetch: typeof fetch;
}

/**
 * A @storacha/client Client for one call: the agent is the configured key, its store is
 * in memory (nothing is written to ~/.config), the proof is added, and the service
 * connection (@ucanto/client over @ucanto/transport's CAR codec and HTTP channel, as the
 * client's own default connection is built) uses the given endpoint, service DID and
 * a fetch that carries the call's abort signal. The client's default connection takes
 * no signal, hence the connection is built here and the client made per call.
 */
export async function createStorachaClient(authority: StorachaAuthority, options: StorachaClientOptions): Promise<Client> {
  const { create, StoreMemory, ucantoClient, transport, core } = await loadStorachaLibraries();
  const connection = ucantoClient.connect({
    id: core.DID.parse(options.serviceDid as `did:${string}:${string}`),
    codec: transport.CAR.outbound,
    channel: transport.HTTP.open<Record<string, never>>({
      url: options.endpoint,
      method: 'POST',
      fetch: options.fetch as unknown as Parameters<typeof transport.HTTP.open>[0]['fetch'],
      headers: { 'X-Client': 'ipfs-kit' },
    }),
  });
  const serviceConf = { access: connection, upload: connection, filecoin: connection, gateway: connection };
  const client = await create({
    // The key parsed by @storacha/client/principal/ed25519 is the client's own Signer type.
    principal: authority.agent as never,
    store: new StoreMemory(),
    serviceConf: serviceConf as never,
  });
  await client.addProof(authority.delegation as never);
  return client;
}


/**
 * The ESM-only libraries, loaded once; callers load them before a call's deadline starts
 * (a first load takes a while and is no network time). One after the other: jest's ESM
 * loader fails on parallel imports that share dependencies.
 */
export async function loadStorachaLibraries() {
  const { create } = await loadEsm<typeof import('@storacha/client')>('@storacha/client');
  const { StoreMemory } = await loadEsm<typeof import('@storacha/client/stores/memory')>('@storacha/client/stores/memory');
  const ucantoClient = await loadEsm<typeof import('@ucanto/client')>('@ucanto/client');
  const transport = await loadEsm<typeof import('@ucanto/transport')>('@ucanto/transport');
  const core = await loadEsm<typeof import('@ucanto/core')>('@ucanto/core');
  return { create, StoreMemory, ucantoClient, transport, core };
}
