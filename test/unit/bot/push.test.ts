import { describe, expect, test } from 'vitest';
import type { WatchedAlert } from '../../../src/alerts/watcher.ts';
import { decodeButtonAction } from '../../../src/bot/callback-data.ts';
import { pushTargets, sendAlert, tonightAfterAlert } from '../../../src/bot/push.ts';
import { configOf, FAMILY_CHAT, familyConfig, familyFile, PARENT_ANNA, PARENT_BEN, silentLogger } from '../../support/bot-config.ts';
import { buttonsOf, offlineBotPerTest } from '../../support/offline-bot.ts';
import { english } from '../../support/words.ts';

const offlineBot = offlineBotPerTest();

const config = familyConfig();

describe('pushTargets', () => {
  test('the configured chats when there are some', () => {
    expect(pushTargets(config)).toEqual([FAMILY_CHAT]);
  });

  test('each parent privately when there are no chats', () => {
    const file = familyFile();
    file.telegram = { ...file.telegram, chats: [] };
    expect(pushTargets(configOf(file))).toEqual([PARENT_ANNA, PARENT_BEN]);
  });
});

describe('🌙 until … tonight under a low-time alert', () => {
  const at = (hour: number, minute: number) => new Date(2026, 11, 3, hour, minute).getTime();

  test('an hour after the time would run out now, rounded up to the half hour', () => {
    // 20:15 with 15 min left: it would end at 20:30; offered until 21:30.
    expect(tonightAfterAlert(at(20, 15), 15 * 60)).toBe(21 * 60 + 30);
    // 20:16 with 4.5 min left: ends 20:21, an hour later 21:21, offered 21:30.
    expect(tonightAfterAlert(at(20, 16), 270)).toBe(21 * 60 + 30);
    expect(tonightAfterAlert(at(22, 45), 15 * 60)).toBe(24 * 60);
  });

  test('none when that is past midnight', () => {
    expect(tonightAfterAlert(at(23, 10), 5 * 60)).toBeUndefined();
  });

  test('the alert carries the button when the clock is given, and it decodes to an exception for the child', async () => {
    const bot = offlineBot();
    const alert: WatchedAlert = { childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 15 }, secondsLeft: 15 * 60 };
    await sendAlert(bot.outbox, bot.config, silentLogger(), alert, english, at(20, 15));
    const buttons = buttonsOf(bot.api.payloadsOf('sendMessage')[0]);
    expect(buttons).toContain('x:mia:a:1290');
    expect(decodeButtonAction('x:mia:a:1290')).toEqual({ ok: true, value: { kind: 'alert-tonight', childId: 'mia', toMinute: 1290 } });
  });
});
