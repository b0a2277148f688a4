import { lazyModule } from '../lazy/lazy-module';

export type HfHub = typeof import('@huggingface/hub');

/** @huggingface/hub, loaded by the first call of a huggingface service. */
export const loadHfHub = lazyModule((): Promise<HfHub> => import('@huggingface/hub'));
