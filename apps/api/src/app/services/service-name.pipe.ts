import { Injectable, type PipeTransform } from '@nestjs/common';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { FieldValidationException } from '../http/error-response';
import { NAME_MESSAGE } from './services.dto';

/** A service name from the URL: checked before it gets near a file name (400, never a path trick). */
@Injectable()
export class ServiceNamePipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !SERVICE_NAME_PATTERN.test(value)) {
      throw new FieldValidationException([{ field: 'name', messages: [`name ${NAME_MESSAGE}`] }]);
    }
    return value;
  }
}
