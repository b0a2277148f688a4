import { s3Type } from '../test-support/fake-ipfs-kit-api.stub';
import { buildConfig, buildPatch, initialValues, parseFormValue } from './config-form-model';

describe('config form model', () => {
  it('starts a new service from the defaults, and never prefills a secret from a stored config', () => {
    expect(initialValues(s3Type.fields, {}, { defaults: true, secrets: false })).toEqual({
      bucket: '',
      region: 'us-east-1',
      access_key_id: '',
      secret_access_key: '',
    });
    expect(
      initialValues(s3Type.fields, { bucket: 'b', secret_access_key: 'x' }, { defaults: false, secrets: false })[
        'secret_access_key'
      ],
    ).toBe('');
  });

  it('builds a config from the filled fields only, with typed values', () => {
    expect(
      buildConfig(s3Type.fields, { bucket: ' data ', region: '', access_key_id: 'AK', secret_access_key: 's3cr3t' }),
    ).toEqual({
      bucket: 'data',
      access_key_id: 'AK',
      secret_access_key: 's3cr3t',
    });
    expect(
      parseFormValue('42', { name: 'port', type: 'integer', required: false, secret: false, description: '' }),
    ).toEqual({ kind: 'value', value: 42 });
    expect(
      parseFormValue('4.2', { name: 'port', type: 'integer', required: false, secret: false, description: '' }).kind,
    ).toBe('invalid');
    expect(
      parseFormValue('a, b', { name: 'repos', type: 'string[]', required: false, secret: false, description: '' }),
    ).toEqual({ kind: 'value', value: ['a', 'b'] });
  });

  it('patches only what changed: an empty secret is kept (not sent), a cleared field is removed with null', () => {
    const current = { bucket: 'old', region: 'eu-west-1' };
    const patch = buildPatch(
      s3Type.fields,
      { bucket: 'new', region: '', access_key_id: '', secret_access_key: '' },
      current,
    );
    expect(patch).toEqual({ bucket: 'new', region: null });
    expect(
      buildPatch(
        s3Type.fields,
        { bucket: 'old', region: 'eu-west-1', access_key_id: '', secret_access_key: 'new-secret' },
        current,
      ),
    ).toEqual({
      secret_access_key: 'new-secret',
    });
  });
});
