import type { Message, User } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { dayLimitOf } from '../../../../src/timekpr/rules.ts';
import { familyWithChildrenConfig } from '../../../support/bot-config.ts';
import { defaultSettings } from '../../../support/fake-rules-client.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, message, MIA_USER, offlineBotPerTest, tapOn, type OfflineBot } from '../../../support/offline-bot.ts';

// House rules from the chat, offline: the real bot and store, the household core, and the computers' rules in memory.

const start = offlineBotPerTest();

/** The last message the bot sent, to tap on. */
function lastSent(bot: OfflineBot): Message.TextMessage {
  return bot.api.lastSent();
}

const undoData = (bot: OfflineBot) => buttonsOf(bot.api.payloadsOf('sendMessage').at(-1)).filter((data) => data.startsWith('u:'));
const stripTags = (text: string | undefined) => (text ?? '').replace(/<[^>]+>/g, '');

describe('/rules', () => {
  test('a week picture, then the rules in words with the buttons of the common moves', async () => {
    const bot = start();
    bot.rules.set('desktop', 'mia', { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [7200, 7200, 7200, 7200, 10_800] });
    bot.rules.set('laptop', 'mia2', { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [7200, 7200, 7200, 7200, 10_800] });
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    expect(bot.api.methods().filter((method) => method === 'sendPhoto' || method === 'sendMessage')).toEqual(['sendPhoto', 'sendMessage']);
    expect(bot.api.payloadsOf('sendPhoto')[0]?.['caption']).toBe('Mia — house rules');
    const text = stripTags(bot.api.texts().at(-1));
    expect(text).toContain('House rules of Mia');
    expect(text).toContain('Allowed days: Mon–Fri');
    expect(text).toContain('Limit per day: Mon–Thu 2h 00m · Fri 3h 00m');
    expect(text).toContain('Allowed hours: Mon–Fri all day');
    expect(text).toContain('Week and month: no limit');
    expect(text).toContain('At zero: log out');
    expect(text).toContain('PlayTime: off');
    // Hours to midnight leave no later "tonight" to offer: only +1h today and no computer tomorrow.
    expect(buttonsOf(bot.api.payloadsOf('sendMessage').at(-1))).toEqual([
      'y:mia:s:-30',
      'y:mia:s:30',
      'y:mia:p:1',
      'y:mia:z:lock',
      'y:mia:z:suspend',
      'y:mia:z:terminate',
      'y:mia:z:shutdown',
      'x:mia:p:60',
      'x:mia:o',
    ]);
  });

  test('where the computers differ, each is named', async () => {
    const bot = start();
    bot.rules.set('laptop', 'mia2', { ...defaultSettings(), lockout: { type: 'shutdown' } });
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const text = stripTags(bot.api.texts().at(-1));
    expect(text).toContain('At zero differs:\n  • desktop: log out\n  • laptop: shut down');
    expect(text).toContain('Allowed days: every day');
  });

  test('a computer that cannot be read says why; the others are shown', async () => {
    const bot = start();
    bot.rules.failMachine('laptop', { kind: 'unreachable', reason: 'no route to host' });
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const text = stripTags(bot.api.texts().at(-1));
    expect(text).toContain('❌ laptop: could not be read: not reachable');
    expect(text).toContain('Allowed days: every day');
  });
});

describe('changing the rules', () => {
  test('/limit writes only the limits, answers with the values read back and an Undo; the same again writes nothing', async () => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, '/limit leo weekdays 1h30 weekend 3h'));
    expect(stripTags(bot.api.texts().at(-1))).toBe('✅ Anna changed the house rules of Leo:\n• desktop: Limit per day: Mon–Fri 1h 30m · Sat, Sun 3h 00m');
    expect(bot.rules.writes).toEqual([{ machineId: 'desktop', login: 'leo', patch: { dayLimits: [5400, 5400, 5400, 5400, 5400, 10_800, 10_800] } }]);
    expect(undoData(bot)).toHaveLength(1);

    await bot.send(message(BEN, FAMILY_GROUP, '/limit leo weekdays 1h30 weekend 3h'));
    expect(stripTags(bot.api.texts().at(-1))).toBe('Nothing changed for Leo:\n• desktop: already so, nothing written');
    expect(undoData(bot)).toEqual([]);
    expect(bot.rules.writes).toHaveLength(1);
  });

  test('a command Telegram delivers again is not run twice', async () => {
    const bot = start();
    const update = message(ANNA, FAMILY_GROUP, '/limit leo 1h');
    await bot.send(update);
    await bot.send(update);
    expect(bot.rules.writes).toHaveLength(1);
    expect(bot.api.texts().at(-1)).toBe('↩️ Already done, not repeated: /history shows what it changed.');
  });

  test('Undo restores exactly, once; a second tap changes nothing', async () => {
    const bot = start();
    const before = bot.rules.settingsOf('desktop', 'leo');
    await bot.send(message(ANNA, FAMILY_GROUP, '/hours leo mon-fri 15-20:30 16-17 free'));
    expect(stripTags(bot.api.texts().at(-1))).toContain('Allowed hours: Mon–Fri 15:00–16:00, 16:00–17:00 ∞ free, 17:00–20:30 · Sat, Sun all day');
    const answer = lastSent(bot);
    const [undo] = undoData(bot);
    await bot.send(tapOn(BEN, answer, undo ?? ''));
    expect(bot.rules.settingsOf('desktop', 'leo')).toEqual(before);
    expect(stripTags(bot.api.texts().at(-1))).toBe("↩ Ben undid the change of Leo's house rules:\n• desktop: Allowed hours: all day");
    const writes = bot.rules.writes.length;
    await bot.send(tapOn(ANNA, answer, undo ?? ''));
    expect(bot.api.toasts().at(-1)).toBe('Nothing to undo: it was undone already, or it is from another day.');
    expect(bot.rules.writes).toHaveLength(writes);
  });

  test('the buttons under /rules: today’s limit −30 min, PlayTime on, lock at zero', async () => {
    const bot = start();
    bot.rules.weekday = 2;
    bot.rules.set('desktop', 'leo', { ...defaultSettings(), dayLimits: [7200, 7200, 7200, 7200, 7200, 7200, 7200] });
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules leo'));
    const shown = lastSent(bot);
    const readsBefore = bot.rules.reads.length;
    await bot.send(tapOn(ANNA, shown, 'y:leo:s:-30'));
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'leo'), 2)).toBe(5400);
    // One read before the change; the message shows what the change read back, without reading again.
    expect(bot.rules.reads.length - readsBefore).toBe(1);
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'leo'), 3)).toBe(7200);
    await bot.send(tapOn(ANNA, shown, 'y:leo:p:1'));
    expect(bot.rules.settingsOf('desktop', 'leo').playTimeEnabled).toBe(true);
    await bot.send(tapOn(ANNA, shown, 'y:leo:z:lock'));
    expect(bot.rules.settingsOf('desktop', 'leo').lockout).toEqual({ type: 'lock' });
    // The message with the buttons shows the rules as they are now.
    const edited = bot.api.payloadsOf('editMessageText').at(-1);
    expect(stripTags(String(edited?.['text']))).toContain('At zero: lock the screen');
    expect(buttonsOf(edited)).toContain('y:leo:p:0');
  });

  test('a forged rules button is refused and changes nothing', async () => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules leo'));
    const shown = lastSent(bot);
    for (const forged of ['y:leo:s:-600', 'y:leo:z:reboot', 'y:sam:p:1', 'u:1;reboot']) await bot.send(tapOn(ANNA, shown, forged));
    expect(bot.rules.writes).toEqual([]);
  });

  test.each([
    ['/limit mia 25h', '"25h" is more than 24h 00m.'],
    ['/limit mia -1h', '"-1h" is not a length of time: write it like 2h, 1h30, 45m or 0.'],
    ['/hours mia 20-8', '"20-8" ends before it starts: a span cannot run past midnight (write the evening and the morning on their days).'],
    ['/hours mia 25:00-26:00', '"25:00" is not a time of day: hours 0–23 (24 only as an end), minutes 00–59.'],
    ['/hours mia 8:61-9', '"8:61" is not a time of day: hours 0–23 (24 only as an end), minutes 00–59.'],
    ['/hours mia mon,xyz 8-9', '"xyz" is not a day: write mon, tue … sun, mon-fri, weekdays, weekend or all.'],
    ['/playtime mia games a;b[x]', '"a;b" cannot be a process mask: use letters, digits and . _ * + ? ^ - only, at most 64.'],
    ['/playtime mia games $(reboot)', '"$(reboot)" cannot be a process mask: use letters, digits and . _ * + ? ^ - only, at most 64.'],
    ['/lockout mia reboot', '"reboot" is not something that can happen at zero: lock, suspend, suspendwake, terminate or shutdown.'],
  ])('%s: a clear sentence, nothing written', async (command, answer) => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, command));
    expect(bot.api.texts().at(-1)).toBe(answer);
    expect(bot.rules.writes).toEqual([]);
  });

  test('a 10 KB PlayTime mask is refused without echoing it back', async () => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, `/playtime mia games ${'a'.repeat(10_240)}`));
    const answer = bot.api.texts().at(-1) ?? '';
    expect(answer).toMatch(/cannot be a process mask/);
    expect(answer.length).toBeLessThan(200);
    expect(bot.rules.writes).toEqual([]);
  });

  test('a limit for a day that is not allowed says so, and how to allow it', async () => {
    const bot = start();
    bot.rules.set('desktop', 'leo', { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [3600, 3600, 3600, 3600, 3600] });
    await bot.send(message(ANNA, FAMILY_GROUP, '/limit leo sat 4h'));
    expect(stripTags(bot.api.texts().at(-1))).toBe('Nothing changed for Leo:\n• desktop: not changed: Sat not allowed there: allow first with /days');
  });
});

describe('a child', () => {
  const childBot = () => start({ config: familyWithChildrenConfig() });

  test('reads her own rules, without the parents’ buttons', async () => {
    const bot = childBot();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/rules'));
    const text = stripTags(bot.api.texts().at(-1));
    expect(text).toContain('House rules of Mia');
    expect(text).not.toContain('/limit');
    expect(buttonsOf(bot.api.payloadsOf('sendMessage').at(-1))).toEqual([]);
  });

  test('may not change them', async () => {
    const bot = childBot();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/limit mia 24h'));
    expect(bot.api.texts().at(-1)).toMatch(/parents/);
    expect(bot.rules.writes).toEqual([]);
  });
});

describe('in German', () => {
  const ANNA_DE: User = { ...ANNA, language_code: 'de' };

  test('the answer and its Undo are German', async () => {
    const bot = start();
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/days leo mo-fr'));
    expect(stripTags(bot.api.texts().at(-1))).toBe('✅ Anna hat die Hausregeln von Leo geändert:\n• desktop: Erlaubte Tage: Mo–Fr; Zeit pro Tag: Mo–Fr ohne Grenze');
    const keyboard = bot.api.payloadsOf('sendMessage').at(-1)?.['reply_markup'] as { inline_keyboard: { text: string }[][] };
    expect(keyboard.inline_keyboard.flat().map((button) => button.text)).toEqual(['↩ Rückgängig']);
  });
});

describe('PlayTime time', () => {
  test('/status shows PlayTime left where it is on, with a 🎮 +15 beside the amounts; the tap gives PlayTime only', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 3600, { playTimeLeftSeconds: 600 });
    await bot.send(message(ANNA, FAMILY_GROUP, '/status'));
    const status = bot.api.lastSent();
    expect(stripTags(status.text)).toMatch(/desktop: 1h 00m left · not logged in · .* used today · 🎮 10m PlayTime\n/);
    expect(stripTags(status.text)).not.toMatch(/laptop: .*PlayTime/);
    const buttons = buttonsOf(bot.api.payloadsOf('sendMessage').at(-1));
    expect(buttons.filter((data) => data.startsWith('e:'))).toEqual(['e:mia:desktop:15']);
    await bot.send(tapOn(ANNA, status, 'e:mia:desktop:15'));
    expect(bot.client.playCalls).toEqual([{ machineId: 'desktop', login: 'mia', operation: '+', seconds: 900 }]);
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(3600);
    expect(stripTags(String(bot.api.payloadsOf('editMessageText').at(-1)?.['text']))).toContain('🎮 +15 min PlayTime for Mia on desktop by Anna: 25m PlayTime left');
  });

  test('/add mia 15 play gives PlayTime, and the history says so', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 3600, { playTimeLeftSeconds: 0 });
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop play'));
    expect(stripTags(bot.api.texts().at(-1))).toBe('🎮 +15 min PlayTime for Mia on desktop by Anna: 15m PlayTime left');
    await bot.send(message(ANNA, FAMILY_GROUP, '/limit mia week 10h'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/history mia'));
    const history = stripTags(bot.api.texts().at(-1));
    expect(history).toMatch(/\d\d:\d\d Anna: house rules of Mia on laptop \(Week and month\) ✅/);
    expect(history).toMatch(/\d\d:\d\d Anna: \+15 min PlayTime for Mia on desktop ✅, 15m PlayTime left/);
  });
});
