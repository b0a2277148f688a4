import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MetadataManager } from '@ipfs-kit/metadata';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { API_TOKEN, loadOrCreateApiToken } from './api-token';
import { TokenGuard } from './token.guard';

@Global()
@Module({
  providers: [
    {
      provide: API_TOKEN,
      inject: [MetadataManager, API_SETTINGS],
      useFactory: (store: MetadataManager, settings: ApiSettings) => loadOrCreateApiToken(store, settings.token),
    },
    { provide: APP_GUARD, useClass: TokenGuard },
  ],
  exports: [API_TOKEN],
})
export class AuthModule {}
