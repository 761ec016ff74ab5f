import { describe, expect, test } from 'vitest';
import { parseConfigText } from '../../../src/config/load.ts';
import { resolveConfig } from '../../../src/config/resolve.ts';
import { formatConfigError, type Config } from '../../../src/config/types.ts';
import { lineOf, MINIMAL, replaced } from '../../support/config-text.ts';

/** MINIMAL with a second child, Leo, on the same desktop. */
const TWO_CHILDREN = `${MINIMAL}  leo:
    name: Leo
    accounts:
      desktop: leo
`;

function loaded(text: string): Config {
  const parsed = parseConfigText(text, 'config.yaml');
  if (!parsed.ok) throw new Error(parsed.error.map(formatConfigError).join('\n'));
  return resolveConfig(parsed.value.data, '/etc/timekpr-bot').config;
}

function parseErrors(text: string): string[] {
  const result = parseConfigText(text, 'config.yaml');
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map(formatConfigError);
}

const SEASONS = `${TWO_CHILDREN}profiles:
  reportDifferences: false
  school:
    name: School
    days: all
    weekdays: 1h30
    weekend: 3h
    hours:
      mon-fri: "15:00-20:30 16-17 free"
      sat,sun: "9-21"
    week: 14h
    month: off
    lockout: suspendwake 7-18
    playtime:
      enabled: on
      limit: { weekdays: 30m, weekend: 1h }
      games: "minecraft[Minecraft] supertux"
  holidays:
    name: Holidays
    limit: 3h
    hours: "8:00-22:00"
    week: false
    playtime: off
  grandparents:
    children: [leo]
    days: [fri, sat, sun]
    limit:
      fri: 1h
      sat,sun: 2h
`;

describe('profiles in the config', () => {
  test('without profiles: none, and differences would be reported', () => {
    const config = loaded(MINIMAL);
    expect(config.profiles).toEqual({ reportDifferences: true, byId: new Map() });
    expect(config.children.get('mia')?.profile).toBeUndefined();
  });

  test('written in the words of the commands: read into exact rules, each for its children', () => {
    const config = loaded(replaced(SEASONS, '      desktop: mia\n', '      desktop: mia\n    profile: school\n'));
    expect(config.profiles.reportDifferences).toBe(false);
    expect([...config.profiles.byId.keys()]).toEqual(['school', 'holidays', 'grandparents']);
    expect(config.children.get('mia')?.profile).toBe('school');
    expect(config.children.get('leo')?.profile).toBeUndefined();
    const school = config.profiles.byId.get('school');
    expect(school).toMatchObject({ id: 'school', name: 'School', childIds: ['mia', 'leo'] });
    expect(school?.rules).toEqual({
      days: [1, 2, 3, 4, 5, 6, 7],
      limits: [
        { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: 5400 },
        { days: { kind: 'days', days: [6, 7] }, seconds: 10_800 },
      ],
      hours: [
        {
          days: [1, 2, 3, 4, 5],
          intervals: [
            { fromMinute: 900, toMinute: 1230, free: false },
            { fromMinute: 960, toMinute: 1020, free: true },
          ],
        },
        { days: [6, 7], intervals: [{ fromMinute: 540, toMinute: 1260, free: false }] },
      ],
      weekLimit: 14 * 3600,
      monthLimit: 'off',
      lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } },
      playTime: {
        enabled: true,
        limits: [
          { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: 1800 },
          { days: { kind: 'days', days: [6, 7] }, seconds: 3600 },
        ],
        activities: [
          { mask: 'minecraft', description: 'Minecraft' },
          { mask: 'supertux', description: 'supertux' },
        ],
      },
    });
    expect(config.profiles.byId.get('holidays')).toMatchObject({
      name: 'Holidays',
      rules: {
        limits: [{ days: { kind: 'allowed' }, seconds: 10_800 }],
        hours: [{ days: [1, 2, 3, 4, 5, 6, 7], intervals: [{ fromMinute: 480, toMinute: 1320, free: false }] }],
        weekLimit: 'off',
        playTime: { enabled: false, limits: [] },
      },
    });
    expect(config.profiles.byId.get('grandparents')).toMatchObject({
      name: 'grandparents',
      childIds: ['leo'],
      rules: {
        days: [5, 6, 7],
        limits: [
          { days: { kind: 'days', days: [5] }, seconds: 3600 },
          { days: { kind: 'days', days: [6, 7] }, seconds: 7200 },
        ],
      },
    });
  });

  test('German words are taken too', () => {
    const text = `${MINIMAL}profiles:
  ferien:
    days: Mo-Fr
    limit: { werktags: 2std, wochenende: 3h }
    lockout: sperren
`;
    expect(loaded(text).profiles.byId.get('ferien')?.rules).toMatchObject({
      days: [1, 2, 3, 4, 5],
      limits: [
        { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: 7200 },
        { days: { kind: 'days', days: [6, 7] }, seconds: 10_800 },
      ],
      lockout: { type: 'lock' },
    });
  });

  test('each mistake is named by file, line and path, with what to write', () => {
    const text = `${replaced(TWO_CHILDREN, '      desktop: leo\n', '      desktop: leo\n    profile: holidays\n')}profiles:
  reportDifferences: sometimes
  school:
    weekdays: 2x
    weekend: 90
    hours:
      mon-fri: "20-8"
      funday: "9-21"
    week: lots
    lockout: explode
    playtime:
      enabled: maybe
      games: "steam.*"
    colour: blue
  school2:
    limit:
      sat: 25h
    days: fri-mon
`;
    const errors = parseErrors(text);
    const at = (needle: string) => `config.yaml:${lineOf(text, needle)}`;
    expect(errors).toEqual(
      expect.arrayContaining([
        `${at('reportDifferences: sometimes')} profiles.reportDifferences: must be true or false`,
        `${at('weekdays: 2x')} profiles.school.weekdays: "2x" is not a duration: write it like 2h, 1h30 or 90m`,
        `${at('weekend: 90')} profiles.school.weekend: "90" has no unit: write 2h or 2m (0 alone means none)`,
        `${at('mon-fri: "20-8"')} profiles.school.hours.mon-fri: "20-8" ends before it starts`,
        `${at('funday')} profiles.school.hours.funday: "funday" is not a day: write days like mon-fri, sat,sun, weekdays or weekend`,
        `${at('week: lots')} profiles.school.week: "lots" is not a duration: write it like 2h, 1h30 or 90m`,
        `${at('lockout: explode')} profiles.school.lockout: "explode" is not a lockout: use lock, suspend, suspendwake, terminate or shutdown`,
        `${at('enabled: maybe')} profiles.school.playtime.enabled: must be on or off`,
        `${at('games: "steam.*"')} profiles.school.playtime.games: "steam.*" needs a name people can read: write it like steam.*[Steam]`,
        `${at('colour: blue')} profiles.school.colour: is not a known setting (a typo?)`,
        `${at('sat: 25h')} profiles.school2.limit.sat: "25h" is longer than this limit can be (at most 24 hours)`,
        `${at('days: fri-mon')} profiles.school2.days: "fri-mon" runs over the end of the week: write it as a list, e.g. fri-sun,mon`,
      ]),
    );
  });

  test('once the words are right: children, names and starting profiles are checked', () => {
    const text = `${replaced(TWO_CHILDREN, '      desktop: leo\n', '      desktop: leo\n    profile: holidays\n')}profiles:
  weekend_fun:
    children: [mia, zoe]
  bad.name:
    limit: 1h
`;
    const at = (needle: string) => `config.yaml:${lineOf(text, needle)}`;
    expect(parseErrors(text)).toEqual([
      `${at('children: [mia, zoe]')} profiles.weekend_fun: sets no rules: give at least one of days, limit, weekdays, weekend, hours, week, month, lockout or playtime`,
      `${at('children: [mia, zoe]')} profiles.weekend_fun.children.1: no child "zoe" is defined under children`,
      `${at('limit: 1h')} profiles.bad.name: profile name must be a short name: letters, digits, "_" or "-", starting with a letter or digit, at most 24 characters`,
      `${at('profile: holidays')} children.leo.profile: no profile "holidays" is defined under profiles (there are: weekend_fun, bad.name)`,
    ]);
  });

  test("a child's profile must be for her", () => {
    const text = `${replaced(TWO_CHILDREN, '      desktop: mia\n', '      desktop: mia\n    profile: grandparents\n')}profiles:
  grandparents:
    children: [leo]
    limit: 2h
`;
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'profile: grandparents')} children.mia.profile: profile "grandparents" is not for mia: add mia to its children`]);
  });
});
