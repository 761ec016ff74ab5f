import { describe, expect, test } from 'vitest';
import { keptAppliedText } from '../../../../src/bot/render/kept.ts';
import { err, ok } from '../../../../src/lib/result.ts';
import type { KeptRecord } from '../../../../src/storage/kept.ts';
import { familyConfig, userInfo } from '../../../support/bot-config.ts';
import { english } from '../../../support/words.ts';

const config = familyConfig();
const at = new Date(2026, 11, 1, 18, 40).getTime();
const kept = (minutes: number): KeptRecord => ({
  id: 1, at, day: '2026-12-01', kind: 'add', childId: 'mia', machineId: 'desktop', minutes, byId: 1001, byName: 'Anna',
  chatId: -100, messageId: 5, status: 'applying', changeId: 9, edit: undefined, updateId: undefined, untilDay: undefined,
});

describe('keptAppliedText', () => {
  test('each outcome of a kept change, once its computer is back', () => {
    const by = '(asked by Anna at 18:40)';
    expect(keptAppliedText(english, config, kept(15), ok({ kind: 'read-back', info: userInfo('mia', { secondsLeft: 4200 }), capped: false }))).toBe(
      `✅ desktop is back: +15 min given to Mia, 1h 10m left ${by}`,
    );
    expect(keptAppliedText(english, config, kept(-10), ok({ kind: 'read-back', info: userInfo('mia', { secondsLeft: 600 }), capped: true }))).toBe(
      `⚠️ desktop is back: −10 min taken from Mia, 10m left ${by}. Timekpr-nExT limits it to the allowed hours and midnight.`,
    );
    expect(keptAppliedText(english, config, kept(15), ok({ kind: 'not-read-back', readFailure: { kind: 'busy' } }))).toBe(
      `✅ desktop is back: +15 min given to Mia ${by}; the new time could not be read (/status shows it)`,
    );
    expect(keptAppliedText(english, config, kept(15), err({ kind: 'daemon-not-running' }))).toMatch(/^❌ desktop is back, but \+15 min for Mia failed: .+ \(asked by Anna at 18:40\)$/);
    expect(keptAppliedText(english, config, kept(-10), err({ kind: 'connection-lost', commandSent: true }), 'Mia now has 20m left on desktop.')).toMatch(
      /^❓ desktop is back: unknown whether −10 min was taken from Mia \(.+\) \(asked by Anna at 18:40\)\. Mia now has 20m left on desktop\.$/,
    );
  });
});
