import { Module } from '@nestjs/common';
import { HuggingfaceBackendDriver } from './huggingface.backend';

@Module({ providers: [HuggingfaceBackendDriver], exports: [HuggingfaceBackendDriver] })
export class HuggingfaceBackendModule {}
