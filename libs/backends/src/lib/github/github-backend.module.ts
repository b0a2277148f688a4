import { Module } from '@nestjs/common';
import { GithubBackendDriver } from './github.backend';

@Module({ providers: [GithubBackendDriver], exports: [GithubBackendDriver] })
export class GithubBackendModule {}
