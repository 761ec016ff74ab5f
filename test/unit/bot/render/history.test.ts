import { describe, expect, test } from 'vitest';
import type { HistoryRequest } from '../../../../src/bot/history-request.ts';
import { formatHistory, historyProblemText } from '../../../../src/bot/render/history.ts';
import type { AlertRecord, ChangeRecord, ChangeState, HistoryEntry } from '../../../../src/storage/store.ts';
import { configOf, familyConfig, familyFile } from '../../../support/bot-config.ts';
import { english, german } from '../../../support/words.ts';

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
    expect(formatHistory(english, config, today, [])).toBe('Nothing happened today.');
    expect(formatHistory(english, config, { childId: 'mia', days: 3 }, [])).toBe('Nothing happened for Mia in the last 3 days.');
  });

  test('one day: a header and each entry with HH:MM', () => {
    expect(formatHistory(english, config, today, [changeEntry()])).toBe('<b>History today</b>\n09:07 Anna: +15 min for Mia on desktop ✅, 1h 05m left');
  });

  test('several days: each entry with its date and time', () => {
    const text = formatHistory(english, config, { childId: 'leo', days: 3 }, [
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
    const text = formatHistory(english, config, today, [
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
      const text = formatHistory(english, config, today, [changeEntry({ outcome })]);
      expect(text, outcome.kind).toBe(`<b>History today</b>\n09:07 Anna: +15 min for Mia on desktop ${mark}`);
    }
  });

  test('names are HTML-escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom <&> Jerry', accounts: { desktop: 'tom' } } };
    const family = configOf(file);
    const text = formatHistory(english, family, { childId: 'tom', days: 1 }, [
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
    expect(formatHistory(english, config, today, [alertEntry({ childId: 'sam' })])).toContain('alert: sam had 4 min left');
  });

  test('at most 40 entries, then how many earlier ones were left out', () => {
    const entries = Array.from({ length: 45 }, (_, index) => changeEntry({ id: index, minutes: index + 1, at: at(20, 0) - index * 60_000 }));
    const lines = formatHistory(english, config, today, entries).split('\n');
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
    const text = formatHistory(english, long, { childId: undefined, days: 31 }, entries);
    expect(text.replace(/<[^>]+>/g, '').length).toBeLessThanOrEqual(4096);
    const shown = text.split('\n').filter((line) => line.includes('Alexandra-Sophie')).length;
    expect(shown).toBeLessThan(40);
    expect(text).toContain(`… and ${40 - shown} earlier`);
  });

  test('exactly 40 entries: no "earlier" line', () => {
    const entries = Array.from({ length: 40 }, (_, index) => changeEntry({ id: index }));
    const lines = formatHistory(english, config, today, entries).split('\n');
    expect(lines).toHaveLength(41);
    expect(lines.at(-1)).not.toContain('earlier');
  });
});

describe('historyProblemText', () => {
  test('how to use it, the days, a name', () => {
    expect(historyProblemText(english, config, { kind: 'usage' })).toBe('Use: /history [child] [days], e.g. /history mia 3');
    expect(historyProblemText(english, config, { kind: 'bad-days' })).toBe('Days must be from 1 to 31.');
    expect(historyProblemText(english, config, { kind: 'unknown-child', name: 'sam' })).toBe('I don\'t know a child called "sam". Children: Mia, Leo.');
  });

  test('in German', () => {
    expect(historyProblemText(german, config, { kind: 'usage' })).toBe("So geht's: /history [Kind] [Tage], z. B. /history mia 3");
    expect(historyProblemText(german, config, { kind: 'bad-days' })).toBe('Tage müssen zwischen 1 und 31 liegen.');
  });
});

describe('formatHistory in German', () => {
  test('nothing, for everyone or one child', () => {
    expect(formatHistory(german, config, today, [])).toBe('Heute ist nichts passiert.');
    expect(formatHistory(german, config, { childId: 'mia', days: 3 }, [])).toBe('Bei Mia ist in den letzten 3 Tagen nichts passiert.');
  });

  test('changes, alerts and dates in German', () => {
    const text = formatHistory(german, config, { childId: undefined, days: 3 }, [
      changeEntry({ at: at(21, 45, 5), minutes: -10, outcome: { kind: 'capped', secondsLeft: 3900 } }),
      changeEntry({ at: at(7, 3, 4), outcome: { kind: 'failed', failure: 'timeout' } }),
      alertEntry({ at: at(6, 0, 4) }),
      alertEntry({ at: at(5, 0, 4), kind: 'up', thresholdMinutes: undefined, secondsLeft: 0 }),
    ]);
    expect(text.split('\n')).toEqual([
      '<b>Verlauf: letzte 3 Tage</b>',
      '5. März 21:45 Anna: \u221210 Min. für Mia auf desktop ⚠️ begrenzt, noch 1 Std. 05 Min.',
      '4. März 07:03 Anna: +15 Min. für Mia auf desktop ❌ fehlgeschlagen',
      '4. März 06:00 ⏳ Warnung: Mia hatte auf desktop noch 4 Min.',
      '4. März 05:00 ⌛ Die Zeit von Mia auf desktop war um',
    ]);
  });

  test("a child's request and its outcome", () => {
    const ask: HistoryEntry = {
      kind: 'ask',
      ask: {
        id: 1,
        at: at(16, 0),
        childId: 'mia',
        askerId: 5550001,
        chatId: -1,
        messageId: 1,
        minutes: 30,
        reason: 'Hausaufgaben',
        machineId: 'desktop',
        expiresAt: at(16, 30),
        state: { kind: 'denied', at: at(16, 5), byId: 1001, byName: 'Anna' },
      },
    };
    expect(formatHistory(german, config, today, [ask])).toBe('<b>Verlauf heute</b>\n16:00 🙋 Mia hat um 30 Min. gebeten (Hausaufgaben): ❌ Anna hat Nein gesagt.');
    expect(formatHistory(english, config, today, [ask])).toBe('<b>History today</b>\n16:00 🙋 Mia asked for 30 min (Hausaufgaben): ❌ Anna said no.');
  });

  test('more than fit: how many earlier ones were left out', () => {
    const entries = Array.from({ length: 45 }, (_, index) => changeEntry({ id: index }));
    expect(formatHistory(german, config, { childId: 'mia', days: 1 }, entries).split('\n').at(-1)).toBe('… und 5 frühere');
  });
});
