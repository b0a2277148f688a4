import { Module } from '@nestjs/common';
import { ParquetBackendDriver } from './parquet.backend';

@Module({ providers: [ParquetBackendDriver], exports: [ParquetBackendDriver] })
export class ParquetBackendModule {}
