import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { HuggingfaceConfig } from './huggingface.config';
import { HuggingfaceConnection } from './huggingface.connection';

/** Models, datasets and spaces on the Hugging Face Hub, through @huggingface/hub. */
@StorageBackend()
@Injectable()
export class HuggingfaceBackendDriver implements StorageBackendDriver<HuggingfaceConfig> {
  readonly type = 'huggingface' as const;
  readonly displayName = 'Hugging Face Hub';
  readonly description =
    'Models, datasets and spaces on the Hugging Face Hub (@huggingface/hub): token identity and expiry, repository usedStorage, local cache size.';
  readonly configClass = HuggingfaceConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'huggingface-account',
      title: 'My Hugging Face repositories',
      description: 'Every model, dataset and space of the token\'s user, plus the local cache.',
      config: { model_hub_url: 'https://huggingface.co', cache_dir: '~/.cache/huggingface/hub' },
    },
    {
      id: 'huggingface-selected',
      title: 'Selected repositories',
      description: 'A few public or private repositories by name.',
      config: { model_hub_url: 'https://huggingface.co', repos: ['openai-community/gpt2', 'datasets/stanfordnlp/imdb'] },
    },
  ];

  connect(config: HuggingfaceConfig, context: BackendContext): BackendConnection {
    return new HuggingfaceConnection(config, context);
  }
}
