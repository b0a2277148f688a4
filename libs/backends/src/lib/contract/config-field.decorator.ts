import 'reflect-metadata';

export type ConfigFieldType = 'string' | 'integer' | 'number' | 'boolean' | 'string[]' | 'object';

/** One field of a type's config, as the API serves it and the dashboard renders it. */
export interface ConfigFieldDescription {
  name: string;
  type: ConfigFieldType;
  required: boolean;
  default?: unknown;
  secret: boolean;
  description: string;
  example?: unknown;
}

export interface ConfigFieldOptions {
  description: string;
  required?: boolean;
  default?: unknown;
  secret?: boolean;
  example?: unknown;
  /** Needed for arrays, integers and objects; plain strings, numbers and booleans are read from the property type. */
  type?: ConfigFieldType;
}

const FIELDS_KEY = Symbol('ipfs-kit:config-fields');

/**
 * Describes a config property for the API and the dashboard. Put it beside the
 * class-validator decorators: validation and description stay on one property.
 */
export function ConfigField(options: ConfigFieldOptions): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') throw new Error('config fields must have string names');
    const designType: unknown = Reflect.getMetadata('design:type', target, propertyKey);
    const description: ConfigFieldDescription = {
      name: propertyKey,
      type: options.type ?? typeFromDesign(designType) ?? typeFromValue(options.default ?? options.example, propertyKey),
      required: options.required ?? false,
      secret: options.secret ?? false,
      description: options.description,
      ...(options.default === undefined ? {} : { default: options.default }),
      ...(options.example === undefined ? {} : { example: options.example }),
    };
    const own: ConfigFieldDescription[] = Reflect.getOwnMetadata(FIELDS_KEY, target) ?? [];
    Reflect.defineMetadata(FIELDS_KEY, [...own, description], target);
  };
}

function typeFromDesign(designType: unknown): ConfigFieldType | undefined {
  if (designType === String) return 'string';
  if (designType === Number) return 'number';
  if (designType === Boolean) return 'boolean';
  return undefined;
}

/**
 * Compilers that see one file at a time (ts-node --transpile-only, esbuild) record a
 * union such as `'auto' | 'df'` as Object; the default or example then tells the type.
 */
function typeFromValue(value: unknown, name: string): ConfigFieldType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  throw new Error(`config field ${name}: say its type in @ConfigField({ type })`);
}

/** The fields of a config class, base-class fields first. */
export function describeConfigFields(configClass: abstract new () => object): ConfigFieldDescription[] {
  const chain: object[] = [];
  for (let proto = configClass.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    chain.unshift(proto);
  }
  const byName = new Map<string, ConfigFieldDescription>();
  for (const proto of chain) {
    for (const field of (Reflect.getOwnMetadata(FIELDS_KEY, proto) ?? []) as ConfigFieldDescription[]) {
      byName.set(field.name, field);
    }
  }
  return [...byName.values()];
}

export function secretFieldNames(configClass: abstract new () => object): string[] {
  return describeConfigFields(configClass)
    .filter((field) => field.secret)
    .map((field) => field.name);
}
