import { describe, expect, test } from 'vitest';
import type { HistoryRequest } from '../../../../src/bot/history-request.ts';
import { formatHistory } from '../../../../src/bot/render/history.ts';
import type { AlertRecord, ChangeRecord, ChangeState, HistoryEntry } from '../../../../src/storage/store.ts';
import { configOf, familyConfig, familyFile } from '../../../support/bot-config.ts';

const config = familyConfig();

/** The family with a child whose name has a space. */

const at = (hours: number, minutes: number, date = 5) => new Date(2026, 2, date, hours, minutes).getTime();

/** A change entry; `outcome` defaults to applied with 1h 05m left. */
function changeEntry(fields: Partial<ChangeRecord> = {}): HistoryEntry {
  return {
    kind: 'change',
    change: {
      id: 1,
      at: at(9, 7),
      parentId: 1001,
      parentName: 'Anna',
      childId: 'mia',
      machineId: 'desktop',
      minutes: 15,
      outcome: { kind: 'applied', secondsLeft: 3900 },
      ...fields,
    },
  };
}

function alertEntry(fields: Partial<AlertRecord> = {}): HistoryEntry {
  return { kind: 'alert', alert: { at: at(8, 5), childId: 'mia', machineId: 'desktop', kind: 'low', thresholdMinutes: 5, secondsLeft: 181, ...fields } };
}

const today: HistoryRequest = { childId: undefined, days: 1 };

describe('formatHistory', () => {
  test('nothing: one sentence naming the period and the child', () => {
    expect(formatHistory(config, today, [])).toBe('Nothing happened today.');
    expect(formatHistory(config, { childId: 'mia', days: 3 }, [])).toBe('Nothing happened for Mia in the last 3 days.');
  });

  test('one day: a header and each entry with HH:MM', () => {
    expect(formatHistory(config, today, [changeEntry()])).toBe('<b>History today</b>\n09:07 Anna: +15 min for Mia on desktop ✅, 1h 05m left');
  });

  test('several days: each entry with its date and time', () => {
    const text = formatHistory(config, { childId: 'leo', days: 3 }, [
      changeEntry({ at: at(21, 45, 5), childId: 'leo', minutes: -10, outcome: { kind: 'applied', secondsLeft: 0 } }),
      changeEntry({ at: at(7, 3, 4), childId: 'leo', minutes: 30, outcome: { kind: 'not-read-back', failure: 'busy' } }),
    ]);
    expect(text).toBe(
      [
        '<b>History for Leo in the last 3 days</b>',
        '5 Mar 21:45 Anna: \u221210 min for Leo on desktop ✅, 0m left',
        '4 Mar 07:03 Anna: +30 min for Leo on desktop ✅',
      ].join('\n'),
    );
  });

  test('alerts: low (minutes rounded up) and up', () => {
    const text = formatHistory(config, today, [
      alertEntry({ at: at(10, 0), kind: 'up', thresholdMinutes: undefined, secondsLeft: 0, machineId: 'laptop' }),
      alertEntry(),
    ]);
    expect(text.split('\n').slice(1)).toEqual(["10:00 ⌛ Mia's time on laptop was up", '08:05 ⏳ alert: Mia had 4 min left on desktop']);
  });

  test('each outcome of a change', () => {
    const outcomes: [ChangeState, string][] = [
      [{ kind: 'applied', secondsLeft: 3900 }, '✅, 1h 05m left'],
      [{ kind: 'not-read-back', failure: 'busy' }, '✅'],
      [{ kind: 'capped', secondsLeft: 600 }, '⚠️ capped, 10m left'],
      [{ kind: 'failed', failure: 'timeout' }, '❌ failed'],
      [{ kind: 'unknown', failure: 'connection-lost' }, '❓ unknown'],
      [{ kind: 'pending' }, '❓ unknown'],
      [{ kind: 'interrupted' }, '❓ unknown'],
    ];
    for (const [outcome, mark] of outcomes) {
      const text = formatHistory(config, today, [changeEntry({ outcome })]);
      expect(text, outcome.kind).toBe(`<b>History today</b>\n09:07 Anna: +15 min for Mia on desktop ${mark}`);
    }
  });

  test('names are HTML-escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom <&> Jerry', accounts: { desktop: 'tom' } } };
    const family = configOf(file);
    const text = formatHistory(family, { childId: 'tom', days: 1 }, [
      changeEntry({ childId: 'tom', parentName: '<b>Dad</b>', outcome: { kind: 'not-read-back', failure: 'busy' } }),
      alertEntry({ childId: 'tom' }),
    ]);
    expect(text).toBe(
      [
        '<b>History for Tom &lt;&amp;&gt; Jerry today</b>',
        '09:07 &lt;b&gt;Dad&lt;/b&gt;: +15 min for Tom &lt;&amp;&gt; Jerry on desktop ✅',
        '08:05 ⏳ alert: Tom &lt;&amp;&gt; Jerry had 4 min left on desktop',
      ].join('\n'),
    );
  });

  test('a child no longer in the config is shown by id', () => {
    expect(formatHistory(config, today, [alertEntry({ childId: 'sam' })])).toContain('alert: sam had 4 min left');
  });

  test('at most 40 entries, then how many earlier ones were left out', () => {
    const entries = Array.from({ length: 45 }, (_, index) => changeEntry({ id: index, minutes: index + 1, at: at(20, 0) - index * 60_000 }));
    const lines = formatHistory(config, today, entries).split('\n');
    expect(lines).toHaveLength(1 + 40 + 1);
    expect(lines[1]).toContain('+1 min');
    expect(lines[40]).toContain('+40 min');
    expect(lines.some((line) => line.includes('+41 min'))).toBe(false);
    expect(lines[41]).toBe('… and 5 earlier');
  });

  test('long names: the message stays within what Telegram accepts, and says how many were left out', () => {
    const long = configOf({
      telegram: { parents: [1001] },
      machines: { 'living-room-computer1': { host: 'pc.lan' } },
      children: { max: { name: 'Maximilian Alexander '.repeat(3).trim(), accounts: { 'living-room-computer1': 'max' } } },
    });
    const entries = Array.from({ length: 40 }, (_, index) =>
      changeEntry({ at: at(9, index % 60), childId: 'max', machineId: 'living-room-computer1', parentName: 'Alexandra-Sophie '.repeat(3), minutes: -1440, outcome: { kind: 'capped', secondsLeft: 3900 } }),
    );
    const text = formatHistory(long, { childId: undefined, days: 31 }, entries);
    expect(text.replace(/<[^>]+>/g, '').length).toBeLessThanOrEqual(4096);
    const shown = text.split('\n').filter((line) => line.includes('Alexandra-Sophie')).length;
    expect(shown).toBeLessThan(40);
    expect(text).toContain(`… and ${40 - shown} earlier`);
  });

  test('exactly 40 entries: no "earlier" line', () => {
    const entries = Array.from({ length: 40 }, (_, index) => changeEntry({ id: index }));
    const lines = formatHistory(config, today, entries).split('\n');
    expect(lines).toHaveLength(41);
    expect(lines.at(-1)).not.toContain('earlier');
  });
});
