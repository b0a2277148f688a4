import { Global, Module } from '@nestjs/common';
import { StoreLease } from './store-lease.service';

/** The store's lease (see StoreLease), injectable everywhere. */
@Global()
@Module({
  providers: [StoreLease],
  exports: [StoreLease],
})
export class LeaseModule {}
