import { describe, expect, test } from 'vitest';
import type { ChildConfig, Config } from '../../../src/config/types.ts';
import { buildChartSpec } from '../../../src/reports/chart-spec.ts';
import { buildReport, type ReportData } from '../../../src/reports/report.ts';
import type { AskRecord, AskState } from '../../../src/storage/asks.ts';
import type { ChangeRecord, ChangeState } from '../../../src/storage/store.ts';
import type { UsageDay } from '../../../src/storage/usage.ts';
import { configOf, familyConfig, familyFile, PARENT_ANNA, PARENT_BEN } from '../../support/bot-config.ts';
import { english, german } from '../../support/words.ts';

// The week of Monday 30 November 2026; today is Wednesday 2 December. Mia uses desktop and laptop, Leo desktop.

const config = familyConfig();

function child(config: Config, id: string): ChildConfig {
  const found = config.children.get(id);
  if (found === undefined) throw new Error(`no child ${id} in the test config`);
  return found;
}

const MIA = child(config, 'mia');
const LEO = child(config, 'leo');

function row(childId: string, machineId: string, day: string, secondsSpent: number, limitSeconds: number | undefined): UsageDay {
  return { childId, machineId, day, at: 0, secondsSpent, limitSeconds, complete: true, estimated: false };
}

let lastId = 0;

function change(parentName: string, childId: string, minutes: number, outcome: ChangeState): ChangeRecord {
  return { id: ++lastId, at: 0, parentId: parentName === 'Anna' ? PARENT_ANNA : PARENT_BEN, parentName, childId, machineId: 'desktop', minutes, chatId: undefined, outcome };
}

function ask(childId: string, state: AskState): AskRecord {
  return { id: ++lastId, at: 0, childId, askerId: 5550001, chatId: 5550001, messageId: 1, minutes: 30, reason: undefined, machineId: undefined, expiresAt: 0, state };
}

const answerer = { at: 0, byId: PARENT_ANNA, byName: 'Anna' };

/** Mia's week so far: Monday on both computers (the longest), Tuesday over the limit, a little today. */
const MIA_WEEK: readonly UsageDay[] = [
  row('mia', 'desktop', '2026-11-30', 5400, 7200),
  row('mia', 'laptop', '2026-11-30', 3000, 5400),
  row('mia', 'desktop', '2026-12-01', 7800, 7200),
  // Not used, no limit that day on the laptop: no share, no limit.
  row('mia', 'laptop', '2026-12-01', 0, 0),
  row('mia', 'laptop', '2026-12-02', 600, 3600),
];

function data(fields: Partial<ReportData> = {}): ReportData {
  return { period: 'week', lastDay: '2026-12-02', today: '2026-12-02', children: [MIA, LEO], usage: MIA_WEEK, changes: [], asks: [], ...fields };
}

describe('buildReport: the chart', () => {
  test('one panel per child, each day stacked by computer with the largest limit, today partial', () => {
    const { chart } = buildReport(english, config, data());
    expect(chart).toEqual({
      title: 'Screen time, week of 30 Nov',
      machines: ['desktop', 'laptop'],
      // The chart's words travel with it to the process that draws it; the y axis goes up to Tuesday's 2h 10m.
      texts: {
        subtitle: 'Time used each day, by computer',
        soFar: '(so far)',
        partialLegend: 'today, so far',
        limitLegend: 'daily limit',
        ticks: { '0': '0', '30': '30m', '60': '1h', '90': '1h 30m', '120': '2h', '150': '2h 30m' },
      },
      children: [
        {
          name: 'Mia',
          days: [
            { date: '2026-11-30', label: 'Mon 30', partial: false, limitSeconds: 7200, byMachine: [{ machine: 'desktop', seconds: 5400 }, { machine: 'laptop', seconds: 3000 }] },
            { date: '2026-12-01', label: 'Tue 1', partial: false, limitSeconds: 7200, byMachine: [{ machine: 'desktop', seconds: 7800 }] },
            { date: '2026-12-02', label: 'Wed 2', partial: true, limitSeconds: 3600, byMachine: [{ machine: 'laptop', seconds: 600 }] },
          ],
        },
        {
          name: 'Leo',
          days: [
            { date: '2026-11-30', label: 'Mon 30', partial: false, limitSeconds: undefined, byMachine: [] },
            { date: '2026-12-01', label: 'Tue 1', partial: false, limitSeconds: undefined, byMachine: [] },
            { date: '2026-12-02', label: 'Wed 2', partial: true, limitSeconds: undefined, byMachine: [] },
          ],
        },
      ],
    });
  });

  test('computers in config order (each keeps its colour), only those of the children shown', () => {
    const file = familyFile();
    const reordered = configOf({ ...file, machines: { tablet: { host: 'tablet.lan' }, laptop: { host: 'laptop.lan' }, desktop: { host: '192.168.1.20' } } });
    const mia = child(reordered, 'mia');
    const both = buildReport(english, reordered, data({ children: [mia, child(reordered, 'leo')] }));
    expect(both.chart?.machines).toEqual(['laptop', 'desktop']);
    // Within a day, the shares follow the child's accounts (the chart's colours come from `machines`).
    expect(both.chart?.children[0]?.days[0]?.byMachine.map((share) => share.machine)).toEqual(['desktop', 'laptop']);
    const leoOnly = buildReport(english, reordered, data({ children: [child(reordered, 'leo')], usage: [row('leo', 'desktop', '2026-12-01', 60, 3600)] }));
    expect(leoOnly.chart?.machines).toEqual(['desktop']);
  });

  test('a row of a computer the child no longer has counts for nothing', () => {
    const { chart, caption } = buildReport(english, config, data({ children: [MIA], usage: [row('mia', 'desktop', '2026-12-01', 600, 3600), row('mia', 'attic', '2026-12-01', 9000, 10_800)] }));
    expect(chart?.children[0]?.days[1]).toMatchObject({ limitSeconds: 3600, byMachine: [{ machine: 'desktop', seconds: 600 }] });
    expect(caption).toContain('Mia: 10m in total (today so far),');
  });

  test('a day of the week still to come is not shown; a week read after it ended has no partial day', () => {
    // The digest of Sunday 6 December, made on Monday 7.
    const { chart, caption } = buildReport(english, config, data({ lastDay: '2026-12-06', today: '2026-12-07' }));
    const days = chart?.children[0]?.days ?? [];
    expect(days.map((day) => day.label)).toEqual(['Mon 30', 'Tue 1', 'Wed 2', 'Thu 3', 'Fri 4', 'Sat 5', 'Sun 6']);
    expect(days.some((day) => day.partial)).toBe(false);
    expect(caption.split('\n\n')[0]).toBe('Screen time the week Mon 30 Nov – Sun 6 Dec');
    // 4h 40m over seven days.
    expect(caption).toContain('Mia: 4h 40m in total, 40m a day on average.');
  });

  test('a month: the 1st to today, labelled by date', () => {
    const { chart, caption } = buildReport(english, config, data({ period: 'month' }));
    expect(chart?.title).toBe('Screen time, December 2026');
    expect(chart?.children[0]?.days.map((day) => [day.label, day.partial])).toEqual([
      ['1', false],
      ['2', true],
    ]);
    expect(caption.split('\n\n')[0]).toBe('Screen time this month (December 2026, to Wed 2 Dec)');
  });
});

describe('buildReport: the caption', () => {
  test('per child: total, daily average, longest day, days over the limit, parents\' changes, asks', () => {
    const changes = [
      change('Anna', 'mia', 15, { kind: 'applied', secondsLeft: 900 }),
      change('Ben', 'mia', 30, { kind: 'capped', secondsLeft: 1200 }),
      change('Anna', 'mia', -60, { kind: 'not-read-back', failure: 'timeout' }),
      // Not made (or not known to be): not counted.
      change('Ben', 'mia', 60, { kind: 'failed', failure: 'unreachable' }),
      change('Ben', 'mia', 45, { kind: 'unknown', failure: 'timeout' }),
      change('Anna', 'mia', 5, { kind: 'pending' }),
      change('Anna', 'mia', 10, { kind: 'interrupted' }),
      change('Ben', 'leo', 20, { kind: 'applied', secondsLeft: 1200 }),
    ];
    const asks = [
      ask('mia', { kind: 'given', ...answerer, minutes: 30, machine: '*', secondsLeft: 1800, failure: undefined }),
      ask('mia', { kind: 'denied', ...answerer }),
      ask('mia', { kind: 'open' }),
      ask('mia', { kind: 'expired' }),
      ask('leo', { kind: 'given', ...answerer, minutes: 15, machine: 'desktop', secondsLeft: 900, failure: undefined }),
    ];
    const { caption } = buildReport(english, config, data({ changes, asks }));
    expect(caption).toBe(
      [
        'Screen time this week (Mon 30 Nov – Wed 2 Dec)',
        // 5400 + 3000 + 7800 + 600 s = 4h 40m over three days; Monday 2h 20m; Monday and Tuesday over 2h.
        'Mia: 4h 40m in total (today so far), 1h 33m a day on average. Longest day: Mon 30 Nov, 2h 20m (desktop 1h 30m, laptop 50m). ' +
          "Over the day's limit on 2 days (with time given). Parents changed Mia's time by −15 min (Anna −45 min, Ben +30 min). " +
          'Asked for more 4 times: 1 given, 1 refused, 2 not answered.',
        "Leo: no screen time recorded yet. Parents changed Leo's time by +20 min (Ben +20 min). Asked for more 1 time: 1 given, 0 refused.",
      ].join('\n\n'),
    );
  });

  test('a longest day on one computer names no computers; one day over the limit', () => {
    // 5860 s in three days.
    const usage = [row('leo', 'desktop', '2026-11-30', 1800, 3600), row('leo', 'desktop', '2026-12-01', 4000, 3600), row('leo', 'desktop', '2026-12-02', 60, 3600)];
    const { caption } = buildReport(english, config, data({ children: [LEO], usage }));
    expect(caption).toBe(
      'Screen time this week (Mon 30 Nov – Wed 2 Dec)\n\n' +
        "Leo: 1h 37m in total (today so far), 32m a day on average. Longest day: Tue 1 Dec, 1h 06m. Over the day's limit on 1 day (with time given).",
    );
  });

  test('recorded but not used: no empty chart, the words say so', () => {
    const { chart, caption } = buildReport(english, config, data({ children: [LEO], usage: [row('leo', 'desktop', '2026-12-01', 0, 3600)] }));
    expect(chart).toBeUndefined();
    expect(caption).toBe('Screen time this week (Mon 30 Nov – Wed 2 Dec): no screen time used or recorded for Leo. The bot records it while it runs and reads the computers.');
  });

  test('on Monday the week is one day', () => {
    const { caption } = buildReport(english, config, data({ lastDay: '2026-11-30', today: '2026-11-30', children: [MIA] }));
    expect(caption).toBe(
      'Screen time this week (Mon 30 Nov)\n\n' +
        "Mia: 2h 20m in total (today so far), 2h 20m a day on average. Longest day: Mon 30 Nov, 2h 20m (desktop 1h 30m, laptop 50m). Over the day's limit on 1 day (with time given).",
    );
  });
});

describe('buildReport: nothing recorded', () => {
  test('no chart, the caption says so in words', () => {
    const report = buildReport(english, config, data({ usage: [] }));
    expect(report.chart).toBeUndefined();
    expect(report.caption).toBe(
      'Screen time this week (Mon 30 Nov – Wed 2 Dec): no screen time used or recorded for any child. The bot records it while it runs and reads the computers.',
    );
  });

  test('for one child, by name; another child\'s rows do not count', () => {
    const report = buildReport(english, config, data({ period: 'month', children: [LEO], usage: MIA_WEEK }));
    expect(report.chart).toBeUndefined();
    expect(report.caption).toBe(
      'Screen time this month (December 2026, to Wed 2 Dec): no screen time used or recorded for Leo. The bot records it while it runs and reads the computers.',
    );
  });
});

describe('buildReport in German', () => {
  const changes = [change('Anna', 'mia', 15, { kind: 'applied', secondsLeft: 900 }), change('Ben', 'mia', -45, { kind: 'applied', secondsLeft: 0 }), change('Ben', 'leo', 20, { kind: 'applied', secondsLeft: 1200 })];
  const asks = [ask('mia', { kind: 'given', ...answerer, minutes: 30, machine: '*', secondsLeft: 1800, failure: undefined }), ask('mia', { kind: 'open' }), ask('leo', { kind: 'denied', ...answerer })];

  test('the caption: dates and durations through Intl and the locale file, plurals, today so far', () => {
    const { caption } = buildReport(german, config, data({ changes, asks }));
    expect(caption).toBe(
      [
        'Bildschirmzeit diese Woche (Mo., 30. Nov. – Mi., 2. Dez.)',
        'Mia: insgesamt 4 Std. 40 Min. (heute bis jetzt), im Schnitt 1 Std. 33 Min. am Tag. ' +
          'Längster Tag: Mo., 30. Nov., 2 Std. 20 Min. (desktop 1 Std. 30 Min., laptop 50 Min.). An 2 Tagen über dem Tageslimit (mit geschenkter Zeit). ' +
          'Eltern haben die Zeit von Mia um −30 Min. geändert (Anna +15 Min., Ben −45 Min.). 2-mal um mehr Zeit gebeten: 1 bewilligt, 0 abgelehnt, 1 unbeantwortet.',
        'Leo: noch keine Bildschirmzeit aufgezeichnet. Eltern haben die Zeit von Leo um +20 Min. geändert (Ben +20 Min.). Einmal um mehr Zeit gebeten: 0 bewilligt, 1 abgelehnt.',
      ].join('\n\n'),
    );
  });

  test('one day over the limit; a longest day on one computer ends with its duration, not with two dots', () => {
    const usage = [row('leo', 'desktop', '2026-11-30', 1800, 3600), row('leo', 'desktop', '2026-12-01', 4000, 3600)];
    const { caption } = buildReport(german, config, data({ children: [LEO], usage }));
    expect(caption.split('\n\n')[1]).toBe('Leo: insgesamt 1 Std. 36 Min. (heute bis jetzt), im Schnitt 32 Min. am Tag. Längster Tag: Di., 1. Dez., 1 Std. 06 Min. An einem Tag über dem Tageslimit (mit geschenkter Zeit).');
  });

  test('the chart: title, weekday names through Intl, and the words it is drawn with', () => {
    const { chart } = buildReport(german, config, data());
    expect(chart?.title).toBe('Bildschirmzeit, Woche vom 30. Nov.');
    expect(chart?.children[0]?.days.map((day) => day.label)).toEqual(['Mo 30.', 'Di 1.', 'Mi 2.']);
    expect(chart?.texts).toEqual({
      subtitle: 'Genutzte Zeit pro Tag, nach Computer',
      soFar: '(bis jetzt)',
      partialLegend: 'heute bis jetzt',
      limitLegend: 'Tageslimit',
      ticks: { '0': '0', '30': '30 min', '60': '1 h', '90': '1:30 h', '120': '2 h', '150': '2:30 h' },
    });
    // One computer: the subtitle does not speak of computers.
    const leo = buildReport(german, config, data({ children: [LEO], usage: [row('leo', 'desktop', '2026-12-01', 600, 3600)] }));
    expect(leo.chart?.texts.subtitle).toBe('Genutzte Zeit pro Tag');
  });

  test('the spec the chart is drawn from carries the German words', () => {
    const { chart } = buildReport(german, config, data());
    if (chart === undefined) throw new Error('no chart');
    const spec = JSON.stringify(buildChartSpec(chart));
    for (const text of ['Bildschirmzeit, Woche vom 30. Nov.', 'Genutzte Zeit pro Tag, nach Computer', '"2026-11-30\\":\\"Mo 30.\\"', '[\\"Mi 2.\\",\\"(bis jetzt)\\"]', 'Tageslimit', 'heute bis jetzt', '1:30 h']) {
      expect(spec).toContain(text);
    }
    expect(spec).not.toMatch(/Screen time|so far|daily limit|Mon 30/);
  });

  test('a past week, a month, and nothing recorded', () => {
    expect(buildReport(german, config, data({ lastDay: '2026-12-06', today: '2026-12-07' })).caption.split('\n\n')[0]).toBe('Bildschirmzeit in der Woche Mo., 30. Nov. – So., 6. Dez.');
    const month = buildReport(german, config, data({ period: 'month' }));
    expect(month.chart?.title).toBe('Bildschirmzeit, Dezember 2026');
    expect(month.caption.split('\n\n')[0]).toBe('Bildschirmzeit diesen Monat (Dezember 2026, bis Mi., 2. Dez.)');
    expect(buildReport(german, config, data({ period: 'month', lastDay: '2026-11-30', today: '2026-12-02' })).caption.split('\n\n')[0]).toBe('Bildschirmzeit im November 2026');
    expect(buildReport(german, config, data({ children: [LEO] })).caption).toBe(
      'Bildschirmzeit diese Woche (Mo., 30. Nov. – Mi., 2. Dez.): Für Leo wurde keine Bildschirmzeit genutzt oder aufgezeichnet. Der Bot zeichnet sie auf, solange er läuft und die Computer abfragt.',
    );
    expect(buildReport(german, config, data({ usage: [] })).caption).toBe(
      'Bildschirmzeit diese Woche (Mo., 30. Nov. – Mi., 2. Dez.): Für kein Kind wurde Bildschirmzeit genutzt oder aufgezeichnet. Der Bot zeichnet sie auf, solange er läuft und die Computer abfragt.',
    );
  });
});
