import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { GithubConfig } from './github.config';
import { GithubConnection } from './github.connection';

/** GitHub.com or GitHub Enterprise Server repositories, through @octokit/rest. */
@StorageBackend()
@Injectable()
export class GithubBackendDriver implements StorageBackendDriver<GithubConfig> {
  readonly type = 'github' as const;
  readonly displayName = 'GitHub';
  readonly description =
    'Repositories on GitHub.com or GitHub Enterprise Server (REST API via @octokit/rest): rate limits, plan space and disk usage, repository sizes.';
  readonly configClass = GithubConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'github-account',
      title: 'GitHub.com account',
      description: 'Your repositories on github.com; add a token with the read:user scope for plan space and disk usage.',
      config: { base_url: 'https://api.github.com', owner: 'octocat' },
    },
    {
      id: 'github-enterprise',
      title: 'GitHub Enterprise Server',
      description: 'Selected repositories on a GitHub Enterprise Server instance (API root /api/v3).',
      config: { base_url: 'https://github.example.com/api/v3', repos: ['team/models', 'team/datasets'] },
    },
  ];

  connect(config: GithubConfig, context: BackendContext): BackendConnection {
    return new GithubConnection(config, context);
  }
}
