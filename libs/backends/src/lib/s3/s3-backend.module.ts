import { Module } from '@nestjs/common';
import { S3BackendDriver } from './s3.backend';

@Module({ providers: [S3BackendDriver], exports: [S3BackendDriver] })
export class S3BackendModule {}
