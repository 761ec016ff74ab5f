import { afterEach, describe, expect, test } from 'vitest';
import { exceptionEnder } from '../../../../src/household/exceptions.ts';
import { startKeptChanges, type KeptChanges } from '../../../../src/household/kept.ts';
import { hoursFromIntervals } from '../../../../src/household/rules-edit.ts';
import { localTimeOf } from '../../../../src/lib/local-days.ts';
import type { AllowedHour } from '../../../../src/timekpr/parse.ts';
import { dayLimitOf, hoursOf, type RuleSettings } from '../../../../src/timekpr/rules.ts';
import { silentLogger } from '../../../support/bot-config.ts';
import { defaultSettings } from '../../../support/fake-rules-client.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, message, offlineBotPerTest, tapOn, type OfflineBot } from '../../../support/offline-bot.ts';

// Exceptions that end by themselves (/tonight, /today, /tomorrow and the buttons under /rules), offline: the real bot
// and store, the computers' rules in memory, and a fixed clock (Thursday 3 December 2026, 10:00 local).

const start = offlineBotPerTest();
const services: KeptChanges[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';
const TEN_AM = localTimeOf(THURSDAY, 600);
const OFF = { kind: 'unreachable', reason: 'no route to host' } as const;

function startAt(): { bot: OfflineBot; clock: { now: number } } {
  const clock = { now: TEN_AM };
  const bot = start({ now: () => clock.now });
  bot.rules.weekday = 4;
  return { bot, clock };
}

function hours(...spans: [number, number][]): AllowedHour[] {
  const made = hoursFromIntervals(spans.map(([fromMinute, toMinute]) => ({ fromMinute, toMinute, free: false })));
  if (!made.ok) throw new Error(`bad test hours: ${JSON.stringify(made.error)}`);
  return made.value;
}

/** Every day 2h, 8:00 to `endMinute`. */
function evenings(endMinute: number): RuleSettings {
  const day = hours([480, endMinute]);
  return { ...defaultSettings(), dayLimits: [7200, 7200, 7200, 7200, 7200, 7200, 7200], hours: [day, day, day, day, day, day, day] };
}

/** Mia's two computers with the same rules. */
function setMia(bot: OfflineBot, settings: RuleSettings): void {
  bot.rules.set('desktop', 'mia', settings);
  bot.rules.set('laptop', 'mia2', settings);
}

const stripTags = (text: string | undefined) => (text ?? '').replace(/<[^>]+>/g, '');
const lastText = (bot: OfflineBot) => stripTags(bot.api.texts().at(-1));
const lastButtons = (bot: OfflineBot) => buttonsOf(bot.api.payloadsOf('sendMessage').at(-1));
const exceptionButtons = (buttons: readonly string[]) => buttons.filter((data) => data.startsWith('x:'));

function endsOf(bot: OfflineBot, childId: string): number[] {
  return bot.store.exceptions.active(childId).map((exception) => exception.endsAt);
}

describe('/tonight, /today, /tomorrow', () => {
  test('/tonight mia 22:30 extends today’s hours on each computer until midnight', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/tonight mia 22:30'));
    expect(lastText(bot)).toBe(
      '✅ Anna: allowed until 22:30 tonight for Mia, back to normal when that day ends:\n• desktop: Allowed hours: Mon–Wed, Fri–Sun 8:00–20:00 · Thu 8:00–22:30\n• laptop: Allowed hours: Mon–Wed, Fri–Sun 8:00–20:00 · Thu 8:00–22:30',
    );
    for (const [machine, login] of [
      ['desktop', 'mia'],
      ['laptop', 'mia2'],
    ] as const) {
      const settings = bot.rules.settingsOf(machine, login);
      expect(hoursOf(settings, 4)).toEqual(hours([480, 1350]));
      // Only Thursday.
      expect(hoursOf(settings, 3)).toEqual(hours([480, 1200]));
      expect(hoursOf(settings, 5)).toEqual(hours([480, 1200]));
    }
    expect(bot.rules.writes.map((write) => [write.machineId, Object.keys(write.patch)])).toEqual([
      ['desktop', ['hours']],
      ['laptop', ['hours']],
    ]);
    expect(lastButtons(bot).filter((data) => data.startsWith('u:'))).toHaveLength(1);
    // Put back at the end of Thursday.
    expect(endsOf(bot, 'mia')).toEqual([localTimeOf(FRIDAY, 0), localTimeOf(FRIDAY, 0)]);
  });

  test('/today mia 3h sets today’s limit only, on the computer named', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/today mia 3h desktop'));
    expect(lastText(bot)).toBe('✅ Anna: 3h 00m today for Mia, back to normal when that day ends:\n• desktop: Limit per day: Mon–Wed, Fri–Sun 2h 00m · Thu 3h 00m');
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 4)).toBe(10_800);
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 5)).toBe(7200);
    expect(dayLimitOf(bot.rules.settingsOf('laptop', 'mia2'), 4)).toBe(7200);
    expect(bot.store.exceptions.active('mia').map((exception) => [exception.machineId, exception.weekday, JSON.parse(exception.exception) as unknown])).toEqual([
      ['desktop', 4, { kind: 'day-limit', date: THURSDAY, seconds: 10_800 }],
    ]);
  });

  test('/today mia off: no more computer today', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/today mia off'));
    expect(lastText(bot)).toMatch(/^✅ Anna: no computer today for Mia, back to normal when that day ends:\n• desktop: .*\n• laptop: /);
    expect(bot.rules.settingsOf('desktop', 'mia').allowedDays).toEqual([1, 2, 3, 5, 6, 7]);
    expect(bot.rules.settingsOf('laptop', 'mia2').allowedDays).toEqual([1, 2, 3, 5, 6, 7]);
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 5)).toBe(7200);
  });

  test('/tomorrow mia off: Friday not allowed, put back when Friday ends', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/tomorrow mia off'));
    expect(lastText(bot)).toMatch(/^✅ Anna: no computer tomorrow for Mia, back to normal when that day ends:/);
    expect(bot.rules.settingsOf('desktop', 'mia').allowedDays).toEqual([1, 2, 3, 4, 6, 7]);
    expect(endsOf(bot, 'mia')).toEqual([localTimeOf('2026-12-05', 0), localTimeOf('2026-12-05', 0)]);
  });

  test('/tomorrow leo 1h: Friday’s limit', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/tomorrow leo 1h'));
    expect(lastText(bot)).toBe('✅ Anna: 1h 00m tomorrow for Leo, back to normal when that day ends:\n• desktop: Limit per day: Mon–Thu, Sat, Sun no limit · Fri 1h 00m');
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'leo'), 5)).toBe(3600);
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'leo'), 4)).toBe(86_400);
    expect(bot.store.exceptions.active('leo').map((exception) => JSON.parse(exception.exception) as unknown)).toEqual([{ kind: 'day-limit', date: FRIDAY, seconds: 3600 }]);
  });

  test('what is so already is written nowhere and recorded as no exception', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1380));
    await bot.send(message(ANNA, FAMILY_GROUP, '/tonight mia 22:00'));
    expect(lastText(bot)).toBe('Nothing changed for Mia (allowed until 22:00 tonight):\n• desktop: already so, nothing written\n• laptop: already so, nothing written');
    expect(lastButtons(bot)).toEqual([]);
    expect(bot.rules.writes).toEqual([]);
    expect(bot.store.exceptions.active()).toEqual([]);
  });

  test('/tonight on a day that is not allowed is refused there, with the reason', async () => {
    const { bot } = startAt();
    setMia(bot, { ...evenings(1200), allowedDays: [1, 2, 3, 5], dayLimits: [7200, 7200, 7200, 7200] });
    await bot.send(message(ANNA, FAMILY_GROUP, '/tonight mia 22:00 laptop'));
    expect(lastText(bot)).toMatch(/^Nothing changed for Mia \(allowed until 22:00 tonight\):\n• laptop: not changed: /);
    expect(bot.rules.writes).toEqual([]);
    expect(bot.store.exceptions.active()).toEqual([]);
  });

  test.each([
    ['/tonight mia', "Use: /tonight mia 22:30: today's allowed hours until 22:30, back to normal at midnight. A computer's name at the end changes only that one."],
    ['/today mia', 'Use: /today mia 3h (today\'s limit), or /today mia off (no more computer today). Back to normal at midnight.'],
    ['/today mia 3h 4h', 'Use: /today mia 3h (today\'s limit), or /today mia off (no more computer today). Back to normal at midnight.'],
    ['/tomorrow', 'Use: /tomorrow mia off (no computer tomorrow), or /tomorrow mia 1h (tomorrow\'s limit). Back to normal the night after.'],
    ['/tomorrow mia sometimes', 'Use: /tomorrow mia off (no computer tomorrow), or /tomorrow mia 1h (tomorrow\'s limit). Back to normal the night after.'],
    ['/tonight mia 25:00', '"25:00" is not a time of day: hours 0–23 (24 only as an end), minutes 00–59.'],
    ['/today mia 25h', '"25h" is more than 24h 00m.'],
    ['/today sam 3h', 'I don\'t know a child called "sam". Children: Mia, Leo.'],
    ['/today mia 3h tv', 'Mia has no computer called "tv". Mia\'s computers: desktop, laptop.'],
  ])('%s: a clear answer, nothing read or written', async (command, answer) => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, command));
    expect(bot.api.texts().at(-1)).toBe(answer);
    expect(bot.rules.reads).toEqual([]);
    expect(bot.rules.writes).toEqual([]);
    expect(bot.store.exceptions.active()).toEqual([]);
  });

  test('/rules lists the exceptions in force, each once with its computers', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/tonight mia 22:30'));
    await bot.send(message(BEN, FAMILY_GROUP, '/tomorrow mia off desktop'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const text = lastText(bot);
    expect(text).toContain('⏳ Until its day ends: allowed until 22:30 tonight (desktop and laptop)\n⏳ Until its day ends: no computer tomorrow (desktop)');
  });

  test('Undo of an exception puts the day back and it is not restored again', async () => {
    const { bot, clock } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/today mia 3h'));
    const answer = bot.api.lastSent();
    const [undo] = lastButtons(bot).filter((data) => data.startsWith('u:'));
    await bot.send(tapOn(BEN, answer, undo ?? ''));
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 4)).toBe(7200);
    expect(dayLimitOf(bot.rules.settingsOf('laptop', 'mia2'), 4)).toBe(7200);
    expect(bot.store.exceptions.active()).toEqual([]);
    const writes = bot.rules.writes.length;
    clock.now = localTimeOf(FRIDAY, 1);
    const ender = exceptionEnder({ client: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });
    expect(await ender.endDue(clock.now)).toBe(0);
    expect(bot.rules.writes).toHaveLength(writes);
  });
});

describe('the exception buttons under /rules', () => {
  test.each([
    [1200, 1260, '🌙 Until 21:00 tonight'],
    [1215, 1290, '🌙 Until 21:30 tonight'],
    [1230, 1290, '🌙 Until 21:30 tonight'],
    [1290, 1350, '🌙 Until 22:30 tonight'],
    [1380, 1440, '🌙 Until 24:00 tonight'],
  ])('hours to %i: tonight offers an hour later rounded up to the half hour (%i)', async (end, offer, label) => {
    const { bot } = startAt();
    setMia(bot, evenings(end));
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    expect(exceptionButtons(lastButtons(bot))).toEqual([`x:mia:t:${offer}`, 'x:mia:p:60', 'x:mia:o']);
    const markup = bot.api.payloadsOf('sendMessage').at(-1)?.['reply_markup'] as { inline_keyboard: { text: string; callback_data: string }[][] };
    const texts = markup.inline_keyboard.flat().filter((button) => button.callback_data.startsWith('x:')).map((button) => button.text);
    expect(texts).toEqual([label, '📅 +1h 00m today', '🚫 No computer tomorrow']);
  });

  test('no tonight button when an hour later is past midnight', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1410));
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    expect(exceptionButtons(lastButtons(bot))).toEqual(['x:mia:p:60', 'x:mia:o']);
  });

  test('the offer is of today’s hours (Thursday’s), not of another day', async () => {
    const { bot } = startAt();
    const settings = evenings(1200);
    setMia(bot, { ...settings, hours: settings.hours.map((day, index) => (index === 3 ? hours([480, 1080]) : day)) });
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    expect(exceptionButtons(lastButtons(bot))).toContain('x:mia:t:1140');
  });

  test('🌙 extends tonight on every computer, and the message shows the exception in force', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const shown = bot.api.lastSent();
    await bot.send(tapOn(BEN, shown, 'x:mia:t:1260'));
    expect(bot.api.toasts().at(-1)).toBe('Changing the house rules of Mia…');
    expect(hoursOf(bot.rules.settingsOf('desktop', 'mia'), 4)).toEqual(hours([480, 1260]));
    expect(hoursOf(bot.rules.settingsOf('laptop', 'mia2'), 4)).toEqual(hours([480, 1260]));
    expect(stripTags(bot.api.texts().at(-2))).toMatch(/^✅ Ben: allowed until 21:00 tonight for Mia, back to normal when that day ends:/);
    const edited = bot.api.payloadsOf('editMessageText').at(-1);
    expect(edited?.['message_id']).toBe(shown.message_id);
    expect(stripTags(String(edited?.['text']))).toContain('⏳ Until its day ends: allowed until 21:00 tonight (desktop and laptop)');
    // Hours now end at 21:00: the next offer is 22:00.
    expect(exceptionButtons(buttonsOf(edited))).toEqual(['x:mia:t:1320', 'x:mia:p:60', 'x:mia:o']);
    expect(bot.store.exceptions.active('mia').map((exception) => [exception.machineId, exception.byName, JSON.parse(exception.exception) as unknown])).toEqual([
      ['desktop', 'Ben', { kind: 'tonight', date: THURSDAY, toMinute: 1260 }],
      ['laptop', 'Ben', { kind: 'tonight', date: THURSDAY, toMinute: 1260 }],
    ]);
  });

  test('📅 +1h today adds an hour to today’s limit; 🚫 turns tomorrow off', async () => {
    const { bot } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const shown = bot.api.lastSent();
    await bot.send(tapOn(ANNA, shown, 'x:mia:p:60'));
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 4)).toBe(10_800);
    expect(dayLimitOf(bot.rules.settingsOf('laptop', 'mia2'), 4)).toBe(10_800);
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 5)).toBe(7200);
    await bot.send(tapOn(ANNA, shown, 'x:mia:o'));
    expect(bot.rules.settingsOf('desktop', 'mia').allowedDays).toEqual([1, 2, 3, 4, 6, 7]);
    expect(bot.store.exceptions.active('mia').map((exception) => [exception.machineId, JSON.parse(exception.exception) as unknown])).toEqual([
      ['desktop', { kind: 'day-extra', date: THURSDAY, seconds: 3600 }],
      ['laptop', { kind: 'day-extra', date: THURSDAY, seconds: 3600 }],
      ['desktop', { kind: 'day-off', date: FRIDAY }],
      ['laptop', { kind: 'day-off', date: FRIDAY }],
    ]);
    expect(stripTags(String(bot.api.payloadsOf('editMessageText').at(-1)?.['text']))).toContain('⏳ Until its day ends: 1h 00m more today (desktop and laptop)\n⏳ Until its day ends: no computer tomorrow (desktop and laptop)');
  });

  test('buttons that were never offered are refused and change nothing', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const shown = bot.api.lastSent();
    for (const forged of ['x:mia:t:1275', 'x:mia:t:1470', 'x:mia:p:30', 'x:sam:o']) await bot.send(tapOn(ANNA, shown, forged));
    expect(bot.rules.writes).toEqual([]);
    expect(bot.store.exceptions.active()).toEqual([]);
  });
});

describe('an exception for a computer that is off', () => {
  test('is kept with a Cancel button, and made when the computer is back the same day', async () => {
    const { bot, clock } = startAt();
    setMia(bot, evenings(1200));
    bot.rules.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/today mia 3h'));
    const texts = bot.api.texts().slice(-2).map(stripTags);
    expect(texts[0]).toBe('✅ Anna: 3h 00m today for Mia, back to normal when that day ends:\n• desktop: Limit per day: Mon–Wed, Fri–Sun 2h 00m · Thu 3h 00m');
    expect(texts[1]).toBe('💤 laptop is off: the exception for Mia will be made when it is back (until its day ends)');
    const [cancel] = lastButtons(bot);
    expect(cancel).toMatch(/^o:\d+$/);
    expect(bot.store.kept.waiting('laptop').map((kept) => [kept.kind, kept.untilDay])).toEqual([['rules', THURSDAY]]);

    bot.rules.failMachine('laptop', undefined);
    clock.now = localTimeOf(THURSDAY, 900);
    const service = startKeptChanges({ client: bot.client, rules: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });
    services.push(service);
    // The laptop answers (main.ts tells the service of every answer).
    bot.api.clear();
    service.onAnswer('laptop');
    await service.retryNow();
    expect(dayLimitOf(bot.rules.settingsOf('laptop', 'mia2'), 4)).toBe(10_800);
    expect(bot.store.kept.waiting()).toEqual([]);
    expect(bot.api.texts().map(stripTags)).toEqual(["laptop is back: ✅ Anna changed the house rules of Mia:\n• laptop: Limit per day: Mon–Wed, Fri–Sun 2h 00m · Thu 3h 00m"]);
    // Recorded like the desktop's: put back when Thursday ends.
    expect(bot.store.exceptions.active('mia').map((exception) => [exception.machineId, exception.endsAt])).toEqual([
      ['desktop', localTimeOf(FRIDAY, 0)],
      ['laptop', localTimeOf(FRIDAY, 0)],
    ]);
  });

  test('the Cancel button takes it back: nothing is made when the computer answers', async () => {
    const { bot, clock } = startAt();
    setMia(bot, evenings(1200));
    bot.rules.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/tomorrow mia off'));
    const notice = bot.api.lastSent();
    const [cancel] = lastButtons(bot);
    await bot.send(tapOn(BEN, notice, cancel ?? ''));
    expect(bot.store.kept.waiting()).toEqual([]);
    bot.rules.failMachine('laptop', undefined);
    const service = startKeptChanges({ client: bot.client, rules: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });
    services.push(service);
    service.onAnswer('laptop');
    await service.retryNow();
    expect(bot.rules.settingsOf('laptop', 'mia2').allowedDays).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('is dropped after its day, told where it was asked, and never made', async () => {
    const { bot, clock } = startAt();
    setMia(bot, evenings(1200));
    bot.rules.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/tonight mia 22:00'));
    const kept = bot.store.kept.waiting('laptop');
    expect(kept).toHaveLength(1);

    const service = startKeptChanges({ client: bot.client, rules: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });
    services.push(service);
    // Still Thursday evening: it waits.
    clock.now = localTimeOf(THURSDAY, 1430);
    await service.retryNow();
    expect(bot.store.kept.waiting('laptop')).toHaveLength(1);

    bot.api.clear();
    clock.now = localTimeOf(FRIDAY, 5);
    bot.rules.failMachine('laptop', undefined);
    await service.retryNow();
    service.onAnswer('laptop');
    await service.retryNow();
    expect(bot.store.kept.waiting()).toEqual([]);
    expect(bot.store.kept.get(kept[0]?.id ?? -1)?.status).toBe('dropped');
    expect(bot.api.texts().map(stripTags)).toContain("💤 laptop stayed off: the change of Mia's house rules did not happen (the day ended; today's limits apply).");
    // The laptop keeps its own hours; no exception was recorded for it.
    expect(hoursOf(bot.rules.settingsOf('laptop', 'mia2'), 4)).toEqual(hours([480, 1200]));
    expect(bot.rules.writes.filter((write) => write.machineId === 'laptop')).toEqual([]);
  });
});

describe('the end of an exception, told in the chat', () => {
  test('a part changed again since is kept, and the chat where it was asked is told which', async () => {
    const { bot, clock } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/today mia 3h desktop'));
    await bot.send(message(BEN, FAMILY_GROUP, '/limit mia thu 4h desktop'));
    bot.api.clear();
    clock.now = localTimeOf(FRIDAY, 0);
    const ender = exceptionEnder({ client: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });
    expect(await ender.endDue(clock.now)).toBe(1);
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 4)).toBe(14_400);
    expect(bot.api.payloadsOf('sendMessage').map((payload) => [payload['chat_id'], stripTags(String(payload['text']))])).toEqual([
      [FAMILY_GROUP.id, "↩ The exception for Mia on desktop (3h 00m on Thu) ended. Changed again since, and left as it is now: the day's limit."],
    ]);
  });

  test('one put back as it was is not told', async () => {
    const { bot, clock } = startAt();
    setMia(bot, evenings(1200));
    await bot.send(message(ANNA, FAMILY_GROUP, '/tonight mia 22:00'));
    bot.api.clear();
    clock.now = localTimeOf(FRIDAY, 0);
    const ender = exceptionEnder({ client: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });
    expect(await ender.endDue(clock.now)).toBe(2);
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual(evenings(1200));
    expect(bot.rules.settingsOf('laptop', 'mia2')).toEqual(evenings(1200));
    expect(bot.api.texts()).toEqual([]);
  });
});
