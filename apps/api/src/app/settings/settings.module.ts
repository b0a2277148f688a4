import { Global, Module, type DynamicModule } from '@nestjs/common';
import { API_SETTINGS, type ApiSettings } from './api-settings';

/** Makes the typed settings injectable everywhere as API_SETTINGS. */
@Global()
@Module({})
export class SettingsModule {
  static register(settings: ApiSettings): DynamicModule {
    return {
      module: SettingsModule,
      providers: [{ provide: API_SETTINGS, useValue: settings }],
      exports: [API_SETTINGS],
    };
  }
}
