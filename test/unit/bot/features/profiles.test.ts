import type { Message } from 'grammy/types';
import { stringify } from 'yaml';
import { afterEach, describe, expect, test } from 'vitest';
import type { Config } from '../../../../src/config/types.ts';
import { exceptionEnder } from '../../../../src/household/exceptions.ts';
import { startKeptChanges, type KeptChanges } from '../../../../src/household/kept.ts';
import { followedProfile, reportNewDifferences } from '../../../../src/household/profiles.ts';
import { profileEdit } from '../../../../src/household/profile-rules.ts';
import { wantedSettings } from '../../../../src/household/rules-edit.ts';
import { localTimeOf } from '../../../../src/lib/local-days.ts';
import { dayLimitOf, type RuleSettings } from '../../../../src/timekpr/rules.ts';
import { configFromYaml, familyFile, silentLogger } from '../../../support/bot-config.ts';
import { defaultSettings } from '../../../support/fake-rules-client.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, message, offlineBotPerTest, tapOn, type OfflineBot } from '../../../support/offline-bot.ts';

// Profiles from the chat, offline: the real bot and store, the household core, the computers' rules in memory and a
// fixed clock (Thursday 3 December 2026, 10:00 local).

const start = offlineBotPerTest();
const services: KeptChanges[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

const THURSDAY = '2026-12-03';
const TEN_AM = localTimeOf(THURSDAY, 600);

/** School for every child (Mia starts on it), Holidays for every child, Grandma for Mia only. */
const PROFILES = `profiles:
  school:
    name: School
    weekdays: 2h
    weekend: 3h
  holidays:
    name: Holidays
    limit: 4h
    hours: "8:00-22:00"
  grandma:
    name: Grandma
    children: [mia]
    lockout: lock
`;

/** The test family with `profiles` (YAML); Mia starts on `miaProfile` (none: null). */
function profilesConfig(profiles = PROFILES, miaProfile: string | null = 'school'): Config {
  const file = familyFile();
  const mia = { ...file.children['mia'], ...(miaProfile === null ? {} : { profile: miaProfile }) };
  return configFromYaml(`${stringify({ ...file, children: { ...file.children, mia } })}${profiles}`);
}

function startAt(config: Config = profilesConfig()): { bot: OfflineBot; clock: { now: number } } {
  const clock = { now: TEN_AM };
  const bot = start({ config, now: () => clock.now });
  bot.rules.weekday = 4;
  return { bot, clock };
}

/** What a computer with default rules has once it follows `profileId`. */
function onProfile(config: Config, profileId: string, settings: RuleSettings = defaultSettings()): RuleSettings {
  const profile = config.profiles.byId.get(profileId);
  if (profile === undefined) throw new Error(`no profile ${profileId}`);
  const wanted = wantedSettings({ login: 'x', weekday: 4, settings, playTimeLeftToday: 0, playTimeSpentToday: 0 }, profileEdit(profile));
  if (!wanted.ok) throw new Error(`profile does not fit: ${JSON.stringify(wanted.error)}`);
  return wanted.value;
}

const stripTags = (text: string | undefined) => (text ?? '').replace(/<[^>]+>/g, '');
const lastText = (bot: OfflineBot) => stripTags(bot.api.texts().at(-1));
const lastButtons = (bot: OfflineBot) => buttonsOf(bot.api.payloadsOf('sendMessage').at(-1));
const undoOf = (bot: OfflineBot) => lastButtons(bot).filter((data) => data.startsWith('u:'));

/** The button texts of the last message sent, row by row. */
function buttonTexts(bot: OfflineBot): string[][] {
  const markup = bot.api.payloadsOf('sendMessage').at(-1)?.['reply_markup'] as { inline_keyboard: { text: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).map((row) => row.map((button) => button.text));
}

/** `/rules <child>` and the text of its words (after the week picture). */
async function rulesOf(bot: OfflineBot, child: string): Promise<{ text: string; buttons: string[]; shown: Message.TextMessage }> {
  await bot.send(message(ANNA, FAMILY_GROUP, `/rules ${child}`));
  return { text: lastText(bot), buttons: lastButtons(bot), shown: bot.api.lastSent() };
}

describe('/profile: the list', () => {
  test('each profile, who follows it (the config’s choice at first), and buttons with a tick for the followed one', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile'));
    expect(lastText(bot)).toBe(
      [
        '🗂 Profiles',
        '• School: followed by Mia',
        '• Holidays: followed by nobody',
        '• Grandma (for Mia): followed by nobody',
        '',
        'Switch: /profile school (everyone it is for), or /profile school mia. Only what differs is written; ↩ Undo takes it back the same day.',
      ].join('\n'),
    );
    expect(buttonTexts(bot)).toEqual([
      ['School → all', '✓ School → Mia', 'School → Leo'],
      ['Holidays → all', 'Holidays → Mia', 'Holidays → Leo'],
      ['Grandma → Mia'],
    ]);
    expect(lastButtons(bot)).toEqual(['f:s:school:*', 'f:s:school:mia', 'f:s:school:leo', 'f:s:holidays:*', 'f:s:holidays:mia', 'f:s:holidays:leo', 'f:s:grandma:mia']);
    // Listing changes nothing.
    expect(bot.rules.writes).toEqual([]);
  });

  test('without profiles in the config: says where to write them, no buttons', async () => {
    const { bot } = startAt(profilesConfig('', null));
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile'));
    expect(lastText(bot)).toBe('There are no profiles yet: write them under profiles: in config.yaml (see the README, "Profiles and exceptions").');
    expect(lastButtons(bot)).toEqual([]);
  });

  test('a tap on a switch button switches, and the list under it shows the new tick', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile'));
    const list = bot.api.lastSent();
    await bot.send(tapOn(BEN, list, 'f:s:holidays:leo'));
    expect(bot.api.toasts().at(-1)).toBe('Switching to “Holidays”…');
    expect(bot.store.profiles.current('leo')).toMatchObject({ profileId: 'holidays', byName: 'Ben' });
    expect(bot.store.profiles.current('mia')).toBeUndefined();
    expect(bot.rules.writes.map((write) => write.machineId + '/' + write.login)).toEqual(['desktop/leo']);
    const edited = bot.api.payloadsOf('editMessageText').at(-1);
    expect(edited?.['message_id']).toBe(list.message_id);
    expect(stripTags(String(edited?.['text']))).toContain('• Holidays: followed by Leo');
    const texts = ((edited?.['reply_markup'] as { inline_keyboard: { text: string }[][] }).inline_keyboard ?? []).flat().map((button) => button.text);
    expect(texts).toContain('✓ Holidays → Leo');
    expect(texts).toContain('✓ School → Mia');
    expect(texts).not.toContain('✓ School → Leo');
  });
});

describe('/profile: switching', () => {
  test('/profile holidays switches every child it is for, on each computer, with one Undo', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays'));
    const holidays = onProfile(bot.config, 'holidays');
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual(holidays);
    expect(bot.rules.settingsOf('laptop', 'mia2')).toEqual(holidays);
    expect(bot.rules.settingsOf('desktop', 'leo')).toEqual(holidays);
    expect(bot.rules.writes.map((write) => [write.machineId, write.login, Object.keys(write.patch).sort()])).toEqual([
      ['desktop', 'mia', ['dayLimits', 'hours']],
      ['laptop', 'mia2', ['dayLimits', 'hours']],
      ['desktop', 'leo', ['dayLimits', 'hours']],
    ]);
    const answer = lastText(bot);
    expect(answer).toMatch(/^✅ Anna switched Mia to “Holidays”:\n• desktop: .*\n• laptop: .*\n\n✅ Anna switched Leo to “Holidays”:\n• desktop: /);
    expect(answer).toContain('• desktop: Limit per day: 4h 00m; Allowed hours: 8:00–22:00');
    expect(undoOf(bot)).toHaveLength(1);
    expect(bot.store.profiles.current('mia')).toMatchObject({ profileId: 'holidays', byName: 'Anna' });
    expect(bot.store.profiles.current('leo')).toMatchObject({ profileId: 'holidays', byName: 'Anna' });
  });

  test('/profile holidays mia switches Mia only', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    expect(bot.rules.writes.map((write) => write.machineId + '/' + write.login)).toEqual(['desktop/mia', 'laptop/mia2']);
    expect(bot.rules.settingsOf('desktop', 'leo')).toEqual(defaultSettings());
    expect(bot.store.profiles.current('mia')?.profileId).toBe('holidays');
    expect(bot.store.profiles.current('leo')).toBeUndefined();
    expect(lastText(bot)).toMatch(/^✅ Anna switched Mia to “Holidays”:/);
    expect(lastText(bot)).not.toContain('Leo');
  });

  test('the profile by its name, any case, and the child by name', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile HOLIDAYS Leo'));
    expect(bot.store.profiles.current('leo')?.profileId).toBe('holidays');
    expect(bot.store.profiles.current('mia')).toBeUndefined();
  });

  test.each([
    ['/profile summer', 'There is no profile “summer”. /profile lists them.'],
    ['/profile grandma leo', '“Grandma” is not for Leo (see its children: in config.yaml).'],
  ])('%s: a clear answer, nothing written, nothing chosen', async (command, answer) => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, command));
    expect(bot.api.texts().at(-1)).toBe(answer);
    expect(bot.rules.writes).toEqual([]);
    expect(bot.rules.reads).toEqual([]);
    expect(bot.store.profiles.current('leo')).toBeUndefined();
    expect(bot.store.profiles.current('mia')).toBeUndefined();
  });

  test('an unknown child after a profile is answered as such, nothing written', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays sam'));
    expect(bot.api.texts().at(-1)).toBe('I don\'t know a child called "sam". Children: Mia, Leo.');
    expect(bot.rules.writes).toEqual([]);
    expect(bot.store.profiles.current('mia')).toBeUndefined();
  });

  test('a switch writes only what differs on each computer', async () => {
    const { bot } = startAt();
    // The laptop has the holidays' limits already; the desktop its hours.
    const holidays = onProfile(bot.config, 'holidays');
    bot.rules.set('laptop', 'mia2', { ...defaultSettings(), dayLimits: holidays.dayLimits });
    bot.rules.set('desktop', 'mia', { ...defaultSettings(), hours: holidays.hours });
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    expect(bot.rules.writes.map((write) => [write.machineId, Object.keys(write.patch)])).toEqual([
      ['desktop', ['dayLimits']],
      ['laptop', ['hours']],
    ]);
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual(holidays);
    expect(bot.rules.settingsOf('laptop', 'mia2')).toEqual(holidays);
  });

  test('the followed profile is stored, and /rules says she follows it', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays leo'));
    expect(bot.store.profiles.current('leo')).toMatchObject({ childId: 'leo', profileId: 'holidays', byId: ANNA.id, byName: 'Anna', at: TEN_AM });
    const { text, buttons } = await rulesOf(bot, 'leo');
    expect(text).toContain('🗂 Follows Holidays.');
    expect(text).not.toContain('differs from');
    // Nothing to apply or keep.
    expect(buttons.filter((data) => data.startsWith('f:'))).toEqual([]);
  });

  test('Undo takes back the rules and the choice, once', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays'));
    const answer = bot.api.lastSent();
    const [undo] = undoOf(bot);
    expect(undo).toMatch(/^u:\d+$/);
    await bot.send(tapOn(BEN, answer, undo ?? ''));
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual(defaultSettings());
    expect(bot.rules.settingsOf('laptop', 'mia2')).toEqual(defaultSettings());
    expect(bot.rules.settingsOf('desktop', 'leo')).toEqual(defaultSettings());
    // Mia follows the config's profile again; Leo none.
    expect(bot.store.profiles.current('mia')).toBeUndefined();
    expect(bot.store.profiles.current('leo')).toBeUndefined();
    const texts = bot.api.texts().slice(-2).map(stripTags);
    expect(texts[0]).toMatch(/^↩ Ben undid the change of Mia's house rules:\n• desktop: .*\n• laptop: /);
    expect(texts[1]).toMatch(/^↩ Ben undid the change of Leo's house rules:\n• desktop: /);
    expect(bot.api.payloadsOf('editMessageReplyMarkup').at(-1)?.['reply_markup']).toEqual({ inline_keyboard: [] });
    const { text } = await rulesOf(bot, 'mia');
    expect(text).toContain('🗂 Follows School');

    const writes = bot.rules.writes.length;
    await bot.send(tapOn(ANNA, answer, undo ?? ''));
    expect(bot.api.toasts().at(-1)).toBe('Nothing to undo: it was undone already, or it is from another day.');
    expect(bot.rules.writes).toHaveLength(writes);
  });

  // The Undo's own write must not count as the bot's: the differences from School the computers had before the
  // switch (told as "differs", with Apply/Keep) are differences again, not "changed here".
  test('after an Undo of a switch, /rules stands as before it: the old differences from the config’s profile, with Apply and Keep', async () => {
    const { bot } = startAt();
    const before = await rulesOf(bot, 'mia');
    expect(before.text).toContain('⚠️ desktop differs from “School”');
    expect(before.buttons).toContain('f:a:mia:desktop');
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    await bot.send(tapOn(BEN, bot.api.lastSent(), undoOf(bot)[0] ?? ''));
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual(defaultSettings());
    const after = await rulesOf(bot, 'mia');
    expect(after.text).not.toContain('changed here');
    expect(after.text).toContain('⚠️ desktop differs from “School”');
    expect(after.buttons).toContain('f:a:mia:desktop');
  });

  test('Undo of a switch takes back only that switch: an earlier one stays', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile grandma mia'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    const answer = bot.api.lastSent();
    await bot.send(tapOn(BEN, answer, undoOf(bot)[0] ?? ''));
    expect(bot.store.profiles.current('mia')?.profileId).toBe('grandma');
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual(onProfile(bot.config, 'grandma'));
  });

  test('a switch where everything was so already: nothing written, still an Undo, which says whom she follows again', async () => {
    const { bot } = startAt();
    const holidays = onProfile(bot.config, 'holidays');
    bot.rules.set('desktop', 'mia', holidays);
    bot.rules.set('laptop', 'mia2', holidays);
    bot.rules.set('desktop', 'leo', holidays);

    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    expect(bot.rules.writes).toEqual([]);
    expect(lastText(bot)).toBe('✅ Anna switched Mia to “Holidays”: the computers had its rules already, nothing written.');
    expect(bot.store.profiles.current('mia')?.profileId).toBe('holidays');
    const miaAnswer = bot.api.lastSent();
    const [miaUndo] = undoOf(bot);
    expect(miaUndo).toMatch(/^u:\d+$/);

    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays leo'));
    const leoAnswer = bot.api.lastSent();
    const [leoUndo] = undoOf(bot);

    await bot.send(tapOn(BEN, miaAnswer, miaUndo ?? ''));
    expect(lastText(bot)).toBe('↩ Ben undid the switch: Mia follows “School” again.');
    expect(bot.store.profiles.current('mia')).toBeUndefined();
    await bot.send(tapOn(BEN, leoAnswer, leoUndo ?? ''));
    expect(lastText(bot)).toBe('↩ Ben undid the switch: Leo follows no profile again.');
    expect(bot.store.profiles.current('leo')).toBeUndefined();
    // Nothing was written to take back.
    expect(bot.rules.writes).toEqual([]);
  });

  test('a command Telegram delivers again switches once', async () => {
    const { bot } = startAt();
    const update = message(ANNA, FAMILY_GROUP, '/profile holidays leo');
    await bot.send(update);
    await bot.send(update);
    expect(bot.rules.writes).toHaveLength(1);
    expect(bot.api.texts().at(-1)).toBe('↩️ Already done, not repeated: /history shows what it changed.');
  });

  test('a switch button of a profile the config no longer has is refused: nothing read, written or chosen', async () => {
    // The list was sent while the config still had Holidays; the bot now runs without it.
    const { bot } = startAt(
      profilesConfig(`profiles:
  school:
    name: School
    weekdays: 2h
    weekend: 3h
`),
    );
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile'));
    const list = bot.api.lastSent();
    expect(lastButtons(bot)).not.toContain('f:s:holidays:*');
    await bot.send(tapOn(ANNA, list, 'f:s:holidays:*'));
    await bot.send(tapOn(ANNA, list, 'f:s:holidays:mia'));
    expect(bot.api.toasts()).toEqual(['This button is out of date. Use /status for fresh ones.', 'This button is out of date. Use /status for fresh ones.']);
    expect(bot.rules.reads).toEqual([]);
    expect(bot.rules.writes).toEqual([]);
    expect(bot.store.profiles.current('mia')).toBeUndefined();
  });

  test('a switch button for a child the profile is not for is refused', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile'));
    await bot.send(tapOn(ANNA, bot.api.lastSent(), 'f:s:grandma:leo'));
    expect(bot.api.toasts().at(-1)).toBe('This button is out of date. Use /status for fresh ones.');
    expect(bot.rules.writes).toEqual([]);
    expect(bot.store.profiles.current('leo')).toBeUndefined();
  });

  test('a profile chosen, then removed from the config: the child follows the config’s profile again', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    expect(bot.store.profiles.current('mia')?.profileId).toBe('holidays');
    // The same store under a config without Holidays.
    const withoutHolidays = profilesConfig(`profiles:
  school:
    name: School
    weekdays: 2h
    weekend: 3h
`);
    expect(followedProfile(withoutHolidays, bot.store, 'mia')?.id).toBe('school');
    expect(followedProfile(bot.config, bot.store, 'mia')?.id).toBe('holidays');
  });
});

describe('a switch while a computer is off', () => {
  const OFF = { kind: 'unreachable', reason: 'no route to host' } as const;

  function keptService(bot: OfflineBot, clock: { now: number }): KeptChanges {
    const service = startKeptChanges({ client: bot.client, rules: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });
    services.push(service);
    return service;
  }

  test('the switch is kept for it with a Cancel; the choice is made; /rules says the computer waits, without Apply or Keep', async () => {
    const { bot } = startAt();
    bot.rules.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    const texts = bot.api.texts().slice(-2).map(stripTags);
    expect(texts[0]).toMatch(/^✅ Anna switched Mia to “Holidays”:\n• desktop: [^\n]*$/);
    expect(texts[1]).toBe("💤 laptop is off: the change of Mia's house rules will be made when it is back");
    expect(lastButtons(bot)).toEqual([expect.stringMatching(/^o:\d+$/)]);
    expect(bot.store.profiles.current('mia')?.profileId).toBe('holidays');
    expect(bot.store.kept.waiting('laptop').map((kept) => [kept.kind, kept.childId, kept.untilDay])).toEqual([['rules', 'mia', undefined]]);

    // The laptop answers a read, but the switch waits for the kept-changes service.
    bot.rules.failMachine('laptop', undefined);
    const { text, buttons } = await rulesOf(bot, 'mia');
    expect(text).toMatch(/⏳ laptop differs from “Holidays” until a change still waiting for it is made: /);
    expect(buttons.filter((data) => data.startsWith('f:'))).toEqual([]);
  });

  test('made when the computer is back, under the same Undo', async () => {
    const { bot, clock } = startAt();
    bot.rules.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    bot.rules.failMachine('laptop', undefined);
    const service = keptService(bot, clock);
    service.onAnswer('laptop');
    await service.retryNow();
    expect(bot.rules.settingsOf('laptop', 'mia2')).toEqual(onProfile(bot.config, 'holidays'));
    expect(lastText(bot)).toMatch(/^laptop is back: ✅ Anna changed the house rules of Mia:\n• laptop: /);
    const { text } = await rulesOf(bot, 'mia');
    expect(text).toContain('🗂 Follows Holidays.');
    expect(text).not.toContain('differs from');
  });

  // An Undo tapped while part of the switch still waits for a computer takes back the kept part too: when the laptop
  // is back it is not switched to the profile the parents just undid.
  test('an Undo before the computer is back: the switch is not made there later', async () => {
    const { bot, clock } = startAt();
    bot.rules.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays mia'));
    const answer = bot.api.sentMessages().at(-2);
    if (answer === undefined) throw new Error('no answer');
    const undo = buttonsOf(bot.api.payloadsOf('sendMessage').at(-2)).find((data) => data.startsWith('u:'));
    await bot.send(tapOn(BEN, answer, undo ?? ''));
    expect(bot.store.profiles.current('mia')).toBeUndefined();
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual(defaultSettings());
    bot.rules.failMachine('laptop', undefined);
    const service = keptService(bot, clock);
    service.onAnswer('laptop');
    await service.retryNow();
    expect(bot.rules.settingsOf('laptop', 'mia2')).toEqual(defaultSettings());
  });
});

describe('a switch while an exception is in force', () => {
  const ender = (bot: OfflineBot, clock: { now: number }) =>
    exceptionEnder({ client: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats });

  test('today’s limit set by /today and then by the profile: the profile’s stays when the day ends, and the chat is told', async () => {
    const { bot, clock } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/today leo 1h'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays leo'));
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'leo'), 4)).toBe(14_400);
    bot.api.clear();
    clock.now = localTimeOf('2026-12-04', 0);
    expect(await ender(bot, clock).endDue(clock.now)).toBe(1);
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'leo'), 4)).toBe(14_400);
    expect(bot.api.texts().map(stripTags)).toEqual(["↩ The exception for Leo on desktop (1h 00m on Thu) ended. Changed again since, and left as it is now: the day's limit."]);
  });

  // /today off, then a switch to a profile whose limit is for the allowed days (Thursday is not, for now): the
  // exception's end must put back Thursday with the profile's 4h, not the limit from before the switch.
  test('a day off by /today, then a switch: when the day ends, the day comes back with the profile’s limit', async () => {
    const { bot, clock } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/today leo off'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile holidays leo'));
    expect(bot.rules.settingsOf('desktop', 'leo').allowedDays).toEqual([1, 2, 3, 5, 6, 7]);
    clock.now = localTimeOf('2026-12-04', 0);
    expect(await ender(bot, clock).endDue(clock.now)).toBe(1);
    expect(bot.rules.settingsOf('desktop', 'leo').allowedDays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const { text } = await rulesOf(bot, 'leo');
    expect(text).toContain('🗂 Follows Holidays.');
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'leo'), 4)).toBe(14_400);
  });
});

describe('where a computer differs from the profile', () => {
  test('/rules says “differs from” for a change made on the computer, and “changed here” for a later /limit through the bot', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile school mia'));
    // Through the bot: Saturday 4h on both computers.
    await bot.send(message(ANNA, FAMILY_GROUP, '/limit mia sat 4h'));
    // By hand on the laptop: Sunday 5h.
    const laptop = bot.rules.settingsOf('laptop', 'mia2');
    bot.rules.set('laptop', 'mia2', { ...laptop, dayLimits: laptop.dayLimits.map((seconds, index) => (index === 6 ? 18_000 : seconds)) });
    const { text, buttons } = await rulesOf(bot, 'mia');
    expect(text).toContain('🗂 Follows School, changed here: Sat 4h 00m.');
    expect(text).toContain('⚠️ laptop differs from “School”: Sun 5h 00m (profile: 3h 00m).');
    expect(text).not.toContain('desktop differs');
    expect(buttons.filter((data) => data.startsWith('f:'))).toEqual(['f:a:mia:laptop', 'f:k:mia:laptop']);
    expect(buttonTexts(bot).flat()).toEqual(expect.arrayContaining(['✔ Apply “School” on laptop', 'Keep laptop as it is']));
  });

  test('a computer the bot never wrote on: every difference is told, with Apply and Keep', async () => {
    const { bot } = startAt();
    const { text, buttons } = await rulesOf(bot, 'mia');
    expect(text).toContain('🗂 Follows School.');
    expect(text).toContain('⚠️ desktop differs from “School”: Mon no limit (profile: 2h 00m)');
    expect(text).toContain('⚠️ laptop differs from “School”:');
    expect(buttons.filter((data) => data.startsWith('f:'))).toEqual(['f:a:mia:desktop', 'f:k:mia:desktop', 'f:a:mia:laptop', 'f:k:mia:laptop']);
  });

  test('a child who follows no profile: no profile lines and no Apply/Keep', async () => {
    const { bot } = startAt();
    const { text, buttons } = await rulesOf(bot, 'leo');
    expect(text).not.toContain('Follows');
    expect(text).not.toContain('differs from');
    expect(buttons.filter((data) => data.startsWith('f:'))).toEqual([]);
  });

  test('[Apply] makes the computer follow again (only what differs), with an Undo; /rules shows no difference after', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile school mia'));
    const school = onProfile(bot.config, 'school');
    // School sets no lockout: a lockout changed by hand is no difference from it, and Apply leaves it.
    bot.rules.set('desktop', 'mia', { ...school, lockout: { type: 'shutdown' }, dayLimits: school.dayLimits.map((seconds, index) => (index === 5 ? 36_000 : index === 0 ? 600 : seconds)) });
    const { text, shown } = await rulesOf(bot, 'mia');
    expect(text).toContain('⚠️ desktop differs from “School”: Mon 10m (profile: 2h 00m); Sat 10h 00m (profile: 3h 00m).');
    expect(text).not.toContain('laptop differs');
    const writes = bot.rules.writes.length;
    await bot.send(tapOn(BEN, shown, 'f:a:mia:desktop'));
    expect(bot.api.toasts().at(-1)).toBe('Switching to “School”…');
    expect(bot.rules.writes.slice(writes).map((write) => [write.machineId, Object.keys(write.patch)])).toEqual([['desktop', ['dayLimits']]]);
    expect(bot.rules.settingsOf('desktop', 'mia')).toEqual({ ...school, lockout: { type: 'shutdown' } });
    expect(lastText(bot)).toMatch(/^✅ Ben switched Mia to “School”:\n• desktop: /);
    expect(undoOf(bot)).toHaveLength(1);
    // The buttons under /rules are gone.
    expect(bot.api.payloadsOf('editMessageReplyMarkup').at(-1)).toMatchObject({ message_id: shown.message_id, reply_markup: { inline_keyboard: [] } });
    const after = await rulesOf(bot, 'mia');
    expect(after.text).toContain('🗂 Follows School.');
    expect(after.text).not.toContain('differs from');
  });

  test('[Apply] where the computer follows already writes nothing and offers no Undo', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile school mia'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const writes = bot.rules.writes.length;
    await bot.send(tapOn(ANNA, bot.api.lastSent(), 'f:a:mia:desktop'));
    expect(bot.rules.writes).toHaveLength(writes);
    expect(lastText(bot)).toBe('✅ Anna switched Mia to “School”: the computers had its rules already, nothing written.');
    expect(undoOf(bot)).toEqual([]);
  });

  test('[Apply] for a child who follows no profile: an alert, nothing written', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules leo'));
    await bot.send(tapOn(ANNA, bot.api.lastSent(), 'f:a:leo:desktop'));
    expect(bot.api.toasts().at(-1)).toBe('Leo follows no profile any more.');
    expect(bot.rules.writes).toEqual([]);
  });

  test('[Keep] accepts the computer as it is: not reported again, and /rules calls it changed here', async () => {
    const { bot, clock } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile school mia'));
    const school = onProfile(bot.config, 'school');
    bot.rules.set('desktop', 'mia', { ...school, dayLimits: school.dayLimits.map((seconds, index) => (index === 6 ? 18_000 : seconds)) });
    const deps = { client: bot.rules, config: bot.config, store: bot.store, logger: silentLogger(), now: () => clock.now, chats: bot.chats };
    bot.api.clear();
    expect((await reportNewDifferences(deps)).reported).toBe(1);
    expect(stripTags(bot.api.texts().at(-1))).toBe(
      "⚠️ Mia's desktop differs from “School”, not through the bot: Sun 5h 00m (profile: 3h 00m). Apply the profile there, or keep it as it is (/rules mia shows all).",
    );
    expect(lastButtons(bot)).toEqual(['f:a:mia:desktop', 'f:k:mia:desktop']);
    const notice = bot.api.lastSent();

    await bot.send(tapOn(BEN, notice, 'f:k:mia:desktop'));
    expect(bot.api.toasts().at(-1)).toBe('Keeping desktop as it is…');
    expect(lastText(bot)).toBe("👍 Ben kept Mia's desktop as it is; these differences from “School” are not reported again.");
    expect(bot.api.payloadsOf('editMessageReplyMarkup').at(-1)).toMatchObject({ message_id: notice.message_id, reply_markup: { inline_keyboard: [] } });
    // The computer was read, not written.
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 7)).toBe(18_000);
    expect(JSON.parse(bot.store.profiles.expected('mia', 'desktop') ?? '{}')).toEqual(bot.rules.settingsOf('desktop', 'mia'));

    bot.api.clear();
    clock.now += 86_400_000;
    expect((await reportNewDifferences(deps)).reported).toBe(0);
    expect(bot.api.texts()).toEqual([]);
    const { text, buttons } = await rulesOf(bot, 'mia');
    expect(text).toContain('🗂 Follows School, changed here: Sun 5h 00m.');
    expect(text).not.toContain('differs from');
    expect(buttons.filter((data) => data.startsWith('f:'))).toEqual([]);
  });

  test('[Keep] of a computer that cannot be read keeps nothing and says why', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules mia'));
    const shown = bot.api.lastSent();
    bot.rules.failMachine('desktop', { kind: 'unreachable', reason: 'no route to host' });
    await bot.send(tapOn(ANNA, shown, 'f:k:mia:desktop'));
    expect(bot.api.toasts().at(-1)).toBe('Keeping desktop as it is…');
    expect(lastText(bot)).toMatch(/^❌ desktop could not be read, so nothing was kept: .*not reachable/);
    expect(bot.store.profiles.expected('mia', 'desktop')).toBeUndefined();
  });

  test('[Apply] and [Keep] for a computer the child no longer has are refused', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/rules leo'));
    const shown = bot.api.lastSent();
    await bot.send(tapOn(ANNA, shown, 'f:a:leo:laptop'));
    await bot.send(tapOn(ANNA, shown, 'f:k:leo:laptop'));
    expect(bot.api.toasts()).toEqual(['This button is out of date. Use /status for fresh ones.', 'This button is out of date. Use /status for fresh ones.']);
    expect(bot.rules.writes).toEqual([]);
  });

  test('after a switch, the Saturday limit set by /limit stays explained on both computers', async () => {
    const { bot } = startAt();
    await bot.send(message(ANNA, FAMILY_GROUP, '/profile school mia'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/limit mia sat 4h'));
    expect(dayLimitOf(bot.rules.settingsOf('desktop', 'mia'), 6)).toBe(14_400);
    expect(dayLimitOf(bot.rules.settingsOf('laptop', 'mia2'), 6)).toBe(14_400);
    const { text } = await rulesOf(bot, 'mia');
    expect(text).toContain('🗂 Follows School, changed here: Sat 4h 00m.');
    expect(text).not.toContain('differs from');
  });
});
