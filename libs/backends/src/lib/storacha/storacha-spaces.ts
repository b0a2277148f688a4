import type { Capability, Delegation, Proof } from '@ucanto/interface';
import type { StorachaAuthority } from './storacha-authority';

/** A space the agent's delegation grants something on. */
export interface StorachaSpace {
  did: string;
  /** The name its delegations carry; null when none does. */
  name: string | null;
}

/** Delegations looked at, at most: a proof chain is a handful; this bounds a crafted one. */
const MAX_DELEGATIONS = 256;

/**
 * The spaces the proof gives this agent access to (authority.spaces: the did:key
 * resources of the delegation's capabilities, in their order), each with its name.
 * Storacha keeps a space's name as the fact `{ space: { name } }` of a delegation whose
 * first capability is on that space: `storacha space create` writes it into the space's
 * grant to its creator, and `storacha delegation create` copies it into the delegation it
 * prints; @storacha/client reads it there (Space.fromDelegation, facts[0].space). Read
 * here from the delegation and the proofs it includes, the delegation first.
 */
export function grantedSpaces(authority: Pick<StorachaAuthority, 'delegation' | 'spaces'>): StorachaSpace[] {
  const wanted = new Set(authority.spaces);
  const names = new Map<string, string>();
  for (const delegation of includedDelegations(authority.delegation)) {
    const space = firstResource(delegation.capabilities);
    if (space === undefined || !wanted.has(space) || names.has(space)) continue;
    const name = spaceNameFact(delegation.facts[0]);
    if (name !== undefined) names.set(space, name);
  }
  return authority.spaces.map((did) => ({ did, name: names.get(did) ?? null }));
}

/** The delegation and every delegation included in its proofs, breadth first, each once. */
function includedDelegations(root: Delegation): Delegation[] {
  const seen = new Set<string>();
  const found: Delegation[] = [];
  const queue: Proof[] = [root];
  while (queue.length > 0 && found.length < MAX_DELEGATIONS) {
    const next = queue.shift();
    if (!isDelegation(next)) continue; // a linked proof (CID only) carries no facts here
    const cid = next.cid.toString();
    if (seen.has(cid)) continue;
    seen.add(cid);
    found.push(next);
    queue.push(...next.proofs);
  }
  return found;
}

function isDelegation(proof: Proof | undefined): proof is Delegation {
  return proof !== undefined && 'capabilities' in proof && Array.isArray(proof.capabilities);
}

function firstResource(capabilities: readonly Capability[]): string | undefined {
  const resource = capabilities[0]?.with;
  return typeof resource === 'string' ? resource : undefined;
}

function spaceNameFact(fact: unknown): string | undefined {
  if (typeof fact !== 'object' || fact === null) return undefined;
  const space = (fact as { space?: unknown }).space;
  if (typeof space !== 'object' || space === null) return undefined;
  const name = (space as { name?: unknown }).name;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}
