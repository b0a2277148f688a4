import { Injectable, type PipeTransform } from '@nestjs/common';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { FieldValidationException } from '../http/error-response';
import { NAME_MESSAGE } from '../services/services.dto';

/** A channel, rule or window name from the URL (same rule as service names). */
@Injectable()
export class AlertNamePipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !SERVICE_NAME_PATTERN.test(value)) {
      throw new FieldValidationException([{ field: 'name', messages: [`name ${NAME_MESSAGE}`] }]);
    }
    return value;
  }
}
