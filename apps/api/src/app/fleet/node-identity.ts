import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MetadataManager } from '@ipfs-kit/metadata';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';

const NODE_ID_FILE = 'config/fleet-node-id';
const NODE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface NodeIdentityValue {
  id: string;
  name: string;
  labels: string[];
}

/** This node's stable id, made once and kept in the store (`config/fleet-node-id`), with its name and labels. */
@Injectable()
export class NodeIdentity {
  private value: NodeIdentityValue | null = null;

  constructor(
    private readonly store: MetadataManager,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** The identity; the id is read from the store, or made and kept there on first use. */
  async load(): Promise<NodeIdentityValue> {
    if (this.value) return this.value;
    const { text } = await this.store.readOrCreateText(
      NODE_ID_FILE,
      (stored) => NODE_ID_PATTERN.test(stored.trim()),
      () => `${randomUUID()}\n`,
    );
    this.value = { id: text.trim(), name: this.settings.fleet?.nodeName ?? '', labels: this.settings.fleet?.labels ?? [] };
    return this.value;
  }

  /** The identity once loaded (fleet mode only). */
  get current(): NodeIdentityValue | null {
    return this.value;
  }
}
