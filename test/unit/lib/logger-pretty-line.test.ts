import { describe, expect, test } from 'vitest';
import { createLogger, prettyLine } from '../../../src/lib/logger.ts';

/** 12:00:01 today in the local time zone, which is what prettyLine shows. */
const NOON_AND_A_SECOND = new Date(2024, 0, 2, 12, 0, 1).getTime();

function pinoLine(fields: Record<string, unknown>): string {
  return JSON.stringify({ level: 30, time: NOON_AND_A_SECOND, pid: 4242, hostname: 'bot-host', ...fields });
}

describe('prettyLine', () => {
  test('formats a pino line as `HH:MM:SS LEVEL msg key=value`, without pid and hostname', () => {
    expect(prettyLine(pinoLine({ msg: 'time changed', user: 1, child: 'mia' }))).toBe('12:00:01 INFO time changed user=1 child=mia');
  });

  test.each([
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [30, 'INFO'],
    [40, 'WARN'],
    [50, 'ERROR'],
    [60, 'FATAL'],
    [35, '35'],
  ])('level %d is %s', (level, name) => {
    expect(prettyLine(pinoLine({ level, msg: 'x' }))).toBe(`12:00:01 ${name} x`);
  });

  test('non-string values are written as JSON', () => {
    expect(prettyLine(pinoLine({ msg: 'failed', err: { type: 'Error', message: 'boom' }, ok: false, ids: [1, 2] }))).toBe(
      '12:00:01 INFO failed err={"type":"Error","message":"boom"} ok=false ids=[1,2]',
    );
  });

  test.each(['plain text from somewhere', '{not json', ''])('passes non-JSON through: %j', (line) => {
    expect(prettyLine(line)).toBe(line);
  });

  test('formats a line as the real logger writes it', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    log.child({ module: 'ssh' }).warn({ machine: 'desktop' }, 'unreachable');
    expect(lines).toHaveLength(1);
    expect(prettyLine((lines[0] ?? '').trimEnd())).toMatch(/^\d\d:\d\d:\d\d WARN unreachable module=ssh machine=desktop$/);
  });
});

describe('prettyLine with JSON that is not a log record', () => {
  test.each(['null', '42', '"text"', '[1,2]'])('passes %s through unchanged', (line) => {
    expect(prettyLine(line)).toBe(line);
  });

  test('a record without a time has no leading space', () => {
    expect(prettyLine('{"level":30,"msg":"x"}')).toBe('INFO x');
  });
});
