import { Module } from '@nestjs/common';
import { FtpBackendDriver } from './ftp.backend';

@Module({ providers: [FtpBackendDriver], exports: [FtpBackendDriver] })
export class FtpBackendModule {}
