import { describe, expect, test } from 'vitest';
import { formatHistory, historyStart, parseHistoryArguments, type HistoryRequest } from '../../../src/bot/history.ts';
import type { ChangeStatus, HistoryEntry } from '../../../src/storage/store.ts';
import { configOf, familyConfig, familyFile } from '../../support/bot-config.ts';

const config = familyConfig();

/** The family with a child whose name has a space. */
function withMiaRose() {
  const file = familyFile();
  file.children = { ...file.children, rose: { name: 'Mia Rose', accounts: { laptop: 'rose' } } };
  return configOf(file);
}

describe('parseHistoryArguments', () => {
  test('nothing: everyone, today', () => {
    expect(parseHistoryArguments(config, '')).toEqual({ ok: true, value: { childId: undefined, days: 1 } });
    expect(parseHistoryArguments(config, '   ')).toEqual({ ok: true, value: { childId: undefined, days: 1 } });
  });

  test('a child by id or name, any case', () => {
    expect(parseHistoryArguments(config, 'mia')).toEqual({ ok: true, value: { childId: 'mia', days: 1 } });
    expect(parseHistoryArguments(config, 'LEO')).toEqual({ ok: true, value: { childId: 'leo', days: 1 } });
  });

  test('days alone', () => {
    expect(parseHistoryArguments(config, '3')).toEqual({ ok: true, value: { childId: undefined, days: 3 } });
  });

  test('child and days in either order', () => {
    expect(parseHistoryArguments(config, 'mia 3')).toEqual({ ok: true, value: { childId: 'mia', days: 3 } });
    expect(parseHistoryArguments(config, '3 mia')).toEqual({ ok: true, value: { childId: 'mia', days: 3 } });
    expect(parseHistoryArguments(config, '  leo   7 ')).toEqual({ ok: true, value: { childId: 'leo', days: 7 } });
  });

  test('a child whose name has a space', () => {
    const family = withMiaRose();
    expect(parseHistoryArguments(family, 'Mia Rose 2')).toEqual({ ok: true, value: { childId: 'rose', days: 2 } });
    expect(parseHistoryArguments(family, '2 mia rose')).toEqual({ ok: true, value: { childId: 'rose', days: 2 } });
    expect(parseHistoryArguments(family, 'Mia')).toEqual({ ok: true, value: { childId: 'mia', days: 1 } });
  });

  test('the limits: 1 and 31 days', () => {
    expect(parseHistoryArguments(config, '1')).toEqual({ ok: true, value: { childId: undefined, days: 1 } });
    expect(parseHistoryArguments(config, '31')).toEqual({ ok: true, value: { childId: undefined, days: 31 } });
  });

  test('days out of range', () => {
    for (const text of ['0', '32', 'mia 0', '999999999999999999999']) {
      const result = parseHistoryArguments(config, text);
      expect(result, text).toEqual({ ok: false, error: 'Days must be from 1 to 31.' });
    }
  });

  test('two numbers: how to use it', () => {
    const result = parseHistoryArguments(config, '1 2');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('/history [child] [days]');
  });

  test('an unknown child: an error naming it and listing the children', () => {
    const result = parseHistoryArguments(config, 'sam 2');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('"sam"');
      expect(result.error).toContain('Mia, Leo');
    }
  });
});

describe('historyStart', () => {
  test('one day: local midnight today', () => {
    expect(historyStart(new Date(2026, 2, 5, 14, 37, 12), 1)).toBe(new Date(2026, 2, 5, 0, 0, 0, 0).getTime());
  });

  test('several days: local midnight days - 1 days before', () => {
    expect(historyStart(new Date(2026, 2, 5, 14, 37), 3)).toBe(new Date(2026, 2, 3).getTime());
    expect(historyStart(new Date(2026, 2, 2, 0, 0, 1), 5)).toBe(new Date(2026, 1, 26).getTime());
  });

  test('right after midnight still starts at that midnight', () => {
    expect(historyStart(new Date(2026, 0, 1, 0, 0, 0, 1), 1)).toBe(new Date(2026, 0, 1).getTime());
    expect(historyStart(new Date(2026, 0, 1, 0, 0), 2)).toBe(new Date(2025, 11, 31).getTime());
  });
});

const at = (hours: number, minutes: number, date = 5) => new Date(2026, 2, date, hours, minutes).getTime();

function changeEntry(fields: Partial<Extract<HistoryEntry, { type: 'change' }>> = {}): HistoryEntry {
  return {
    type: 'change',
    id: 1,
    at: at(9, 7),
    parentId: 1001,
    parentName: 'Anna',
    childId: 'mia',
    machineId: 'desktop',
    minutes: 15,
    status: 'applied',
    detail: undefined,
    secondsLeft: 3900,
    ...fields,
  };
}

function alertEntry(fields: Partial<Extract<HistoryEntry, { type: 'alert' }>> = {}): HistoryEntry {
  return { type: 'alert', at: at(8, 5), childId: 'mia', machineId: 'desktop', kind: 'low', thresholdMinutes: 5, secondsLeft: 181, ...fields };
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
      changeEntry({ at: at(21, 45, 5), childId: 'leo', minutes: -10, secondsLeft: 0 }),
      changeEntry({ at: at(7, 3, 4), childId: 'leo', minutes: 30, secondsLeft: undefined }),
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

  test('each status of a change', () => {
    const statuses: [ChangeStatus, string][] = [
      ['applied', '✅'],
      ['capped', '⚠️ capped'],
      ['failed', '❌ failed'],
      ['unknown', '❓ unknown'],
      ['pending', '❓ unknown'],
    ];
    for (const [status, mark] of statuses) {
      const text = formatHistory(config, today, [changeEntry({ status, secondsLeft: undefined, detail: 'ignored detail' })]);
      expect(text, status).toBe(`<b>History today</b>\n09:07 Anna: +15 min for Mia on desktop ${mark}`);
    }
  });

  test('names are HTML-escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom <&> Jerry', accounts: { desktop: 'tom' } } };
    const family = configOf(file);
    const text = formatHistory(family, { childId: 'tom', days: 1 }, [
      changeEntry({ childId: 'tom', parentName: '<b>Dad</b>', secondsLeft: undefined }),
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
      changeEntry({ at: at(9, index % 60), childId: 'max', machineId: 'living-room-computer1', parentName: 'Alexandra-Sophie '.repeat(3), minutes: -1440, status: 'capped' }),
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
