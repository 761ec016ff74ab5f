import { describe, expect, test } from 'vitest';
import { parseRulesArguments, type RulesCommand } from '../../../src/bot/rules-request.ts';
import { MAX_PROBLEM_TEXT, parseActivities, parseDays, parseDuration, parseTimeRange } from '../../../src/lib/rule-words.ts';
import type { RulesEdit } from '../../../src/household/rules-edit.ts';
import type { IsoWeekday } from '../../../src/timekpr/parse.ts';
import { RULE_BOUNDS } from '../../../src/timekpr/rules.ts';
import { configOf, familyFile } from '../../support/bot-config.ts';

const file = familyFile();
file.machines['tv'] = { host: 'tv.lan' };
// Rose's accounts are listed laptop first: "all computers" keeps that order.
file.children['rose'] = { name: 'Mia Rose', accounts: { laptop: 'rose', desktop: 'rose' } };
file.children['lena'] = { name: 'Lena', accounts: { tv: 'lena' } };
const config = configOf(file);
/** The day exceptions are asked on (a Thursday). */
const TODAY = '2026-12-03';
const child = (id: string) => {
  const found = config.children.get(id);
  if (found === undefined) throw new Error(`test config has no ${id}`);
  return found;
};

const MIA_COMPUTERS = ['desktop', 'laptop'];
const HOUR = 3600;
const MINUTE = 60;
const at = (hour: number, minute = 0) => hour * 60 + minute;

/** The edit of `/<command> <text>`, or the test fails with the problem. */
function editOf(command: RulesCommand, text: string): RulesEdit {
  const result = parseRulesArguments(config, command, text, TODAY);
  if (!result.ok) throw new Error(`/${command} ${text}: ${JSON.stringify(result.error)}`);
  return result.value.edit;
}

/** The problem of `/<command> <text>`, or the test fails with the edit. */
function problemOf(command: RulesCommand, text: string): unknown {
  const result = parseRulesArguments(config, command, text, TODAY);
  if (result.ok) throw new Error(`/${command} ${text} was taken: ${JSON.stringify(result.value.edit)}`);
  return result.error;
}

describe('parseDays', () => {
  test.each([
    ['mon', [1]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['sat,sun', [6, 7]],
    ['mon,wed-fri', [1, 3, 4, 5]],
    ['sun,mon,sun', [1, 7]],
    ['Monday', [1]],
    ['TUESDAY,thursday', [2, 4]],
    ['wednesday-friday', [3, 4, 5]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['weekend', [6, 7]],
    ['all', [1, 2, 3, 4, 5, 6, 7]],
    ['daily', [1, 2, 3, 4, 5, 6, 7]],
    ['weekend,mon', [1, 6, 7]],
    ['mon-mon', [1]],
    ['sat, sun', [6, 7]],
    ['mon - wed', [1, 2, 3]],
    ['mon–wed', [1, 2, 3]],
  ])('%j is %j', (text, days) => {
    expect(parseDays(text)).toEqual({ ok: true, value: days });
  });

  test.each([
    ['mo', [1]],
    ['di', [2]],
    ['mi', [3]],
    ['do', [4]],
    ['fr', [5]],
    ['sa', [6]],
    ['so', [7]],
    ['Mo-Fr', [1, 2, 3, 4, 5]],
    ['Mo.-Fr.', [1, 2, 3, 4, 5]],
    ['Sa,So', [6, 7]],
    ['montag', [1]],
    ['Dienstag,Donnerstag', [2, 4]],
    ['mittwoch-freitag', [3, 4, 5]],
    ['samstag,sonntag', [6, 7]],
    ['sonnabend', [6]],
    ['werktags', [1, 2, 3, 4, 5]],
    ['wochenende', [6, 7]],
    ['alle', [1, 2, 3, 4, 5, 6, 7]],
    ['täglich', [1, 2, 3, 4, 5, 6, 7]],
    ['TÄGLICH', [1, 2, 3, 4, 5, 6, 7]],
    ['ta\u0308glich', [1, 2, 3, 4, 5, 6, 7]],
  ])('German %j is %j', (text, days) => {
    expect(parseDays(text)).toEqual({ ok: true, value: days });
  });

  test.each([
    ['xyz', { kind: 'unknown-day', text: 'xyz' }],
    ['mon,xyz', { kind: 'unknown-day', text: 'xyz' }],
    ['mon-xyz', { kind: 'unknown-day', text: 'xyz' }],
    ['weekend-mon', { kind: 'unknown-day', text: 'weekend-mon' }],
    ['mon-', { kind: 'unknown-day', text: 'mon-' }],
    ['mon-wed-fri', { kind: 'unknown-day', text: 'mon-wed-fri' }],
    [',', { kind: 'unknown-day', text: ',' }],
    ['fri-mon', { kind: 'wrapping-day-range', text: 'fri-mon' }],
    ['So-Mo', { kind: 'wrapping-day-range', text: 'So-Mo' }],
    ['', { kind: 'no-days' }],
    ['  ', { kind: 'no-days' }],
  ])('%j is refused', (text, problem) => {
    expect(parseDays(text)).toEqual({ ok: false, error: problem });
  });

  test('names inherited from objects are not days', () => {
    expect(parseDays('constructor')).toEqual({ ok: false, error: { kind: 'unknown-day', text: 'constructor' } });
  });
});

describe('parseDuration', () => {
  const day = RULE_BOUNDS.daySeconds;
  test.each([
    ['2h', 2 * HOUR],
    ['1h30', HOUR + 30 * MINUTE],
    ['1h30m', HOUR + 30 * MINUTE],
    ['1h30min', HOUR + 30 * MINUTE],
    ['1h5', HOUR + 5 * MINUTE],
    ['90m', 90 * MINUTE],
    ['45min', 45 * MINUTE],
    ['2:30', 2 * HOUR + 30 * MINUTE],
    ['0:45', 45 * MINUTE],
    ['0', 0],
    ['0h', 0],
    ['2std', 2 * HOUR],
    ['2Std', 2 * HOUR],
    ['3stunden', 3 * HOUR],
    ['1std30', HOUR + 30 * MINUTE],
    ['90min', 90 * MINUTE],
    ['90minuten', 90 * MINUTE],
    ['1.5h', 90 * MINUTE],
    ['1,5h', 90 * MINUTE],
    ['0.25h', 15 * MINUTE],
    ['2H', 2 * HOUR],
    ['24h', day],
    ['24:00', day],
    ['1440m', day],
  ])('%j is %d seconds', (text, seconds) => {
    expect(parseDuration(text, day)).toEqual({ ok: true, value: seconds });
  });

  test.each([
    ['25h', { kind: 'duration-too-long', text: '25h', maxSeconds: day }],
    ['24:01', { kind: 'duration-too-long', text: '24:01', maxSeconds: day }],
    ['1441m', { kind: 'duration-too-long', text: '1441m', maxSeconds: day }],
    ['99999999999h', { kind: 'duration-too-long', text: '99999999999h', maxSeconds: day }],
    ['-1h', { kind: 'not-duration', text: '-1h' }],
    ['+1h', { kind: 'not-duration', text: '+1h' }],
    ['2x', { kind: 'not-duration', text: '2x' }],
    ['1h90', { kind: 'not-duration', text: '1h90' }],
    ['2:75', { kind: 'not-duration', text: '2:75' }],
    ['1.5h30m', { kind: 'not-duration', text: '1.5h30m' }],
    ['h', { kind: 'not-duration', text: 'h' }],
    ['', { kind: 'not-duration', text: '' }],
    ['2', { kind: 'duration-without-unit', text: '2' }],
    ['90', { kind: 'duration-without-unit', text: '90' }],
    ['1.01h', { kind: 'not-whole-minutes', text: '1.01h' }],
    ['0.5m', { kind: 'not-whole-minutes', text: '0.5m' }],
    ['1.0000001h', { kind: 'not-whole-minutes', text: '1.0000001h' }],
  ])('%j is refused', (text, problem) => {
    expect(parseDuration(text, day)).toEqual({ ok: false, error: problem });
  });

  test('the maximum is the caller’s', () => {
    expect(parseDuration('168h', RULE_BOUNDS.weekSeconds)).toEqual({ ok: true, value: RULE_BOUNDS.weekSeconds });
    expect(parseDuration('169h', RULE_BOUNDS.weekSeconds)).toEqual({ ok: false, error: { kind: 'duration-too-long', text: '169h', maxSeconds: RULE_BOUNDS.weekSeconds } });
  });
});

describe('parseTimeRange', () => {
  test.each([
    ['8:00-20:30', at(8), at(20, 30)],
    ['9-22', at(9), at(22)],
    ['8:30-20:45', at(8, 30), at(20, 45)],
    ['08:00-9', at(8), at(9)],
    ['8.30-12', at(8, 30), at(12)],
    ['0-24', 0, at(24)],
    ['20-24:00', at(20), at(24)],
    ['7–8', at(7), at(8)],
  ])('%j', (text, fromMinute, toMinute) => {
    expect(parseTimeRange(text)).toEqual({ ok: true, value: { fromMinute, toMinute } });
  });

  test.each([
    ['25:00-26:00', { kind: 'bad-time', text: '25:00' }],
    ['8:61-9', { kind: 'bad-time', text: '8:61' }],
    ['8-9:61', { kind: 'bad-time', text: '9:61' }],
    ['24-24', { kind: 'bad-time', text: '24' }],
    ['8-24:30', { kind: 'bad-time', text: '24:30' }],
    ['8:5-9', { kind: 'bad-time', text: '8:5' }],
    ['8am-9', { kind: 'bad-time', text: '8am' }],
    ['20-8', { kind: 'end-not-after-start', text: '20-8' }],
    ['8-8', { kind: 'end-not-after-start', text: '8-8' }],
    ['8', { kind: 'bad-time-range', text: '8' }],
    ['8-', { kind: 'bad-time-range', text: '8-' }],
    ['-9', { kind: 'bad-time-range', text: '-9' }],
    ['8-9-10', { kind: 'bad-time-range', text: '8-9-10' }],
  ])('%j is refused', (text, problem) => {
    expect(parseTimeRange(text)).toEqual({ ok: false, error: problem });
  });
});

describe('parseActivities', () => {
  test('masks with and without descriptions; a description may have spaces and is NFC', () => {
    expect(parseActivities('minecraft[Minecraft] steam[Steam Games] supertux2 ski[Ski Fahren mit U\u0308]')).toEqual({
      ok: true,
      value: [
        { mask: 'minecraft', description: 'Minecraft' },
        { mask: 'steam', description: 'Steam Games' },
        { mask: 'supertux2', description: 'supertux2' },
        { mask: 'ski', description: 'Ski Fahren mit Ü' },
      ],
    });
  });

  test('none, in either language, is no activities; nothing at all is a problem', () => {
    expect(parseActivities('none')).toEqual({ ok: true, value: [] });
    expect(parseActivities('KEINE')).toEqual({ ok: true, value: [] });
    expect(parseActivities('  ')).toEqual({ ok: false, error: { kind: 'no-activities' } });
  });

  test.each([
    ['a;reboot', { kind: 'bad-activity-mask', text: 'a;reboot' }],
    ['$(reboot)', { kind: 'bad-activity-mask', text: '$(reboot)' }],
    ['`reboot`', { kind: 'bad-activity-mask', text: '`reboot`' }],
    ['"steam"', { kind: 'bad-activity-mask', text: '"steam"' }],
    ["'steam'", { kind: 'bad-activity-mask', text: "'steam'" }],
    ['steam\\', { kind: 'bad-activity-mask', text: 'steam\\' }],
    ['mine[craft', { kind: 'bad-activity', text: 'mine[craft' }],
    ['mine[cr]aft', { kind: 'bad-activity', text: 'mine[cr]aft' }],
    ['mine[a[b]]', { kind: 'bad-activity', text: 'mine[a[b]]' }],
    ['mine]craft', { kind: 'bad-activity', text: 'mine]craft' }],
    ['[Steam]', { kind: 'bad-activity', text: '[Steam]' }],
    ['steam[Steam; reboot]', { kind: 'bad-activity-description', text: 'Steam; reboot' }],
    ['steam[$(reboot)]', { kind: 'bad-activity-description', text: '$(reboot)' }],
    ['steam.*', { kind: 'activity-needs-description', mask: 'steam.*' }],
    ['steam steam[Steam]', { kind: 'duplicate-activity', mask: 'steam' }],
    ['steam none', { kind: 'bad-activity', text: 'none' }],
  ])('%j is refused', (text, problem) => {
    expect(parseActivities(text)).toEqual({ ok: false, error: problem });
  });

  test('a 10 KB mask is refused, and only its first characters travel on', () => {
    const result = parseActivities('a'.repeat(10_240));
    expect(result).toEqual({ ok: false, error: { kind: 'bad-activity-mask', text: `${'a'.repeat(MAX_PROBLEM_TEXT - 1)}…` } });
    const description = parseActivities(`steam[${'b'.repeat(10_240)}]`);
    expect(description).toEqual({ ok: false, error: { kind: 'bad-activity-description', text: `${'b'.repeat(MAX_PROBLEM_TEXT - 1)}…` } });
  });

  test('at most RULE_BOUNDS.maxActivities', () => {
    const masks = (count: number) => Array.from({ length: count }, (_, index) => `game${index}`).join(' ');
    expect(parseActivities(masks(RULE_BOUNDS.maxActivities)).ok).toBe(true);
    expect(parseActivities(masks(RULE_BOUNDS.maxActivities + 1))).toEqual({
      ok: false,
      error: { kind: 'too-many-activities', count: RULE_BOUNDS.maxActivities + 1, max: RULE_BOUNDS.maxActivities },
    });
  });
});

describe('parseRulesArguments: who', () => {
  test('the child and, without a computer named last, all of their computers in config order', () => {
    expect(parseRulesArguments(config, 'limit', 'mia 2h', TODAY)).toEqual({
      ok: true,
      value: { child: child('mia'), machineIds: MIA_COMPUTERS, edit: { kind: 'limit', limits: [{ days: { kind: 'allowed' }, seconds: 2 * HOUR }] } },
    });
    const rose = parseRulesArguments(config, 'limit', 'Mia Rose 2h', TODAY);
    expect(rose.ok ? [rose.value.child.id, rose.value.machineIds] : rose.error).toEqual(['rose', ['laptop', 'desktop']]);
  });

  test.each<[RulesCommand, string, string, string]>([
    ['limit', 'mia 2h desktop', 'mia', 'desktop'],
    ['limit', 'MIA sat 4h LAPTOP', 'mia', 'laptop'],
    ['limit', 'mia rose 2h desktop', 'rose', 'desktop'],
    ['hours', 'mia mon-fri 7-8 15-20 sat,sun 9-21 laptop', 'mia', 'laptop'],
    ['hours', 'mia mon 16-17 free desktop', 'mia', 'desktop'],
    ['days', 'mia mon-fri desktop', 'mia', 'desktop'],
    ['playtime', 'mia on desktop', 'mia', 'desktop'],
    ['playtime', 'mia games minecraft[Minecraft Java] desktop', 'mia', 'desktop'],
    ['lockout', 'mia suspendwake 7-18 laptop', 'mia', 'laptop'],
    ['lockout', 'lena lock tv', 'lena', 'tv'],
  ])('/%s %s: one computer', (command, text, childId, machineId) => {
    const result = parseRulesArguments(config, command, text, TODAY);
    expect(result.ok ? [result.value.child.id, result.value.machineIds] : result.error).toEqual([childId, [machineId]]);
  });

  test('the longest run of leading words that names a child', () => {
    const rose = parseRulesArguments(config, 'days', 'Mia Rose sat', TODAY);
    expect(rose.ok ? [rose.value.child.id, rose.value.edit] : rose.error).toEqual(['rose', { kind: 'days', days: [6] }]);
    const mia = parseRulesArguments(config, 'days', 'Mia sat', TODAY);
    expect(mia.ok ? [mia.value.child.id, mia.value.edit] : mia.error).toEqual(['mia', { kind: 'days', days: [6] }]);
  });

  test.each<[RulesCommand, string, string]>([
    ['limit', 'bob 2h', 'bob'],
    ['limit', 'bob', 'bob'],
    ['hours', 'Bob Marley sat,sun 9-22 desktop', 'Bob Marley'],
    ['days', 'bob mo-fr', 'bob'],
    ['playtime', 'bob games minecraft', 'bob'],
    ['lockout', 'bob sperren', 'bob'],
  ])('/%s %s: an unknown child', (command, text, name) => {
    expect(problemOf(command, text)).toEqual({ kind: 'unknown-child', name });
  });

  test('a 10 KB child name is cut', () => {
    expect(problemOf('limit', `${'x'.repeat(10_240)} 2h`)).toEqual({ kind: 'unknown-child', name: `${'x'.repeat(MAX_PROBLEM_TEXT - 1)}…` });
  });

  test.each<[RulesCommand, string]>([
    ['limit', 'mia 2h tv'],
    ['limit', 'mia weekdays 1h30 weekend 3h tv'],
    ['hours', 'mia mon 7-8 tv'],
    ['days', 'mia mon-fri tv'],
    ['playtime', 'mia off tv'],
    ['playtime', 'mia games none tv'],
    ['lockout', 'mia lock tv'],
  ])('/%s %s: an unknown computer', (command, text) => {
    expect(problemOf(command, text)).toEqual({ kind: 'unknown-machine', childId: 'mia', name: 'tv' });
  });

  test('a word that is part of the grammar is never taken for a computer', () => {
    expect(problemOf('hours', 'mia mon 8-9 sat')).toEqual({ kind: 'usage', command: 'hours' });
    expect(problemOf('limit', 'mia 2h 25h')).toEqual({ kind: 'duration-too-long', text: '25h', maxSeconds: RULE_BOUNDS.daySeconds });
  });

  test.each<RulesCommand>(['limit', 'hours', 'days', 'playtime', 'lockout'])('/%s with nothing, with only the child, or with only a computer: the usage', (command) => {
    for (const text of ['', '   ', 'mia', 'Mia Rose', 'mia desktop', '2h', '8-9']) {
      expect(problemOf(command, text)).toEqual({ kind: 'usage', command });
    }
  });
});

describe('/limit', () => {
  test.each<[string, RulesEdit]>([
    ['mia 2h', { kind: 'limit', limits: [{ days: { kind: 'allowed' }, seconds: 2 * HOUR }] }],
    [
      'mia weekdays 1h30 weekend 3h',
      {
        kind: 'limit',
        limits: [
          { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: HOUR + 30 * MINUTE },
          { days: { kind: 'days', days: [6, 7] }, seconds: 3 * HOUR },
        ],
      },
    ],
    ['mia sat 4h', { kind: 'limit', limits: [{ days: { kind: 'days', days: [6] }, seconds: 4 * HOUR }] }],
    ['mia sat sun 4h', { kind: 'limit', limits: [{ days: { kind: 'days', days: [6, 7] }, seconds: 4 * HOUR }] }],
    [
      'mia 2h sat 4h',
      {
        kind: 'limit',
        limits: [
          { days: { kind: 'allowed' }, seconds: 2 * HOUR },
          { days: { kind: 'days', days: [6] }, seconds: 4 * HOUR },
        ],
      },
    ],
    [
      'mia werktags 1std30 wochenende 3std',
      {
        kind: 'limit',
        limits: [
          { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: HOUR + 30 * MINUTE },
          { days: { kind: 'days', days: [6, 7] }, seconds: 3 * HOUR },
        ],
      },
    ],
    ['mia Mo-Fr 90min', { kind: 'limit', limits: [{ days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: 90 * MINUTE }] }],
    ['mia täglich 0', { kind: 'limit', limits: [{ days: { kind: 'days', days: [1, 2, 3, 4, 5, 6, 7] }, seconds: 0 }] }],
    ['mia week 10h', { kind: 'week-limit', seconds: 10 * HOUR }],
    ['mia woche 168h', { kind: 'week-limit', seconds: RULE_BOUNDS.weekSeconds }],
    ['mia week off', { kind: 'week-limit', seconds: 'off' }],
    ['mia month off', { kind: 'month-limit', seconds: 'off' }],
    ['mia Monat aus', { kind: 'month-limit', seconds: 'off' }],
    ['mia month 744h', { kind: 'month-limit', seconds: RULE_BOUNDS.monthSeconds }],
  ])('%j', (text, edit) => {
    expect(editOf('limit', text)).toEqual(edit);
  });

  test.each([
    ['mia 25h', { kind: 'duration-too-long', text: '25h', maxSeconds: RULE_BOUNDS.daySeconds }],
    ['mia -1h', { kind: 'not-duration', text: '-1h' }],
    ['mia 2', { kind: 'duration-without-unit', text: '2' }],
    ['mia week 169h', { kind: 'duration-too-long', text: '169h', maxSeconds: RULE_BOUNDS.weekSeconds }],
    ['mia month 745h', { kind: 'duration-too-long', text: '745h', maxSeconds: RULE_BOUNDS.monthSeconds }],
    ['mia satt 4h', { kind: 'unknown-day', text: 'satt' }],
    ['mia fri-mon 4h', { kind: 'wrapping-day-range', text: 'fri-mon' }],
    ['mia sat', { kind: 'usage', command: 'limit' }],
    ['mia 2h sat', { kind: 'usage', command: 'limit' }],
    ['mia 2h 3h', { kind: 'usage', command: 'limit' }],
    ['mia off', { kind: 'usage', command: 'limit' }],
    ['mia week', { kind: 'usage', command: 'limit' }],
    ['mia week 10h 2h', { kind: 'usage', command: 'limit' }],
    ['mia sat week 10h', { kind: 'usage', command: 'limit' }],
  ])('%j is refused', (text, problem) => {
    expect(problemOf('limit', text)).toEqual(problem);
  });
});

describe('/hours', () => {
  const every: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
  test.each<[string, RulesEdit]>([
    ['mia 8:00-20:30', { kind: 'hours', groups: [{ days: every, intervals: [{ fromMinute: at(8), toMinute: at(20, 30), free: false }] }] }],
    ['mia sat,sun 9-22', { kind: 'hours', groups: [{ days: [6, 7], intervals: [{ fromMinute: at(9), toMinute: at(22), free: false }] }] }],
    [
      'mia mon 7-8 16-20',
      {
        kind: 'hours',
        groups: [
          {
            days: [1],
            intervals: [
              { fromMinute: at(7), toMinute: at(8), free: false },
              { fromMinute: at(16), toMinute: at(20), free: false },
            ],
          },
        ],
      },
    ],
    ['mia mon 16-17 free', { kind: 'hours', groups: [{ days: [1], intervals: [{ fromMinute: at(16), toMinute: at(17), free: true }] }] }],
    [
      'mia mon-fri 7-8 15-20 sat,sun 9-21',
      {
        kind: 'hours',
        groups: [
          {
            days: [1, 2, 3, 4, 5],
            intervals: [
              { fromMinute: at(7), toMinute: at(8), free: false },
              { fromMinute: at(15), toMinute: at(20), free: false },
            ],
          },
          { days: [6, 7], intervals: [{ fromMinute: at(9), toMinute: at(21), free: false }] },
        ],
      },
    ],
    [
      'mia Mo-Fr 16-18 14-16 FREI Sa So 9-21',
      {
        kind: 'hours',
        groups: [
          {
            days: [1, 2, 3, 4, 5],
            intervals: [
              { fromMinute: at(14), toMinute: at(16), free: true },
              { fromMinute: at(16), toMinute: at(18), free: false },
            ],
          },
          { days: [6, 7], intervals: [{ fromMinute: at(9), toMinute: at(21), free: false }] },
        ],
      },
    ],
    [
      'mia 8-20 samstag 9-22',
      {
        kind: 'hours',
        groups: [
          { days: every, intervals: [{ fromMinute: at(8), toMinute: at(20), free: false }] },
          { days: [6], intervals: [{ fromMinute: at(9), toMinute: at(22), free: false }] },
        ],
      },
    ],
    ['mia täglich 0-24', { kind: 'hours', groups: [{ days: every, intervals: [{ fromMinute: 0, toMinute: at(24), free: false }] }] }],
  ])('%j', (text, edit) => {
    expect(editOf('hours', text)).toEqual(edit);
  });

  test.each([
    ['mia 20-8', { kind: 'end-not-after-start', text: '20-8' }],
    ['mia 8-8', { kind: 'end-not-after-start', text: '8-8' }],
    ['mia 25:00-26:00', { kind: 'bad-time', text: '25:00' }],
    ['mia 8:61-9', { kind: 'bad-time', text: '8:61' }],
    ['mia mon 8', { kind: 'bad-time-range', text: '8' }],
    ['mia mon,xyz 8-9', { kind: 'unknown-day', text: 'xyz' }],
    ['mia xyz 8-9', { kind: 'unknown-day', text: 'xyz' }],
    ['mia fri-mon 8-9', { kind: 'wrapping-day-range', text: 'fri-mon' }],
    ['mia mon 8-12 10-14', { kind: 'overlapping-intervals', first: '8-12', second: '10-14' }],
    ['mia mon 8-12 sat 9-11 7-10', { kind: 'overlapping-intervals', first: '9-11', second: '7-10' }],
    ['mia free', { kind: 'usage', command: 'hours' }],
    ['mia mon free 8-9', { kind: 'usage', command: 'hours' }],
    ['mia mon 8-9 free free', { kind: 'usage', command: 'hours' }],
    ['mia mon 8-9 sat', { kind: 'usage', command: 'hours' }],
    ['mia mon 2h', { kind: 'bad-time-range', text: '2h' }],
  ])('%j is refused', (text, problem) => {
    expect(problemOf('hours', text)).toEqual(problem);
  });

  test('a free interval inside a counted one is the way to write a free hour, not an overlap', () => {
    expect(editOf('hours', 'mia mon-fri 15-20:30 16-17 free')).toEqual({
      kind: 'hours',
      groups: [
        {
          days: [1, 2, 3, 4, 5],
          intervals: [
            { fromMinute: at(15), toMinute: at(20, 30), free: false },
            { fromMinute: at(16), toMinute: at(17), free: true },
          ],
        },
      ],
    });
    expect(problemOf('hours', 'mia mon 16-18 free 17-19 free')).toEqual({ kind: 'overlapping-intervals', first: '16-18', second: '17-19' });
  });

  test('touching intervals do not overlap (whether they can be kept is for hoursFromIntervals)', () => {
    expect(editOf('hours', 'mia mon 8-9 9-10:30 free')).toEqual({
      kind: 'hours',
      groups: [
        {
          days: [1],
          intervals: [
            { fromMinute: at(8), toMinute: at(9), free: false },
            { fromMinute: at(9), toMinute: at(10, 30), free: true },
          ],
        },
      ],
    });
  });
});

describe('/days', () => {
  test.each<[string, RulesEdit]>([
    ['mia mon-fri', { kind: 'days', days: [1, 2, 3, 4, 5] }],
    ['mia sat,sun,sat', { kind: 'days', days: [6, 7] }],
    ['mia fri mon wed', { kind: 'days', days: [1, 3, 5] }],
    ['mia Mo-Mi,Fr', { kind: 'days', days: [1, 2, 3, 5] }],
    ['mia Montag Freitag', { kind: 'days', days: [1, 5] }],
    ['mia wochenende', { kind: 'days', days: [6, 7] }],
    ['mia all', { kind: 'days', days: [1, 2, 3, 4, 5, 6, 7] }],
  ])('%j', (text, edit) => {
    expect(editOf('days', text)).toEqual(edit);
  });

  test.each([
    ['mia mon,xyz', { kind: 'unknown-day', text: 'xyz' }],
    ['mia sun-sat', { kind: 'wrapping-day-range', text: 'sun-sat' }],
    ['mia 5', { kind: 'unknown-day', text: '5' }],
    ['mia mon off', { kind: 'usage', command: 'days' }],
  ])('%j is refused', (text, problem) => {
    expect(problemOf('days', text)).toEqual(problem);
  });
});

describe('/playtime', () => {
  test.each<[string, RulesEdit]>([
    ['mia on', { kind: 'playtime', enabled: true }],
    ['mia OFF', { kind: 'playtime', enabled: false }],
    ['mia an', { kind: 'playtime', enabled: true }],
    ['mia aus', { kind: 'playtime', enabled: false }],
    ['mia 45m', { kind: 'playtime-limit', limits: [{ days: { kind: 'allowed' }, seconds: 45 * MINUTE }] }],
    ['mia weekend 2h', { kind: 'playtime-limit', limits: [{ days: { kind: 'days', days: [6, 7] }, seconds: 2 * HOUR }] }],
    [
      'mia weekdays 30m weekend 2h',
      {
        kind: 'playtime-limit',
        limits: [
          { days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: 30 * MINUTE },
          { days: { kind: 'days', days: [6, 7] }, seconds: 2 * HOUR },
        ],
      },
    ],
    [
      'mia games minecraft[Minecraft] steam[Steam]',
      {
        kind: 'playtime-activities',
        activities: [
          { mask: 'minecraft', description: 'Minecraft' },
          { mask: 'steam', description: 'Steam' },
        ],
      },
    ],
    ['mia Spiele supertux2', { kind: 'playtime-activities', activities: [{ mask: 'supertux2', description: 'supertux2' }] }],
    ['mia games minecraft[Minecraft Java Edition]', { kind: 'playtime-activities', activities: [{ mask: 'minecraft', description: 'Minecraft Java Edition' }] }],
    ['mia games none', { kind: 'playtime-activities', activities: [] }],
    ['mia spiele keine', { kind: 'playtime-activities', activities: [] }],
  ])('%j', (text, edit) => {
    expect(editOf('playtime', text)).toEqual(edit);
  });

  test.each([
    ['mia games a;reboot', { kind: 'bad-activity-mask', text: 'a;reboot' }],
    ['mia games steam;reboot[Steam]', { kind: 'bad-activity-mask', text: 'steam;reboot' }],
    ['mia games $(reboot)', { kind: 'bad-activity-mask', text: '$(reboot)' }],
    ['mia games "steam"[Steam]', { kind: 'bad-activity-mask', text: '"steam"' }],
    ['mia games mine[craft', { kind: 'bad-activity', text: 'mine[craft' }],
    ['mia games steam[Steam][x]', { kind: 'bad-activity', text: 'steam[Steam][x]' }],
    ['mia games steam[Ste;am]', { kind: 'bad-activity-description', text: 'Ste;am' }],
    ['mia games steam.*', { kind: 'activity-needs-description', mask: 'steam.*' }],
    ['mia games steam steam', { kind: 'duplicate-activity', mask: 'steam' }],
    ['mia games steam a;b', { kind: 'bad-activity-mask', text: 'a;b' }],
    ['mia games steam none', { kind: 'usage', command: 'playtime' }],
    ['mia 25h', { kind: 'duration-too-long', text: '25h', maxSeconds: RULE_BOUNDS.daySeconds }],
    ['mia maybe', { kind: 'unknown-day', text: 'maybe' }],
    ['mia games', { kind: 'usage', command: 'playtime' }],
    ['mia on off', { kind: 'usage', command: 'playtime' }],
    ['mia weekend on', { kind: 'usage', command: 'playtime' }],
  ])('%j is refused', (text, problem) => {
    expect(problemOf('playtime', text)).toEqual(problem);
  });

  test('a 10 KB mask is refused and cut', () => {
    expect(problemOf('playtime', `mia games ${'x'.repeat(10_240)}`)).toEqual({ kind: 'bad-activity-mask', text: `${'x'.repeat(MAX_PROBLEM_TEXT - 1)}…` });
    expect(problemOf('playtime', `mia games ${';'.repeat(10_240)} desktop`)).toEqual({ kind: 'bad-activity-mask', text: `${';'.repeat(MAX_PROBLEM_TEXT - 1)}…` });
  });

  test('no typed text longer than MAX_PROBLEM_TEXT travels in a problem', () => {
    const long = 'z'.repeat(10_240);
    const texts: [RulesCommand, string][] = [
      ['hours', `mia mon,${long} 8-9`],
      ['hours', `mia ${long}:00-9`],
      ['limit', `mia ${long}h`],
      ['limit', `mia 1${long}`],
      ['lockout', `mia ${long}`],
      ['lockout', `mia suspendwake 7-${long}`],
      ['limit', `mia 2h ${long}`],
      ['playtime', `mia games steam[${long}`],
    ];
    for (const [command, text] of texts) {
      const problem = problemOf(command, text) as Record<string, unknown>;
      for (const value of Object.values(problem)) {
        if (typeof value === 'string') expect([...value].length).toBeLessThanOrEqual(MAX_PROBLEM_TEXT);
      }
    }
  });
});

describe('/lockout', () => {
  test.each<[string, RulesEdit]>([
    ['mia lock', { kind: 'lockout', lockout: { type: 'lock' } }],
    ['mia suspend', { kind: 'lockout', lockout: { type: 'suspend' } }],
    ['mia terminate', { kind: 'lockout', lockout: { type: 'terminate' } }],
    ['mia shutdown', { kind: 'lockout', lockout: { type: 'shutdown' } }],
    ['mia Sperren', { kind: 'lockout', lockout: { type: 'lock' } }],
    ['mia ruhezustand', { kind: 'lockout', lockout: { type: 'suspend' } }],
    ['mia abmelden', { kind: 'lockout', lockout: { type: 'terminate' } }],
    ['mia herunterfahren', { kind: 'lockout', lockout: { type: 'shutdown' } }],
    ['mia suspendwake 7-18', { kind: 'lockout', lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } } }],
    ['mia suspendwake 7:00-18:00', { kind: 'lockout', lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } } }],
    ['mia suspendwake 9-9', { kind: 'lockout', lockout: { type: 'suspendwake', wake: { fromHour: 9, toHour: 9 } } }],
    ['mia suspendwake', { kind: 'lockout', lockout: { type: 'suspendwake', wake: { fromHour: 0, toHour: 23 } } }],
  ])('%j', (text, edit) => {
    expect(editOf('lockout', text)).toEqual(edit);
  });

  test.each([
    ['mia sleep', { kind: 'unknown-lockout', text: 'sleep' }],
    ['mia lock 7-18', { kind: 'wake-hours-need-suspendwake', type: 'lock' }],
    ['mia herunterfahren 7-18', { kind: 'wake-hours-need-suspendwake', type: 'shutdown' }],
    ['mia suspendwake 18-7', { kind: 'bad-wake-hours', text: '18-7' }],
    ['mia suspendwake 7-24', { kind: 'bad-wake-hours', text: '7-24' }],
    ['mia suspendwake 7:30-18', { kind: 'bad-wake-hours', text: '7:30-18' }],
    ['mia suspendwake 7', { kind: 'bad-wake-hours', text: '7' }],
    ['mia suspendwake 7-18 9-10', { kind: 'usage', command: 'lockout' }],
    ['mia on', { kind: 'usage', command: 'lockout' }],
  ])('%j is refused', (text, problem) => {
    expect(problemOf('lockout', text)).toEqual(problem);
  });
});

describe('exceptions: /tonight, /today, /tomorrow', () => {
  test('each reads into an exception of its fixed day', () => {
    expect(parseRulesArguments(config, 'tonight', 'mia 22:30', TODAY)).toMatchObject({ ok: true, value: { edit: { kind: 'exception', exception: { kind: 'tonight', date: TODAY, toMinute: 1350 } } } });
    expect(parseRulesArguments(config, 'tonight', 'mia 24', TODAY)).toMatchObject({ ok: true, value: { edit: { exception: { kind: 'tonight', toMinute: 1440 } } } });
    expect(parseRulesArguments(config, 'today', 'mia 3h', TODAY)).toMatchObject({ ok: true, value: { edit: { exception: { kind: 'day-limit', date: TODAY, seconds: 10_800 } } } });
    expect(parseRulesArguments(config, 'today', 'mia aus', TODAY)).toMatchObject({ ok: true, value: { edit: { exception: { kind: 'day-off', date: TODAY } } } });
    expect(parseRulesArguments(config, 'tomorrow', 'mia off', TODAY)).toMatchObject({ ok: true, value: { edit: { exception: { kind: 'day-off', date: '2026-12-04' } } } });
    expect(parseRulesArguments(config, 'tomorrow', 'mia 1h', TODAY)).toMatchObject({ ok: true, value: { edit: { exception: { kind: 'day-limit', date: '2026-12-04', seconds: 3600 } } } });
  });

  test('a computer named at the end: only that one', () => {
    const result = parseRulesArguments(config, 'tonight', 'mia 21:30 desktop', TODAY);
    expect(result).toMatchObject({ ok: true, value: { machineIds: ['desktop'] } });
  });

  test('bad values and shapes say what is wrong', () => {
    expect(parseRulesArguments(config, 'tonight', 'mia 25:00', TODAY)).toEqual({ ok: false, error: { kind: 'bad-time', text: '25:00' } });
    expect(parseRulesArguments(config, 'tonight', 'mia 0:00', TODAY)).toEqual({ ok: false, error: { kind: 'bad-time', text: '0:00' } });
    expect(parseRulesArguments(config, 'today', 'mia 2', TODAY)).toEqual({ ok: false, error: { kind: 'duration-without-unit', text: '2' } });
    expect(parseRulesArguments(config, 'tomorrow', 'mia', TODAY)).toEqual({ ok: false, error: { kind: 'usage', command: 'tomorrow' } });
    expect(parseRulesArguments(config, 'today', 'mia 2h 3h', TODAY)).toEqual({ ok: false, error: { kind: 'usage', command: 'today' } });
  });
});
