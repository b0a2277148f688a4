import { recordingLogger } from './recording-logger';

describe('recordingLogger', () => {
  it('keeps every line in order with its level, and the messages of one level', () => {
    const logger = recordingLogger();
    logger.log('started');
    logger.warn('the folder is gone');
    logger.error('could not read');
    logger.warn('still gone');
    expect(logger.lines).toEqual(['log started', 'warn the folder is gone', 'error could not read', 'warn still gone']);
    expect(logger.messages('warn')).toEqual(['the folder is gone', 'still gone']);
    expect(logger.messages('log')).toEqual(['started']);
    expect(logger.messages('error')).toEqual(['could not read']);
  });
});
