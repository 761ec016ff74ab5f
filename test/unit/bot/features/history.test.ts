import type { User } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { ANNA, BEN, FAMILY_GROUP, message, privateChat, offlineBotPerTest } from '../../../support/offline-bot.ts';

const start = offlineBotPerTest();

describe('/history', () => {
  test('lists the changes made earlier, newest first, with who and the time left', async () => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, '/add leo 15'));
    await bot.send(message(BEN, privateChat(BEN), '/add mia -10 laptop'));
    bot.api.clear();

    await bot.send(message(ANNA, FAMILY_GROUP, '/history'));

    expect(bot.api.methods()).toEqual(['sendMessage']);
    expect(bot.api.payloadsOf('sendMessage')[0]).toMatchObject({ chat_id: FAMILY_GROUP.id, parse_mode: 'HTML' });
    const lines = bot.api.texts()[0]?.split('\n') ?? [];
    expect(lines[0]).toBe('<b>History today</b>');
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines.slice(1).sort()).toEqual([
      expect.stringMatching(/^\d\d:\d\d Anna: \+15 min for Leo on desktop ✅, 1h 15m left$/),
      expect.stringMatching(/^\d\d:\d\d Ben: −10 min for Mia on laptop ✅, 50m left$/),
    ]);
  });

  test("one child's: only theirs, and a failure is marked", async () => {
    const bot = start();
    bot.client.failChange('desktop', 'leo', { kind: 'unreachable', reason: 'no route to host' });
    await bot.send(message(ANNA, FAMILY_GROUP, '/add leo 15'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    bot.api.clear();

    await bot.send(message(ANNA, FAMILY_GROUP, '/history leo'));

    const lines = bot.api.texts()[0]?.split('\n') ?? [];
    expect(lines).toEqual(['<b>History for Leo today</b>', expect.stringMatching(/^\d\d:\d\d Anna: \+15 min for Leo on desktop ❌ failed$/)]);
  });

  test('nothing yet: says so', async () => {
    const bot = start();
    await bot.send(message(ANNA, privateChat(ANNA), '/history mia 3'));
    expect(bot.api.texts()).toEqual(['Nothing happened for Mia in the last 3 days.']);
  });

  test('wrong arguments: says how to use it', async () => {
    const bot = start();
    await bot.send(message(ANNA, privateChat(ANNA), '/history 2 3'));
    expect(bot.api.texts()).toEqual(['Use: /history [child] [days], e.g. /history mia 3']);
  });
});

describe('/history asked by a German parent', () => {
  const ANNA_DE: User = { ...ANNA, language_code: 'de' };

  test('the title and the lines are German; so is what was not understood', async () => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, '/add leo 15'));
    bot.api.clear();

    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/history'));
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/history mia 3'));
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/history 2 3'));

    const [today, nothing, usage] = bot.api.texts();
    expect(today?.split('\n')).toEqual(['<b>Verlauf heute</b>', expect.stringMatching(/^\d\d:\d\d Anna: \+15 Min\. für Leo auf desktop ✅, noch 1 Std\. 15 Min\.$/)]);
    expect(nothing).toBe('Bei Mia ist in den letzten 3 Tagen nichts passiert.');
    expect(usage).toBe("So geht's: /history [Kind] [Tage], z. B. /history mia 3");
  });
});
