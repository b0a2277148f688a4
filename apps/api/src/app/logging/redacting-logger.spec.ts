import { ConsoleLogger, Logger } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { SecretRedactor } from '../store/secret-redactor';
import { escapeControlCharacters } from './log-text';
import { record } from './process-fault-handlers';
import { RedactingLogger } from './redacting-logger';

/** The redacting logger with a real store's redactor active: never throws, masks, escapes. */
describe('RedactingLogger', () => {
  let home: TempDir;
  let redactor: SecretRedactor;
  let written: string[];
  let spies: jest.SpyInstance[];

  beforeAll(async () => {
    home = await makeTempDir('logger-home');
    redactor = new SecretRedactor(await MetadataManager.open({ home: home.path, logger: { log: () => undefined, warn: () => undefined } }));
    redactor.rememberAlways(['hunter2-secret', 'pw']);
    // As in the API process: Nest's static Logger writes through the redacting logger.
    Logger.overrideLogger(new RedactingLogger());
  });

  afterAll(async () => {
    redactor.onModuleDestroy();
    Logger.overrideLogger(new ConsoleLogger());
    await home.remove();
  });

  beforeEach(() => {
    written = [];
    const capture = (chunk: unknown): boolean => {
      written.push(String(chunk));
      return true;
    };
    spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  });

  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  it('logs an error without a stack (the give-up of a daemon) while the store holds secrets, without throwing', () => {
    const logger = new RedactingLogger();
    expect(() => logger.error('lotus daemon exited unexpectedly; token hunter2-secret, password pw')).not.toThrow();
    expect(() => logger.error(undefined)).not.toThrow();
    expect(() => logger.error('with a stack that is no string', { not: 'a stack' } as unknown as string)).not.toThrow();
    const text = written.join('');
    expect(text).toContain('lotus daemon exited unexpectedly; token ***, password ***');
    expect(text).not.toContain('hunter2-secret');
  });

  it('never throws on a value whose toString throws', () => {
    const hostile = { toString: () => { throw new Error('no'); }, [Symbol.for('nodejs.util.inspect.custom')]: () => { throw new Error('no'); } };
    const logger = new RedactingLogger();
    expect(() => logger.log(hostile)).not.toThrow();
    expect(() => logger.warn(hostile)).not.toThrow();
  });

  it('escapes control characters: a remote reply cannot recolour the terminal or forge a line', () => {
    const logger = new RedactingLogger();
    logger.warn('reply: \u001b[31mred\u001b[0m\nFAKE 2026-01-01 ERROR injected\r\u0007');
    const line = written.join('');
    expect(line).toContain('reply: \\x1b[31mred\\x1b[0m\\nFAKE 2026-01-01 ERROR injected\\r\\x07');
    expect(line).not.toContain('\u0007');
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(escapeControlCharacters('a\tb\nc', true)).toBe('a\tb\nc');
  });

  it('records an unhandled rejection masked, with an id, and returns', () => {
    const fault = record('unhandledRejection', new Error('write of hunter2-secret failed'));
    expect(fault.id).toMatch(/^[0-9a-f-]{36}$/);
    const text = written.join('');
    expect(text).toContain(`unhandledRejection (error id ${fault.id}), the API keeps running: write of *** failed`);
    expect(text).not.toContain('hunter2-secret');
    expect(() => record('uncaughtException', undefined)).not.toThrow();
  });
});
