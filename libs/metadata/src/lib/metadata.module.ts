import { ConfigurableModuleBuilder, Logger, Module } from '@nestjs/common';
import { MetadataCatalog, type MetadataCatalogOptions } from './metadata-catalog';
import { MetadataManager } from './metadata-manager';
import type { MetadataManagerOptions } from './metadata.types';

/** Options of MetadataModule.forRoot(); the logger defaults to Nest's Logger. */
export type MetadataModuleOptions = MetadataManagerOptions & { catalog?: Omit<MetadataCatalogOptions, 'logger'> };

export const {
  ConfigurableModuleClass: MetadataConfigurableModule,
  MODULE_OPTIONS_TOKEN: METADATA_MODULE_OPTIONS,
  OPTIONS_TYPE: METADATA_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: METADATA_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MetadataModuleOptions>({ moduleName: 'Metadata' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/**
 * Provides the MetadataManager (the store on disk, opened once) and the
 * MetadataCatalog (its in-memory image, loaded once) to the whole application:
 * `MetadataModule.forRoot({})` or `forRootAsync({ useFactory })`.
 */
@Module({
  providers: [
    {
      provide: MetadataManager,
      inject: [METADATA_MODULE_OPTIONS],
      useFactory: (options: MetadataModuleOptions): Promise<MetadataManager> =>
        MetadataManager.open({ ...options, logger: options.logger ?? new Logger('MetadataStore') }),
    },
    {
      provide: MetadataCatalog,
      inject: [MetadataManager, METADATA_MODULE_OPTIONS],
      useFactory: (store: MetadataManager, options: MetadataModuleOptions): Promise<MetadataCatalog> =>
        MetadataCatalog.open(store, { ...options.catalog, logger: options.logger ?? new Logger('MetadataCatalog') }),
    },
  ],
  exports: [MetadataManager, MetadataCatalog],
})
export class MetadataModule extends MetadataConfigurableModule {}
