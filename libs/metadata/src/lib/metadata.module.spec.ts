import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { MetadataModule } from './metadata.module';
import { recordingLogger } from '@ipfs-kit/testbed';
import { tempFolderEachTest } from '../test-support/temp-folder.fixture';

@Injectable()
class Consumer {
  constructor(readonly store: MetadataManager) {}
}

@Module({ providers: [Consumer], exports: [Consumer] })
class FeatureModule {}

describe(MetadataModule.name, () => {
  const tmp = tempFolderEachTest();

  it('provides one opened MetadataManager globally (forRoot)', async () => {
    const home = join(tmp.path, 'home');
    const moduleRef = await Test.createTestingModule({
      imports: [MetadataModule.forRoot({ home, logger: recordingLogger() }), FeatureModule],
    }).compile();
    const sut = moduleRef.get(MetadataManager);
    expect(sut).toBeInstanceOf(MetadataManager);
    expect(sut.home).toBe(home);
    expect(moduleRef.get(Consumer).store).toBe(sut);
    await sut.setServiceConfig('ipfs', { host: 'h' });
    expect((await sut.getServiceConfig('ipfs'))?.config).toEqual({ host: 'h' });
    await moduleRef.close();
  });

  it('accepts async options (forRootAsync)', async () => {
    const home = join(tmp.path, 'async');
    const moduleRef = await Test.createTestingModule({
      imports: [MetadataModule.forRootAsync({ useFactory: async () => ({ home, logger: recordingLogger() }) })],
    }).compile();
    expect(moduleRef.get(MetadataManager).home).toBe(home);
    await moduleRef.close();
  });
});
