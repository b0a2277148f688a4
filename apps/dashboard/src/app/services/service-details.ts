import type { HistoryResponseDto, QuotaResponseDto, ServiceStatusDto, StorageResponseDto } from '@ipfs-kit/sdk';

/** What a card shows beyond the list entry; each part may have failed on its own. */
export interface ServiceDetails {
  status: ServiceStatusDto | null;
  storage: StorageResponseDto | null;
  quota: QuotaResponseDto | null;
  history: HistoryResponseDto | null;
  /** Why a part is missing (the API's message), per part. */
  errors: Partial<Record<'status' | 'storage' | 'quota' | 'history', string>>;
}

export const NO_DETAILS: ServiceDetails = { status: null, storage: null, quota: null, history: null, errors: {} };
