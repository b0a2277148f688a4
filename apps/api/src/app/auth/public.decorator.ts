import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ipfs-kit:public';

/** Marks a handler that answers without the API token (only /api/system/health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
