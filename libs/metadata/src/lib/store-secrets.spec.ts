import type { JsonObject } from './plain-data';
import { REDACTED } from './redaction';
import { StoreSecrets } from './store-secrets';

describe('StoreSecrets masking', () => {
  const SECRET = 'never-show-this-value';
  const secrets = (): StoreSecrets => {
    const store = new StoreSecrets({ keyFile: '/nonexistent/secret.key' });
    store.remember('s3', 'stamp', [SECRET]);
    return store;
  };

  it('masks known and extra values in every string and key of nested data, copying only what changed', () => {
    const untouched = { probe: { ok: true, latency_ms: 4.2, attempts: [1, 2] } };
    const value: JsonObject = {
      ...untouched,
      error: { message: `denied for ${SECRET}`, code: 'forbidden' },
      [`key-${SECRET}`]: 1,
      list: ['plain', `a ${SECRET} b`, 'extra-one-x'],
    };
    const before = JSON.stringify(value);
    const masked = secrets().redactDeep(value, ['extra-one']);
    expect(masked).toEqual({
      ...untouched,
      error: { message: `denied for ${REDACTED}`, code: 'forbidden' },
      [`key-${REDACTED}`]: 1,
      list: ['plain', `a ${REDACTED} b`, `${REDACTED}-x`],
    });
    expect(JSON.stringify(value)).toBe(before);
    expect(masked).not.toBe(value);
    expect(masked['probe']).toBe(value['probe']);
    expect(Object.keys(masked)).toEqual(['probe', 'error', `key-${REDACTED}`, 'list']);
  });

  it('answers data without any secret itself, with nothing copied', () => {
    const value: JsonObject = { probe: { ok: true, detail: ['a', { b: 'c' }] }, storage: { used: 10 } };
    expect(secrets().redactDeep(value)).toBe(value);
  });

  it('masks a key named like an Object.prototype member as own data', () => {
    const value = JSON.parse(`{"toString": "${SECRET}", "a": 1}`) as JsonObject;
    const masked = secrets().redactDeep(value);
    expect(Object.getOwnPropertyDescriptor(masked, 'toString')?.value).toBe(REDACTED);
    expect(masked['a']).toBe(1);
  });
});
