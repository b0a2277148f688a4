import type { Delegation, Signer } from '@ucanto/interface';
import { BackendError } from '../contract/backend-error';
import { loadEsm } from '../esm/load-esm';

/** The agent key and the delegation to it, read with the real libraries, checked locally. */
export interface StorachaAuthority {
  agent: Signer;
  agentDid: string;
  delegation: Delegation;
  /** Abilities the delegation grants, as `{ can, with }`. */
  abilities: Array<{ can: string; with: string }>;
  /** Spaces (did:key resources) the delegation grants something on. */
  spaces: string[];
  /** Accounts (did:mailto) the delegation grants plan/get on. */
  accounts: string[];
  /** ISO time the delegation expires; null when it never does. */
  expiresAt: string | null;
}

const PLAN_GET = new Set(['plan/get', 'plan/*', '*']);

/**
 * Parses `key` (@storacha/client/principal/ed25519) and `proof` (@storacha/client/proof)
 * and checks what can be checked without the service: the proof is delegated to this
 * key, it is in its time window, and it grants something on a space. Messages never
 * quote the key or the proof, nor a library error that might.
 */
export async function loadStorachaAuthority(key: string | undefined, proof: string | undefined, now: Date = new Date()): Promise<StorachaAuthority> {
  if (!key || !proof) {
    throw new BackendError('invalid_config', 'key and proof are both needed: an agent key (storacha key create) and a delegation to it (storacha delegation create --base64)');
  }
  // One after the other: jest's ESM loader fails on parallel imports sharing dependencies.
  const ed25519 = await loadEsm<typeof import('@storacha/client/principal/ed25519')>('@storacha/client/principal/ed25519');
  const proofs = await loadEsm<typeof import('@storacha/client/proof')>('@storacha/client/proof');
  let agent: Signer;
  try {
    agent = ed25519.parse(key.trim());
  } catch {
    throw new BackendError('invalid_config', 'key is not an ed25519 private key as `storacha key create` prints it (multibase "Mg...")');
  }
  let delegation: Delegation;
  try {
    delegation = await proofs.parse(proof.trim());
  } catch {
    throw new BackendError('invalid_config', 'proof is not a delegation in base64 CAR form (`storacha delegation create <agent DID> --base64`)');
  }
  const agentDid = agent.did();
  if (delegation.audience.did() !== agentDid) {
    throw new BackendError('invalid_config', `the proof is delegated to ${delegation.audience.did()}, not to this key's agent ${agentDid}`);
  }
  const seconds = now.getTime() / 1000;
  if (Number.isFinite(delegation.expiration) && delegation.expiration < seconds) {
    throw new BackendError('unauthorized', `the delegation to ${agentDid} expired at ${new Date(delegation.expiration * 1000).toISOString()}`);
  }
  if (delegation.notBefore !== undefined && delegation.notBefore > seconds) {
    throw new BackendError('unauthorized', `the delegation to ${agentDid} is valid only from ${new Date(delegation.notBefore * 1000).toISOString()}`);
  }
  const abilities = delegation.capabilities.map((capability) => ({ can: String(capability.can), with: String(capability.with) }));
  const spaces = unique(abilities.filter((a) => a.with.startsWith('did:key:')).map((a) => a.with));
  const accounts = unique(abilities.filter((a) => a.with.startsWith('did:mailto:') && PLAN_GET.has(a.can)).map((a) => a.with));
  return {
    agent,
    agentDid,
    delegation,
    abilities,
    spaces,
    accounts,
    expiresAt: Number.isFinite(delegation.expiration) ? new Date(delegation.expiration * 1000).toISOString() : null,
  };
}

/** The configured space, which the proof must cover; or the proof's only space. */
export function chooseSpace(authority: StorachaAuthority, configured: string | undefined): string {
  if (configured) {
    if (!authority.spaces.includes(configured)) {
      const granted = authority.spaces.length > 0 ? authority.spaces.join(', ') : 'no space at all';
      throw new BackendError('forbidden', `the proof grants nothing on space ${configured} (it covers ${granted})`);
    }
    return configured;
  }
  if (authority.spaces.length === 1) return authority.spaces[0] as string;
  if (authority.spaces.length === 0) throw new BackendError('invalid_config', 'the proof grants nothing on any space');
  throw new BackendError('invalid_config', `the proof covers ${authority.spaces.length} spaces (${authority.spaces.join(', ')}): set space`);
}

/**
 * Whether the delegation grants `can` on `resource`, by UCAN's matching rules: the same
 * ability, `*`, or a `prefix/*` covering it; on the resource itself or `ucan:*`. The
 * client refuses to invoke without such a grant, so this is checked first, with a
 * message that says what the proof does grant.
 */
export function requireGrant(authority: StorachaAuthority, can: string, resource: string): void {
  const covers = (granted: string): boolean => granted === can || granted === '*' || (granted.endsWith('/*') && can.startsWith(granted.slice(0, -1)));
  if (authority.abilities.some((a) => covers(a.can) && (a.with === resource || a.with === 'ucan:*'))) return;
  const onResource = authority.abilities.filter((a) => a.with === resource).map((a) => a.can);
  throw new BackendError(
    'forbidden',
    `the proof does not grant ${can} on ${resource} (it grants ${onResource.length > 0 ? onResource.join(', ') : 'nothing'} there)`,
  );
}

/** The account for plan/get: the configured one, or the proof's only one. */
export function chooseAccount(authority: StorachaAuthority, configured: string | undefined): string | undefined {
  if (configured) return configured;
  return authority.accounts.length === 1 ? authority.accounts[0] : undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
