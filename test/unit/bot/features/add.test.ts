import { describe, expect, test } from 'vitest';
import { ANNA, BEN, FAMILY_GROUP, message, privateChat, offlineBotPerTest } from '../../../support/offline-bot.ts';

const start = offlineBotPerTest();

describe('/add <child> <minutes> [computer]', () => {
  test("without a computer: every one of the child's, one line each, in one reply", async () => {
    const bot = start();
    await bot.send(message(BEN, FAMILY_GROUP, '/add mia 20'));

    expect(bot.client.changeCalls).toEqual(
      expect.arrayContaining([
        { machineId: 'desktop', login: 'mia', operation: '+', seconds: 1200 },
        { machineId: 'laptop', login: 'mia2', operation: '+', seconds: 1200 },
      ]),
    );
    expect(bot.client.changeCalls).toHaveLength(2);
    expect(bot.api.methods()).toEqual(['sendMessage']);
    expect(bot.api.payloadsOf('sendMessage')[0]).toMatchObject({ chat_id: FAMILY_GROUP.id, parse_mode: 'HTML' });
    expect(bot.api.texts()[0]?.split('\n')).toEqual(['✅ +20 min for Mia on desktop by Ben: 1h 20m left', '✅ +20 min for Mia on laptop by Ben: 1h 20m left']);
  });

  test('with a computer and a negative amount: only there, taken away', async () => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia -10 laptop'));
    expect(bot.client.changeCalls).toEqual([{ machineId: 'laptop', login: 'mia2', operation: '-', seconds: 600 }]);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(3600);
    expect(bot.api.texts()).toEqual(['✅ −10 min for Mia on laptop by Anna: 50m left']);
  });

  test('capped by the clock: the line says so', async () => {
    const bot = start();
    bot.client.capAt('desktop', 'leo', 3700);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add leo 30'));
    expect(bot.api.texts()[0]).toMatch(/^⚠️ \+30 min for Leo on desktop by Anna: 1h 01m left\. Timekpr-nExT limits it/);
    expect(bot.store.history(0)).toEqual([expect.objectContaining({ change: expect.objectContaining({ outcome: { kind: 'capped', secondsLeft: 3700 } }) as unknown })]);
  });

  test('in a private chat the change is announced to the family group', async () => {
    const bot = start();
    await bot.send(message(ANNA, privateChat(ANNA), '/add leo 15'));
    expect(bot.api.payloadsOf('sendMessage')).toEqual([
      expect.objectContaining({ chat_id: ANNA.id, text: '✅ +15 min for Leo on desktop by Anna: 1h 15m left' }),
      expect.objectContaining({ chat_id: FAMILY_GROUP.id, text: '📣 ✅ +15 min for Leo on desktop by Anna: 1h 15m left' }),
    ]);
  });

  test('the same /add delivered twice runs once; the second reply says it was not repeated', async () => {
    const bot = start();
    const update = message(ANNA, FAMILY_GROUP, '/add leo 15');
    await bot.send(update);
    await bot.send(update);
    expect(bot.client.changeCalls).toHaveLength(1);
    expect(bot.client.secondsLeft('desktop', 'leo')).toBe(4500);
    expect(bot.api.texts()).toEqual([
      '✅ +15 min for Leo on desktop by Anna: 1h 15m left',
      '↩️ Already done, not repeated: +15 min for Leo on desktop by Anna: 1h 15m left then',
    ]);
  });

  test('a change whose outcome is unknown (the connection broke after sending it) is read again', async () => {
    const bot = start();
    bot.client.failChange('desktop', 'leo', { kind: 'connection-lost', commandSent: true });
    await bot.send(message(ANNA, FAMILY_GROUP, '/add leo 15'));
    expect(bot.client.usersInfoCalls).toEqual([{ machineId: 'desktop', logins: ['leo'] }]);
    const lines = bot.api.texts()[0]?.split('\n') ?? [];
    expect(lines[0]).toMatch(/^❓ \+15 min for Leo on desktop by Anna: unknown whether it was applied/);
    expect(lines[1]).toBe('Leo now has 1h 00m left on desktop.');
  });

  test.each([
    ['no number', '/add mia', 'Use: /add <child> <minutes> [computer] [play], e.g. /add mia 15, /add mia -10 desktop, or /add mia 15 play for PlayTime'],
    ['an unknown child', '/add tom 15', 'I don\'t know a child called "tom". Children: '],
    ['zero minutes', '/add mia 0', '0 minutes would change nothing.'],
    ['a computer the child has no account on', '/add leo 15 laptop', 'Leo has no computer called "laptop". Leo\'s computers: desktop.'],
  ])('%s: one reply saying what is wrong, nothing runs', async (_name, text, reply) => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, text));
    expect(bot.api.methods()).toEqual(['sendMessage']);
    expect(bot.api.texts()[0]).toContain(reply);
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.store.history(0)).toEqual([]);
  });

  test('/cancel without a step-by-step /add running: nothing to cancel', async () => {
    const bot = start();
    await bot.send(message(ANNA, privateChat(ANNA), '/cancel'));
    expect(bot.api.texts()).toEqual(['There is nothing to cancel.']);
  });
});
