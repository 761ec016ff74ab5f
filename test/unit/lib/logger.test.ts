import { describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/lib/logger.ts';

/** A logger writing JSON lines into memory. */
function memoryLogger(level = 'info') {
  const lines: string[] = [];
  const log = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  test('redacts secret fields at the top level and one level down', () => {
    const { log, lines, records } = memoryLogger();
    log.info(
      {
        password: 'pw-top',
        passphrase: 'pp-top',
        token: 'tok-top',
        machine: 'desk',
        credentials: { password: 'pw-cred' },
        ssh: { password: 'pw-nested', passphrase: 'pp-nested', user: 'tk-remote' },
        telegram: { token: 'tok-nested', chats: [1] },
      },
      'hello',
    );
    const [record] = records();
    expect(record).toMatchObject({
      msg: 'hello',
      machine: 'desk',
      password: '[secret]',
      passphrase: '[secret]',
      token: '[secret]',
      credentials: '[secret]',
      ssh: { password: '[secret]', passphrase: '[secret]', user: 'tk-remote' },
      telegram: { token: '[secret]', chats: [1] },
    });
    for (const secret of ['pw-top', 'pp-top', 'tok-top', 'pw-cred', 'pw-nested', 'pp-nested', 'tok-nested']) {
      expect(lines.join('')).not.toContain(secret);
    }
  });

  test('child loggers redact too, and the level filters', () => {
    const { log, lines, records } = memoryLogger('info');
    log.child({ module: 'ssh' }).warn({ config: { passphrase: 'child-secret' } }, 'x');
    log.debug({ password: 'debug-secret' }, 'not written');
    expect(lines).toHaveLength(1);
    expect(records()[0]).toMatchObject({ module: 'ssh', config: { passphrase: '[secret]' } });
    expect(lines.join('')).not.toContain('child-secret');
    expect(lines.join('')).not.toContain('debug-secret');
  });
});
