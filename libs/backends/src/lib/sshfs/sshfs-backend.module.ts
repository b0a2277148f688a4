import { Module } from '@nestjs/common';
import { SshfsBackendDriver } from './sshfs.backend';

@Module({ providers: [SshfsBackendDriver], exports: [SshfsBackendDriver] })
export class SshfsBackendModule {}
