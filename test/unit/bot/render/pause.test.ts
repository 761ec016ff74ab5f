import { describe, expect, test } from 'vitest';
import type { PauseLine, ResumeLine } from '../../../../src/household/pausing.ts';
import { formatPauseLines, formatResumeLines, pausedNote, pauseQuestion } from '../../../../src/bot/render/pause.ts';
import type { PauseRecord } from '../../../../src/storage/pauses.ts';
import { familyConfig } from '../../../support/bot-config.ts';
import { english, german } from '../../../support/words.ts';

const config = familyConfig();
const AT = new Date(2026, 2, 5, 18, 40).getTime();
const pause: PauseRecord = { id: 1, at: AT, day: '2026-03-05', childId: 'mia', machineId: 'desktop', byId: 1001, byName: 'Anna', secondsKept: 1500, status: 'paused' };
const unreachable = { kind: 'unreachable', reason: 'no route to host' } as const;

describe('formatPauseLines', () => {
  const lines: PauseLine[] = [
    { kind: 'paused', machineId: 'desktop', secondsKept: 1500 },
    { kind: 'already', machineId: 'desktop', pause },
    { kind: 'failed', machineId: 'desktop', failure: unreachable, maybe: false, unreached: true },
    { kind: 'failed', machineId: 'laptop', failure: { kind: 'connection-lost', commandSent: true }, maybe: true, unreached: false },
    { kind: 'raced', machineId: 'desktop' },
    { kind: 'cancelled', machineId: 'laptop' },
  ];

  test('each outcome, the failure worded where it is shown', () => {
    expect(formatPauseLines(english, config, 'mia', 'Ben', lines).split('\n')).toEqual([
      '⏸ Ben paused Mia on desktop: 25m kept',
      '⏸ Mia is already paused on desktop (by Anna at 18:40)',
      '❌ Mia on desktop: not paused (not reachable (no route to host))',
      expect.stringMatching(/^❓ Mia on laptop: not sure the pause happened \(.+\); \/status shows the time now$/),
      '❌ Mia on desktop: not paused (try again)',
      '▶ Mia on laptop: not paused (the pause was cancelled)',
    ]);
  });

  test('in German', () => {
    expect(formatPauseLines(german, config, 'mia', 'Ben', lines).split('\n')).toEqual([
      '⏸ Ben hat Mia auf desktop angehalten: 25 Min. bleiben erhalten',
      '⏸ Mia ist auf desktop schon angehalten (von Anna um 18:40)',
      '❌ Mia auf desktop: nicht angehalten (nicht erreichbar (no route to host))',
      expect.stringMatching(/^❓ Mia auf laptop: unklar, ob angehalten wurde \(.+\); \/status zeigt die Zeit jetzt$/),
      '❌ Mia auf desktop: nicht angehalten (versuch es noch mal)',
      '▶ Mia auf laptop: nicht angehalten (die Pause wurde abgebrochen)',
    ]);
  });
});

describe('formatResumeLines', () => {
  const lines: ResumeLine[] = [
    { kind: 'resumed', machineId: 'desktop', secondsLeft: 1500, capped: false },
    { kind: 'resumed', machineId: 'laptop', secondsLeft: 600, capped: true },
    { kind: 'not-paused', machineId: 'desktop' },
    { kind: 'failed', machineId: 'desktop', failure: unreachable, maybe: false },
  ];

  test('each outcome; not-paused lines are left out', () => {
    expect(formatResumeLines(english, config, 'mia', 'Ben', lines).split('\n')).toEqual([
      '▶ Ben resumed Mia on desktop: 25m left',
      '▶ Ben resumed Mia on laptop: 10m left (⚠️ capped by the clock)',
      '❌ Mia on desktop: still paused (not reachable (no route to host)); try /resume again',
    ]);
    expect(formatResumeLines(english, config, 'mia', 'Ben', [{ kind: 'not-paused', machineId: 'desktop' }])).toBe('Mia is not paused.');
  });

  test('in German', () => {
    expect(formatResumeLines(german, config, 'mia', 'Ben', lines).split('\n')).toEqual([
      '▶ Ben hat die Pause von Mia auf desktop beendet: noch 25 Min.',
      '▶ Ben hat die Pause von Mia auf laptop beendet: noch 10 Min. (⚠️ durch die Uhrzeit begrenzt)',
      '❌ Mia auf desktop: noch angehalten (nicht erreichbar (no route to host)); versuch /resume noch mal',
    ]);
  });
});

describe('the question and the note in /status', () => {
  test('English and German', () => {
    const mia = config.children.get('mia');
    if (mia === undefined) throw new Error('no mia');
    expect(pauseQuestion(english, mia, ['desktop'])).toBe('⏸ Pause Mia on desktop now? The time left is kept, and /resume gives it back.');
    expect(pauseQuestion(german, mia, ['desktop', 'laptop'])).toBe('⏸ Mia auf desktop und laptop jetzt anhalten? Die restliche Zeit bleibt erhalten, /resume gibt sie zurück.');
    expect(pausedNote(english, pause)).toBe('⏸ paused by Anna at 18:40 (25m kept)');
    expect(pausedNote(german, pause)).toBe('⏸ angehalten von Anna um 18:40 (25 Min. bleiben erhalten)');
  });
});
