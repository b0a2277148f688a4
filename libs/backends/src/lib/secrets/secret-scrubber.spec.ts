import { basicAuthorization, bearerAuthorization } from '../http/auth-headers';
import { excerpt, scrubSecrets, secretForms } from './secret-scrubber';

describe(scrubSecrets.name, () => {
  // base64 "YWRtaW46aHVudGVyMj4/fg==": a '/' and padding, so base64url differs from base64.
  const PASSWORD = 'hunter2>?~';
  const BASIC = basicAuthorization('admin', PASSWORD)['authorization'] as string;
  const ENCODED = Buffer.from(`admin:${PASSWORD}`, 'utf8').toString('base64');

  it('masks every occurrence of a secret value', () => {
    expect(scrubSecrets('token tok-3f1e9a7b5c rejected; tok-3f1e9a7b5c again', ['tok-3f1e9a7b5c'])).toBe(
      'token *** rejected; *** again',
    );
  });

  it('masks the bare base64 of basic credentials, not only the whole "Basic ..." value', () => {
    expect(ENCODED).toBe('YWRtaW46aHVudGVyMj4/fg==');

    expect(scrubSecrets(`proxy: bad credentials ${ENCODED}`, [BASIC])).toBe('proxy: bad credentials ***');
    expect(scrubSecrets(`header was "${BASIC}"`, [BASIC])).toBe('header was "***"');
  });

  it('masks the unpadded and the base64url forms of basic credentials', () => {
    const unpadded = 'YWRtaW46aHVudGVyMj4/fg';
    const base64url = 'YWRtaW46aHVudGVyMj4_fg';

    expect(scrubSecrets(`jwt-style echo ${base64url}.`, [BASIC])).toBe('jwt-style echo ***.');
    expect(scrubSecrets(`trimmed ${unpadded} end`, [BASIC])).toBe('trimmed *** end');
    expect(scrubSecrets(`padded url-safe ${base64url}==`, [BASIC])).toBe('padded url-safe ***==');
  });

  it('masks the decoded user:password and the password alone', () => {
    expect(scrubSecrets(`login admin:${PASSWORD} refused`, [BASIC])).toBe('login *** refused');
    expect(scrubSecrets(`password ${PASSWORD} refused`, [BASIC])).toBe('password *** refused');
  });

  it('masks the bare token of a Bearer value', () => {
    const bearer = bearerAuthorization('syt_c2VjcmV0_abc123')['authorization'] as string;

    expect(scrubSecrets('unknown token syt_c2VjcmV0_abc123', [bearer])).toBe('unknown token ***');
  });

  it('masks a longer secret whole even when a shorter one is inside it', () => {
    expect(scrubSecrets('key abcd-efgh-ijkl', ['abcd', 'abcd-efgh-ijkl'])).toBe('key ***');
  });

  it('masks values shorter than 4 characters only as whole tokens, and leaves text without secrets alone', () => {
    expect(scrubSecrets('the pin is abc', ['abc'])).toBe('the pin is ***');
    expect(scrubSecrets('the pin is abcd', ['abc'])).toBe('the pin is abcd');
    expect(scrubSecrets('nothing here', [BASIC, 'tok-3f1e9a7b5c'])).toBe('nothing here');
  });

  it('derives no decoded forms from a Basic value that is not base64', () => {
    expect(secretForms('Basic not*base64')).toEqual(['Basic not*base64', 'not*base64']);
    expect(secretForms('plain-secret')).toEqual(['plain-secret']);
  });
});

describe(excerpt.name, () => {
  it('keeps one line of at most max characters', () => {
    expect(excerpt('a\n  b\tc')).toBe('a b c');
    expect(excerpt('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
