import { describe, expect, test } from 'vitest';
import { decodeButtonAction, MAX_CALLBACK_DATA_BYTES, type ButtonAction } from '../../../../src/bot/callback-data.ts';
import {
  askClosedToast,
  askKeyboard,
  askRefusedText,
  askSentText,
  askWordsProblemText,
  childAskKeyboard,
  childWarningText,
  childToldText,
  formatAskOutcome,
  formatAskRequest,
  formatAskRetry,
  formatChildTime,
} from '../../../../src/bot/render/asks.ts';
import type { StatusSnapshot } from '../../../../src/household/status.ts';
import type { ChildConfig, Config } from '../../../../src/config/types.ts';
import { err, ok } from '../../../../src/lib/result.ts';
import type { AskRecord, AskState } from '../../../../src/storage/asks.ts';
import { english, german } from '../../../support/words.ts';
import { CHILD_MIA, configOf, familyWithChildrenConfig, familyWithChildrenFile, FAMILY_CHAT, PARENT_ANNA, userInfo } from '../../../support/bot-config.ts';

const config = familyWithChildrenConfig();
const MINUTE = 60_000;
const AT = new Date(2025, 5, 10, 16, 0).getTime();

function child(config: Config, id: string): ChildConfig {
  const found = config.children.get(id);
  if (found === undefined) throw new Error(`no child ${id}`);
  return found;
}

function askRecord(fields: Partial<AskRecord> = {}): AskRecord {
  return {
    id: 42,
    at: AT,
    childId: 'mia',
    askerId: CHILD_MIA,
    chatId: FAMILY_CHAT,
    messageId: 7,
    minutes: 30,
    reason: 'homework',
    machineId: 'desktop',
    expiresAt: AT + 30 * MINUTE,
    state: { kind: 'open' },
    ...fields,
  };
}

const given = (fields: Partial<Extract<AskState, { kind: 'given' }>> = {}): AskState => ({
  kind: 'given',
  at: AT + MINUTE,
  byId: PARENT_ANNA,
  byName: 'Anna',
  minutes: 30,
  machine: 'desktop',
  secondsLeft: undefined,
  failure: undefined,
  ...fields,
});
const denied: AskState = { kind: 'denied', at: AT + MINUTE, byId: PARENT_ANNA, byName: 'Anna' };

/** Mia's two computers: desktop and laptop, each logged in or not, with the time left. */
function miaSnapshot(desktop: { loggedIn: boolean; secondsLeft: number }, laptop: { loggedIn: boolean; secondsLeft: number }): StatusSnapshot {
  return [
    { childId: 'mia', machineId: 'desktop', info: ok(userInfo('mia', desktop)) },
    { childId: 'mia', machineId: 'laptop', info: ok(userInfo('mia2', laptop)) },
  ];
}

const clock = (at: number) => new Date(at).toTimeString().slice(0, 5);

/** Every button of a keyboard, row by row, as [label, decoded action]. */
function decoded(markup: ReturnType<typeof askKeyboard>): [string, ButtonAction][][] {
  return markup.inline_keyboard.map((row) =>
    row.map((button) => {
      const data = 'callback_data' in button ? button.callback_data : '';
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
      const action = decodeButtonAction(data);
      if (!action.ok) throw new Error(`not decodable: ${data}`);
      return [button.text, action.value];
    }),
  );
}

const give = (askId: number, machine: string, minutes: number): ButtonAction => ({ kind: 'ask-give', askId, machine, minutes });

describe('formatAskRequest', () => {
  test('logged in on one computer: one line with the time left there', () => {
    const snapshot = miaSnapshot({ loggedIn: true, secondsLeft: 1200 }, { loggedIn: false, secondsLeft: 3600 });
    expect(formatAskRequest(english, config, askRecord(), snapshot)).toBe('🙋 Mia asks for 30 min (homework) · 20m left on desktop, logged in');
  });

  test('without a reason: no brackets', () => {
    const snapshot = miaSnapshot({ loggedIn: true, secondsLeft: 1200 }, { loggedIn: false, secondsLeft: 3600 });
    expect(formatAskRequest(english, config, askRecord({ reason: undefined }), snapshot)).toBe('🙋 Mia asks for 30 min · 20m left on desktop, logged in');
  });

  test('logged in nowhere: every computer, and the parent picks', () => {
    const snapshot = miaSnapshot({ loggedIn: false, secondsLeft: 1200 }, { loggedIn: false, secondsLeft: 3900 });
    expect(formatAskRequest(english, config, askRecord({ machineId: undefined }), snapshot).split('\n')).toEqual([
      '🙋 Mia asks for 30 min (homework)',
      'desktop: 20m left, not logged in',
      'laptop: 1h 05m left, not logged in',
      'Not logged in anywhere: pick the computer.',
    ]);
  });

  test('logged in on several: every computer, and the parent picks one', () => {
    const snapshot = miaSnapshot({ loggedIn: true, secondsLeft: 1200 }, { loggedIn: true, secondsLeft: 600 });
    expect(formatAskRequest(english, config, askRecord({ machineId: undefined }), snapshot).split('\n')).toEqual([
      '🙋 Mia asks for 30 min (homework)',
      'desktop: 20m left, logged in',
      'laptop: 10m left, logged in',
      'Logged in on several computers: pick one.',
    ]);
  });

  test('a computer that could not be read: its line says so', () => {
    const snapshot: StatusSnapshot = [
      { childId: 'mia', machineId: 'desktop', info: err({ kind: 'unreachable', reason: 'no route to host' }) },
      { childId: 'mia', machineId: 'laptop', info: ok(userInfo('mia2')) },
    ];
    const lines = formatAskRequest(english, config, askRecord({ machineId: undefined }), snapshot).split('\n');
    expect(lines[1]).toMatch(/^desktop: ⚠️ /);
    expect(lines[2]).toBe('laptop: 1h 00m left, not logged in');
  });

  test('a reason with HTML in it is escaped, and so is the headline in every text', () => {
    const snapshot = miaSnapshot({ loggedIn: true, secondsLeft: 1200 }, { loggedIn: false, secondsLeft: 3600 });
    const ask = askRecord({ reason: '<b>&' });
    expect(formatAskRequest(english, config, ask, snapshot)).toBe('🙋 Mia asks for 30 min (&lt;b&gt;&amp;) · 20m left on desktop, logged in');
    expect(formatAskOutcome(english, config, { ...ask, state: denied })).toContain('(&lt;b&gt;&amp;)');
    expect(formatAskRetry(english, config, ask, 'Anna', undefined)).toContain('(&lt;b&gt;&amp;)');
    expect(formatAskOutcome(english, config, { ...ask, state: denied })).not.toContain('<b>&');
  });

  test("a child's name with HTML in it is escaped", () => {
    const file = familyWithChildrenFile();
    const odd = configOf({ ...file, children: { ...file.children, mia: { name: 'Mia <3 & co', accounts: { desktop: 'mia' } } } });
    const snapshot: StatusSnapshot = [{ childId: 'mia', machineId: 'desktop', info: ok(userInfo('mia', { loggedIn: true, secondsLeft: 60 })) }];
    expect(formatAskRequest(english, odd, askRecord({ reason: undefined }), snapshot)).toBe('🙋 Mia &lt;3 &amp; co asks for 30 min · 1m left on desktop, logged in');
  });
});

describe('askKeyboard', () => {
  test('the computer is known: one row, +15 +30 +60 there, and No', () => {
    expect(decoded(askKeyboard(english, child(config, 'mia'), askRecord()))).toEqual([
      [
        ['+15', give(42, 'desktop', 15)],
        ['+30', give(42, 'desktop', 30)],
        ['+60', give(42, 'desktop', 60)],
        ['No', { kind: 'ask-deny', askId: 42 }],
      ],
    ]);
  });

  test('the computer is not known: a row per computer, a row for all of them, and No', () => {
    expect(decoded(askKeyboard(english, child(config, 'mia'), askRecord({ machineId: undefined })))).toEqual([
      [
        ['desktop +15', give(42, 'desktop', 15)],
        ['desktop +30', give(42, 'desktop', 30)],
        ['desktop +60', give(42, 'desktop', 60)],
      ],
      [
        ['laptop +15', give(42, 'laptop', 15)],
        ['laptop +30', give(42, 'laptop', 30)],
        ['laptop +60', give(42, 'laptop', 60)],
      ],
      [
        ['all +15', give(42, '*', 15)],
        ['all +30', give(42, '*', 30)],
        ['all +60', give(42, '*', 60)],
      ],
      [['No', { kind: 'ask-deny', askId: 42 }]],
    ]);
  });

  test('a child with one computer: no "all" row', () => {
    expect(decoded(askKeyboard(english, child(config, 'leo'), askRecord({ childId: 'leo', machineId: undefined })))).toEqual([
      [
        ['desktop +15', give(42, 'desktop', 15)],
        ['desktop +30', give(42, 'desktop', 30)],
        ['desktop +60', give(42, 'desktop', 60)],
      ],
      [['No', { kind: 'ask-deny', askId: 42 }]],
    ]);
  });

  test('the longest ids and the largest request id still fit in 64 bytes and decode', () => {
    const longMachine = `m${'x'.repeat(23)}`;
    const file = familyWithChildrenFile();
    const long = configOf({
      ...file,
      machines: { ...file.machines, [longMachine]: { host: 'long.lan' } },
      children: { ...file.children, mia: { name: 'Mia', accounts: { desktop: 'mia', [longMachine]: 'mia' } } },
    });
    const askId = 999_999_999_999;
    for (const machineId of [longMachine, undefined]) {
      const rows = decoded(askKeyboard(english, child(long, 'mia'), askRecord({ id: askId, machineId })));
      expect(rows.flat().map(([, action]) => ('askId' in action ? action.askId : undefined))).toEqual(rows.flat().map(() => askId));
    }
  });
});

describe('formatAskOutcome', () => {
  test('given, with the time left', () => {
    expect(formatAskOutcome(english, config, askRecord({ state: given({ secondsLeft: 3000 }) }))).toBe('🙋 Mia asks for 30 min (homework)\n✅ Anna gave Mia 30 min on desktop: 50m left');
  });

  test('given on all computers, time left not known', () => {
    expect(formatAskOutcome(english, config, askRecord({ state: given({ machine: '*', minutes: 60 }) }))).toBe('🙋 Mia asks for 30 min (homework)\n✅ Anna gave Mia 60 min on all computers.');
  });

  test('given, but it may not have worked', () => {
    expect(formatAskOutcome(english, config, askRecord({ state: given({ failure: 'timeout' }) }))).toBe(
      '🙋 Mia asks for 30 min (homework)\n❓ Anna gave Mia 30 min on desktop, but it is not sure it worked (no answer in time).',
    );
  });

  test('denied', () => {
    expect(formatAskOutcome(english, config, askRecord({ state: denied }))).toBe('🙋 Mia asks for 30 min (homework)\n❌ Anna said no.');
  });

  test('expired', () => {
    expect(formatAskOutcome(english, config, askRecord({ state: { kind: 'expired' } }))).toBe('🙋 Mia asks for 30 min (homework)\n⌛ Nobody answered in time.');
  });

  test("a parent's name with HTML in it is escaped", () => {
    expect(formatAskOutcome(english, config, askRecord({ state: { ...denied, byName: 'A<n>&a' } }))).toContain('❌ A&lt;n&gt;&amp;a said no.');
  });
});

describe('formatAskRetry', () => {
  test('names the parent and why, and asks to try again', () => {
    expect(formatAskRetry(english, config, askRecord(), 'Anna', { machineId: 'desktop', failure: { kind: 'unreachable', reason: 'no route to host' } })).toBe(
      '🙋 Mia asks for 30 min (homework)\n⚠️ Anna tried to give time, but not reachable (no route to host). Try again, or answer No.',
    );
  });

  test('without a failure to name: it did not work', () => {
    expect(formatAskRetry(english, config, askRecord(), 'Anna', undefined)).toBe(
      '🙋 Mia asks for 30 min (homework)\n⚠️ Anna tried to give time, but it did not work. Try again, or answer No.',
    );
  });
});

describe('childToldText', () => {
  test('open: nothing to tell', () => {
    expect(childToldText(english, config, askRecord())).toBe('');
  });

  test('given, with the time left', () => {
    expect(childToldText(english, config, askRecord({ state: given({ secondsLeft: 3000 }) }))).toBe('✅ Anna gave you 30 min on desktop: 50m left.');
  });

  test('given, time left not known', () => {
    expect(childToldText(english, config, askRecord({ state: given({ machine: '*' }) }))).toBe('✅ Anna gave you 30 min on all computers.');
  });

  test('given, not confirmed', () => {
    expect(childToldText(english, config, askRecord({ state: given({ failure: 'connection-lost' }) }))).toBe(
      '❓ Anna gave you 30 min on desktop, but the computer did not confirm it. Check /time.',
    );
  });

  test('denied: when they may ask again (the "no" plus the cooldown, local time)', () => {
    expect(config.asks.cooldownMs).toBe(10 * MINUTE);
    expect(childToldText(english, config, askRecord({ state: denied }))).toBe(`❌ Anna said no. You can ask again at ${clock(AT + 11 * MINUTE)}.`);
    expect(clock(AT + 11 * MINUTE)).toBe('16:11');
  });

  test('denied without a cooldown: just no', () => {
    const noCooldown = familyWithChildrenConfig({ asks: { cooldownMinutes: 0 } });
    expect(childToldText(english, noCooldown, askRecord({ state: denied }))).toBe('❌ Anna said no.');
  });

  test('expired', () => {
    expect(childToldText(english, config, askRecord({ state: { kind: 'expired' } }))).toBe('⌛ Nobody answered your request for 30 min. You can ask again.');
  });

  test('plain text: a name is not escaped', () => {
    expect(childToldText(english, config, askRecord({ state: { ...denied, byName: 'A<n>' } }))).toMatch(/^❌ A<n> said no\./);
  });
});

describe('the short texts', () => {
  test('askClosedToast names the first answerer, or says it expired', () => {
    expect(askClosedToast(english, askRecord({ state: given() }))).toBe('Anna already answered.');
    expect(askClosedToast(english, askRecord({ state: denied }))).toBe('Anna already answered.');
    expect(askClosedToast(english, askRecord({ state: { kind: 'expired' } }))).toBe('This request has expired.');
  });

  test('askSentText and askRefusedText', () => {
    expect(askSentText(english, askRecord())).toBe('🙋 I asked your parents for 30 min. I will tell you their answer here.');
    expect(askRefusedText(english, { kind: 'disabled' })).toBe('Asking for more time is turned off.');
    expect(askRefusedText(english, { kind: 'already-open', ask: askRecord() })).toBe(`You already asked for 30 min at ${clock(AT)}: wait for the answer.`);
    expect(askRefusedText(english, { kind: 'cooldown', until: AT + 10 * MINUTE })).toBe('Your parents just said no. You can ask again at 16:10.');
  });

  test("the child's buttons: 15, 30, 60 minutes", () => {
    expect(childAskKeyboard(english).inline_keyboard).toEqual([
      [
        { text: '15 min', callback_data: 'k:15' },
        { text: '30 min', callback_data: 'k:30' },
        { text: '60 min', callback_data: 'k:60' },
      ],
    ]);
  });
});

describe('in German', () => {
  const snapshot = miaSnapshot({ loggedIn: true, secondsLeft: 1200 }, { loggedIn: false, secondsLeft: 3900 });

  test('the request the parents get, and its buttons', () => {
    expect(formatAskRequest(german, config, askRecord({ reason: 'Hausaufgaben' }), snapshot)).toBe('🙋 Mia bittet um 30 Min. (Hausaufgaben) · noch 20 Min. auf desktop, angemeldet');
    expect(formatAskRequest(german, config, askRecord({ machineId: undefined, reason: undefined }), snapshot).split('\n')).toEqual([
      '🙋 Mia bittet um 30 Min.',
      'desktop: noch 20 Min., angemeldet',
      'laptop: noch 1 Std. 05 Min., nicht angemeldet',
      'Auf mehreren Computern angemeldet: Wähl einen.',
    ]);
    const labels = askKeyboard(german, child(config, 'mia'), askRecord({ machineId: undefined })).inline_keyboard.map((row) => row.map((button) => button.text));
    expect(labels.slice(2)).toEqual([['alle +15', 'alle +30', 'alle +60'], ['Nein']]);
  });

  test('the outcome on the copies', () => {
    const ask = askRecord({ reason: undefined });
    expect(formatAskOutcome(german, config, { ...ask, state: given({ secondsLeft: 3000 }) })).toBe('🙋 Mia bittet um 30 Min.\n✅ Anna hat Mia 30 Min. auf desktop gegeben: noch 50 Min.');
    expect(formatAskOutcome(german, config, { ...ask, state: given({ machine: '*' }) })).toBe('🙋 Mia bittet um 30 Min.\n✅ Anna hat Mia 30 Min. auf allen Computern gegeben.');
    expect(formatAskOutcome(german, config, { ...ask, state: denied })).toBe('🙋 Mia bittet um 30 Min.\n❌ Anna hat Nein gesagt.');
    expect(formatAskOutcome(german, config, { ...ask, state: { kind: 'expired' } })).toBe('🙋 Mia bittet um 30 Min.\n⌛ Niemand hat rechtzeitig geantwortet.');
    expect(askClosedToast(german, { ...ask, state: denied })).toBe('Anna hat schon geantwortet.');
  });

  test('what the child is told', () => {
    expect(askSentText(german, askRecord())).toBe('🙋 Ich habe deine Eltern um 30 Min. gebeten. Ihre Antwort sage ich dir hier.');
    expect(childToldText(german, config, askRecord({ state: given({ secondsLeft: 3000 }) }))).toBe('✅ Anna hat dir 30 Min. auf desktop gegeben: noch 50 Min.');
    expect(childToldText(german, config, askRecord({ state: denied }))).toBe('❌ Anna hat Nein gesagt. Ab 16:11 kannst du wieder fragen.');
    expect(askRefusedText(german, { kind: 'already-open', ask: askRecord() })).toBe('Du hast um 16:00 schon um 30 Min. gebeten: Warte auf die Antwort.');
  });

  test("the child's /time, buttons and warning", () => {
    expect(formatChildTime(german, config, snapshot).split('\n')).toEqual([
      '<b>Deine Zeit heute</b>',
      'desktop: noch <b>20 Min.</b> · angemeldet · heute 0 Min. genutzt',
      'laptop: noch <b>1 Std. 05 Min.</b> · nicht angemeldet · heute 0 Min. genutzt',
    ]);
    expect(childAskKeyboard(german).inline_keyboard[0]?.map((button) => button.text)).toEqual(['15 Min.', '30 Min.', '60 Min.']);
    expect(childWarningText(german, 5, 'desktop', false)).toBe('⏳ Du hast auf desktop noch 5 Min.');
    expect(childWarningText(german, 0, 'desktop', true)).toBe('⌛ Deine Zeit auf desktop ist um.');
    expect(askWordsProblemText(german, { kind: 'bad-minutes' })).toBe('Du kannst um 1 bis 240 Minuten auf einmal bitten.');
  });
});
