import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';
import { captureLog, configureLog, labLog, log, memoryLog, prettyLine } from '../src/log.js';

describe('server log', () => {
  afterEach(() => configureLog({ level: 'info' }));

  it("a lab's child logger names the lab on every record and in the pretty line", () => {
    const m = memoryLog();
    const lab = labLog('L7', m.log);
    lab.warn('refused to connect to 198.51.100.7');
    m.log.info('serving http://127.0.0.1:8080');
    expect(m.records).toEqual([
      { level: 'warn', lab: 'L7', text: 'bmp-lab: lab L7: refused to connect to 198.51.100.7' },
      { level: 'info', text: 'bmp-lab: serving http://127.0.0.1:8080' },
    ]);
  });

  it('an error keeps its stack on one record', () => {
    const m = memoryLog();
    m.log.error({ err: new Error('boom') }, 'error handling console input');
    expect(m.records).toHaveLength(1);
    expect(m.records[0]!.level).toBe('error');
    expect(m.records[0]!.text).toMatch(/^bmp-lab: error handling console input: Error: boom\n\s+at /);
  });

  it('BMPLAB_LOG_LEVEL drops the records below it', () => {
    const captured = captureLog();
    try {
      configureLog({ level: 'warn' });
      log.info('not kept');
      labLog('x').info('not kept either');
      log.warn('kept');
      expect(captured.lines()).toEqual(['bmp-lab: kept']);
    } finally {
      captured.restore();
    }
  });

  it('prints the pretty line from a JSON record', () => {
    expect(prettyLine({ level: 'info', lab: 'a', msg: 'hello' })).toBe('bmp-lab: lab a: hello');
  });

  it('refuses an unknown BMPLAB_LOG_LEVEL or BMPLAB_LOG_FORMAT with a clear error', () => {
    expect(() => readConfig({ BMPLAB_LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => readConfig({ BMPLAB_LOG_LEVEL: 'loud' })).toThrow(/BMPLAB_LOG_LEVEL=loud: must be one of fatal, error, warn, info/);
    expect(() => readConfig({ BMPLAB_LOG_FORMAT: 'xml' })).toThrow(/BMPLAB_LOG_FORMAT=xml: must be pretty or json/);
    expect(readConfig({ BMPLAB_LOG_LEVEL: 'warn', BMPLAB_LOG_FORMAT: 'json' })).toMatchObject({ logLevel: 'warn', logFormat: 'json' });
    expect(readConfig({})).toMatchObject({ logLevel: 'info', logFormat: null });
  });
});
