import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { BackendError } from './backend-error';

/** One reason a config was refused, naming the field. */
export interface ConfigProblem {
  field: string;
  messages: string[];
}

export class ConfigValidationError extends BackendError {
  constructor(readonly problems: ConfigProblem[]) {
    super('invalid_config', `invalid config: ${problems.map((p) => `${p.field}: ${p.messages.join('; ')}`).join(', ')}`);
  }
}

/**
 * Validates a plain config object against a type's config class: unknown fields are
 * refused, values are not coerced. Returns the typed instance or throws
 * ConfigValidationError naming every bad field.
 */
export async function validateConfig<C extends object>(configClass: new () => C, raw: unknown): Promise<C> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigValidationError([{ field: 'config', messages: ['must be an object'] }]);
  }
  const instance = plainToInstance(configClass, raw, { enableImplicitConversion: false });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(flatten(errors));
  return instance;
}

function flatten(errors: ValidationError[], prefix = ''): ConfigProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
