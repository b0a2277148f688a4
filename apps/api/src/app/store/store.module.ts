import { Global, Logger, Module } from '@nestjs/common';
import { MetadataModule } from '@ipfs-kit/metadata';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from './secret-redactor';

const storeLogger = new Logger('MetadataStore');

/** The metadata store (~/.ipfs_kit), opened once at start-up, and the secret redactor built on it. */
@Global()
@Module({
  imports: [
    MetadataModule.forRootAsync({
      inject: [API_SETTINGS],
      useFactory: (settings: ApiSettings) => ({
        home: settings.home,
        ...(settings.secretKey ? { secretKey: settings.secretKey } : {}),
        logger: { log: (message: string) => storeLogger.log(message), warn: (message: string) => storeLogger.warn(message) },
      }),
    }),
  ],
  providers: [SecretRedactor],
  exports: [SecretRedactor],
})
export class StoreModule {}
