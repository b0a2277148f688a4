import { redactConfig, redactDeep, redactText, secretValuesOf } from './redaction';

describe('redaction', () => {
  it('removes secret fields and reports which are set', () => {
    const config = { bucket: 'b', secret_access_key: 'AKIA-SECRET', password: '', token: null };
    const sut = redactConfig(config, ['secret_access_key', 'password', 'token', 'private_key']);
    expect(sut.config).toEqual({ bucket: 'b' });
    expect(sut.secrets).toEqual({
      password: 'not set',
      private_key: 'not set',
      secret_access_key: 'set',
      token: 'not set',
    });
    expect(JSON.stringify(sut)).not.toContain('AKIA-SECRET');
    expect(config.secret_access_key).toBe('AKIA-SECRET');
  });

  it('masks known secret values inside text, longest first', () => {
    const text = 'login with hunter2hunter2 failed (token hunter2)';
    expect(redactText(text, ['hunter2', 'hunter2hunter2'])).toBe('login with *** failed (token ***)');
  });

  it('masks a secret of 1 to 3 characters where it stands as a whole token, not inside words', () => {
    expect(redactText('PASS pw', ['pw'])).toBe('PASS ***');
    expect(redactText('331 password for pw required; pw.', ['pw'])).toBe('331 password for *** required; ***.');
    expect(redactText('upward pwd pw2 2pw', ['pw'])).toBe('upward pwd pw2 2pw');
    expect(redactText('x=a, y=b', ['a'])).toBe('x=***, y=b');
    expect(redactText('key "9" and 99', ['9'])).toBe('key "***" and 99');
    expect(redactText(undefined as unknown as string, ['secret-value'])).toBe('undefined');
    expect(redactText('nothing here', [])).toBe('nothing here');
  });

  it('masks values and keys at any depth', () => {
    const value = { note: 'uses s3cr3t-value', list: ['s3cr3t-value'], 's3cr3t-value': 1 };
    expect(JSON.stringify(redactDeep(value, ['s3cr3t-value']))).not.toContain('s3cr3t');
  });

  it('lists the plain secret values of a config', () => {
    expect(secretValuesOf({ a: 'x', token: 'tok', password: '' }, ['token', 'password', 'none'])).toEqual(['tok']);
  });
});
