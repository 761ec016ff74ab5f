import { GrammyError, HttpError } from 'grammy';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { waitForTelegram } from '../../../../src/bot/telegram/first-contact.ts';
import { BOT_INFO } from '../../../support/offline-bot.ts';

const ME = BOT_INFO;

const refused = () => new HttpError('Network request for getMe failed', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

/** A logger that keeps what it writes. */
function recordingLogger() {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

describe('waitForTelegram', () => {
  test('tries again after network errors until Telegram answers; logs the first failure and the recovery only', async () => {
    const { logger, lines } = recordingLogger();
    let tries = 0;
    const contact = await waitForTelegram(
      () => {
        tries += 1;
        return tries < 5 ? Promise.reject(refused()) : Promise.resolve(ME);
      },
      { signal: new AbortController().signal, logger, apiRoot: 'http://127.0.0.1:1', delaysMs: [1, 2] },
    );
    expect(contact).toEqual({ kind: 'ready', me: ME });
    expect(tries).toBe(5);
    const warned = lines.filter((line) => line.level === 40);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ msg: 'cannot reach Telegram yet: trying again', reason: 'ECONNREFUSED' });
    expect(lines.filter((line) => line.msg === 'Telegram answers again')).toHaveLength(1);
  });

  test('a new reason is logged; one logged before only again after repeatLogMs', async () => {
    const { logger, lines } = recordingLogger();
    let clock = 0;
    const reasons = ['ECONNREFUSED', 'ECONNREFUSED', 'ENOTFOUND', 'ECONNREFUSED', 'ENOTFOUND'];
    let tries = 0;
    await waitForTelegram(
      () => {
        const code = reasons[tries];
        tries += 1;
        clock += 1000;
        return code === undefined ? Promise.resolve(ME) : Promise.reject(new HttpError('failed', Object.assign(new Error(code), { code })));
      },
      { signal: new AbortController().signal, logger, apiRoot: 'x', delaysMs: [1], repeatLogMs: 2500, now: () => clock },
    );
    const warned = lines.filter((line) => line.level === 40).map((line) => line.reason);
    // Alternating reasons are not logged at every try: each again only after repeatLogMs (2.5 s).
    expect(warned).toEqual(['ECONNREFUSED', 'ENOTFOUND', 'ECONNREFUSED']);
  });

  test('a rejected token ends the wait at once; 5xx and 429 are waited out', async () => {
    const { logger } = recordingLogger();
    const answers = [new GrammyError('x', { ok: false, error_code: 502, description: 'Bad Gateway' }, 'getMe', {}), new GrammyError('x', { ok: false, error_code: 401, description: 'Unauthorized' }, 'getMe', {})];
    const contact = await waitForTelegram(() => Promise.reject(answers.shift() ?? new Error('no more')), { signal: new AbortController().signal, logger, apiRoot: 'x', delaysMs: [1] });
    expect(contact).toEqual({ kind: 'rejected', code: 401, description: 'Unauthorized' });
  });

  test('a stop while waiting ends it without another try', async () => {
    const { logger } = recordingLogger();
    const stop = new AbortController();
    let tries = 0;
    const waiting = waitForTelegram(
      () => {
        tries += 1;
        setTimeout(() => stop.abort('SIGTERM'), 5);
        return Promise.reject(refused());
      },
      { signal: stop.signal, logger, apiRoot: 'x', delaysMs: [60_000] },
    );
    expect(await waiting).toEqual({ kind: 'stopped' });
    expect(tries).toBe(1);
  });
});
