import type { FieldProblem } from '../http/error-response';

/** Checks of channel config fields; each adds a problem naming `config.<field>`. */
export class ConfigCheck {
  readonly problems: FieldProblem[] = [];

  constructor(
    private readonly config: Readonly<Record<string, unknown>>,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(config)) {
      if (!allowed.includes(key)) this.add(key, `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }

  httpUrl(field: string, required = true): this {
    const value = this.config[field];
    if (value === undefined || value === null || value === '') return required ? this.add(field, `${field} is required`) : this;
    if (typeof value !== 'string') return this.add(field, `${field} must be an http(s) URL`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return this.add(field, `${field} must be an http(s) URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return this.add(field, `${field} must be an http(s) URL`);
    return this;
  }

  text(field: string, options: { required?: boolean; max?: number; pattern?: RegExp; hint?: string } = {}): this {
    const value = this.config[field];
    if (value === undefined || value === null || value === '') return options.required ? this.add(field, `${field} is required`) : this;
    if (typeof value !== 'string') return this.add(field, `${field} must be a string`);
    if (value.length > (options.max ?? 2048)) return this.add(field, `${field} must be at most ${options.max ?? 2048} characters`);
    if (options.pattern && !options.pattern.test(value)) return this.add(field, `${field} ${options.hint ?? 'has a wrong format'}`);
    return this;
  }

  integer(field: string, min: number, max: number): this {
    const value = this.config[field];
    if (value === undefined || value === null) return this;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.add(field, `${field} must be an integer from ${min} to ${max}`);
    }
    return this;
  }

  boolean(field: string): this {
    const value = this.config[field];
    if (value !== undefined && value !== null && typeof value !== 'boolean') this.add(field, `${field} must be true or false`);
    return this;
  }

  textList(field: string, options: { required?: boolean; pattern?: RegExp; hint?: string } = {}): this {
    const value = this.config[field];
    if (value === undefined || value === null) return options.required ? this.add(field, `${field} is required`) : this;
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || list.length > 50 || list.some((item) => typeof item !== 'string')) {
      return this.add(field, `${field} must be a list of 1-50 strings`);
    }
    if (options.pattern && list.some((item) => !options.pattern?.test(item as string))) {
      return this.add(field, `${field} ${options.hint ?? 'has a wrong format'}`);
    }
    return this;
  }

  private add(field: string, message: string): this {
    this.problems.push({ field: `config.${field}`, messages: [message] });
    return this;
  }
}

/** A config value as a string ('' when absent). */
export function textOf(config: Readonly<Record<string, unknown>>, field: string): string {
  const value = config[field];
  return typeof value === 'string' ? value : '';
}

export function listOf(config: Readonly<Record<string, unknown>>, field: string): string[] {
  const value = config[field];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
