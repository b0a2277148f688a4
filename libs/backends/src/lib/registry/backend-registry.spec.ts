import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { ConfigField } from '../contract/config-field.decorator';
import { CommonServiceConfig } from '../contract/common-service.config';
import type { BackendConnection, StorageBackendDriver } from '../contract/storage-backend.driver';
import { BackendRegistry, DuplicateBackendTypeError, UnknownBackendTypeError } from './backend-registry';
import { StorageBackend } from '../contract/storage-backend.decorator';

class FakeConfig extends CommonServiceConfig {
  @ConfigField({ description: 'where', required: true, example: '/data' })
  @IsString()
  path!: string;

  @ConfigField({ description: 'a secret', secret: true })
  @IsString()
  token?: string;
}

function fakeDriver(type: 'parquet' | 'arrow'): new () => StorageBackendDriver<FakeConfig> {
  @StorageBackend()
  @Injectable()
  class FakeDriver implements StorageBackendDriver<FakeConfig> {
    readonly type = type;
    readonly displayName = `Fake ${type}`;
    readonly description = 'test double';
    readonly configClass = FakeConfig;
    readonly capabilities = { stats: false, quota: false, storage: true, lifecycle: 'activation' as const };
    readonly templates = [];
    connect(): BackendConnection {
      throw new Error('not used');
    }
  }
  return FakeDriver;
}

describe(BackendRegistry.name, () => {
  it('collects every provider marked @StorageBackend() across modules', async () => {
    @Module({ providers: [fakeDriver('parquet')] })
    class ParquetModule {}
    @Module({ providers: [fakeDriver('arrow')] })
    class ArrowModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule, ParquetModule, ArrowModule],
      providers: [BackendRegistry],
    }).compile();
    await moduleRef.init();
    const sut = moduleRef.get(BackendRegistry);

    expect(sut.types()).toEqual(['arrow', 'parquet']);
    const described = sut.describe('parquet');
    expect(described.display_name).toBe('Fake parquet');
    expect(described.secret_fields).toEqual(['token']);
    expect(described.fields.map((f) => f.name)).toEqual([
      'enabled',
      'check_interval_s',
      'timeout_ms',
      'quota_bytes',
      'depends_on',
      'path',
      'token',
    ]);
    expect(described.fields.find((f) => f.name === 'path')).toEqual({
      name: 'path',
      type: 'string',
      required: true,
      secret: false,
      description: 'where',
      example: '/data',
    });
    expect(() => sut.get('nope')).toThrow(UnknownBackendTypeError);
    await moduleRef.close();
  });

  it('fails at start-up when two drivers claim one type id', async () => {
    @Module({ providers: [fakeDriver('parquet')] })
    class FirstModule {}
    @Module({ providers: [fakeDriver('parquet')] })
    class SecondModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule, FirstModule, SecondModule],
      providers: [BackendRegistry],
    }).compile();

    await expect(moduleRef.init()).rejects.toThrow(DuplicateBackendTypeError);
  });
});
