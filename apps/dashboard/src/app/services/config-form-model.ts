import type { ConfigFieldDto } from '@ipfs-kit/sdk';

/** What a form control holds: text for everything but booleans. */
export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

/** Fields every type shares; shown under "Monitoring and limits". */
export const COMMON_FIELDS = new Set(['enabled', 'check_interval_s', 'timeout_ms', 'quota_bytes', 'depends_on']);

export function toFormValue(value: unknown, field: ConfigFieldDto): FormValue {
  if (field.type === 'boolean') return value === true || value === 'true';
  if (value === null || value === undefined) return '';
  if (field.type === 'string[]') return Array.isArray(value) ? value.join(', ') : String(value);
  if (field.type === 'object') return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return String(value);
}

/**
 * The form's starting values: the config's value when it has one, else (with `defaults`)
 * the field's default. Secret values are only taken with `secrets` (a JSON typed by the
 * user): the API never returns them.
 */
export function initialValues(
  fields: readonly ConfigFieldDto[],
  config: Record<string, unknown>,
  options: { defaults: boolean; secrets: boolean },
): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const own = field.secret && !options.secrets ? undefined : config[field.name];
    const fallback = options.defaults ? (field.default as unknown) : undefined;
    values[field.name] = toFormValue(own ?? fallback, field);
  }
  return values;
}

export type Parsed = { kind: 'empty' } | { kind: 'value'; value: unknown } | { kind: 'invalid'; message: string };

/** A form value back to the config's type. */
export function parseFormValue(raw: FormValue, field: ConfigFieldDto): Parsed {
  if (typeof raw === 'boolean') return { kind: 'value', value: raw };
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  switch (field.type) {
    case 'integer': {
      const n = Number(text);
      return Number.isInteger(n)
        ? { kind: 'value', value: n }
        : { kind: 'invalid', message: `${field.name} must be a whole number` };
    }
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n)
        ? { kind: 'value', value: n }
        : { kind: 'invalid', message: `${field.name} must be a number` };
    }
    case 'string[]':
      return {
        kind: 'value',
        value: text
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      };
    case 'object':
      try {
        return { kind: 'value', value: JSON.parse(text) as unknown };
      } catch {
        return { kind: 'invalid', message: `${field.name} must be JSON` };
      }
    default:
      return { kind: 'value', value: field.secret ? raw : text };
  }
}

/** The config of a new service: every filled field. Throws on a value that does not parse. */
export function buildConfig(fields: readonly ConfigFieldDto[], values: FormValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const parsed = parseFormValue(values[field.name] ?? '', field);
    if (parsed.kind === 'invalid') throw new Error(parsed.message);
    if (parsed.kind === 'value') config[field.name] = parsed.value;
  }
  return config;
}

/**
 * A JSON Merge Patch from the form: changed fields, `null` for a field that was set and
 * is now empty; a secret left empty is not sent, so the stored one is kept.
 */
export function buildPatch(
  fields: readonly ConfigFieldDto[],
  values: FormValues,
  current: Record<string, unknown>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    const parsed = parseFormValue(values[field.name] ?? '', field);
    if (parsed.kind === 'invalid') throw new Error(parsed.message);
    if (field.secret) {
      if (parsed.kind === 'value') patch[field.name] = parsed.value;
      continue;
    }
    const had = current[field.name] !== undefined && current[field.name] !== null;
    if (parsed.kind === 'empty') {
      if (had) patch[field.name] = null;
    } else if (JSON.stringify(parsed.value) !== JSON.stringify(current[field.name])) {
      patch[field.name] = parsed.value;
    }
  }
  return patch;
}
