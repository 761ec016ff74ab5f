import { afterEach, describe, expect, test } from 'vitest';
import type { DigestDelivery } from '../../../src/household/chats.ts';
import { sendDueDigest } from '../../../src/household/report-jobs.ts';
import { configOf, familyFile, silentLogger, tempStore } from '../../support/bot-config.ts';
import { FakeTimekprClient } from '../../support/offline-bot.ts';
import { recordingChats } from '../../support/recording-chats.ts';
import { inTimeZone } from '../../support/time-zone.ts';

// The weekly digest's decisions in the household core, without a bot: when it is due, which days it covers, and
// whether it counts as sent. The chats port makes and delivers it.

inTimeZone('Europe/Berlin');

const at = (iso: string): number => Date.parse(iso);
const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

function setUp(delivery: DigestDelivery) {
  const config = { ...configOf(familyFile()), reports: { weekly: { weekday: 0, minuteOfDay: 19 * 60 } } };
  const { store, remove } = tempStore();
  removes.push(remove);
  const chats = recordingChats(delivery);
  const deps = (now: number) => ({ client: new FakeTimekprClient(config), config, store, logger: silentLogger(), now: () => now, chats });
  return { deps, chats };
}

describe('sendDueDigest (household)', () => {
  test('not due yet: the chats are not asked', async () => {
    const { deps, chats } = setUp({ kind: 'sent', chats: 1 });
    expect(await sendDueDigest(deps(at('2026-12-06T17:59:00Z')))).toBe(false);
    expect(chats.digests).toEqual([]);
  });

  test('due Sunday 19:00: the seven days that end that Sunday, once', async () => {
    const { deps, chats } = setUp({ kind: 'sent', chats: 2 });
    expect(await sendDueDigest(deps(at('2026-12-06T18:00:00Z')))).toBe(true);
    expect(await sendDueDigest(deps(at('2026-12-06T18:00:30Z')))).toBe(false);
    expect(chats.digests).toEqual([{ firstDay: '2026-11-30', lastDay: '2026-12-06' }]);
  });

  test('nothing recorded that week: not sent, and not asked again', async () => {
    const { deps, chats } = setUp({ kind: 'nothing-recorded' });
    expect(await sendDueDigest(deps(at('2026-12-06T18:00:00Z')))).toBe(false);
    expect(await sendDueDigest(deps(at('2026-12-06T18:01:00Z')))).toBe(false);
    expect(chats.digests).toHaveLength(1);
  });

  test('refused by every chat: tried again at the next look', async () => {
    const { deps, chats } = setUp({ kind: 'refused' });
    expect(await sendDueDigest(deps(at('2026-12-06T18:00:00Z')))).toBe(false);
    expect(await sendDueDigest(deps(at('2026-12-06T18:01:00Z')))).toBe(false);
    expect(chats.digests).toHaveLength(2);
  });
});
