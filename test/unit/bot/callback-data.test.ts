import { describe, expect, test } from 'vitest';
import {
  checkButtonAction,
  decodeButtonAction,
  encodeButtonAction,
  MAX_CALLBACK_DATA_BYTES,
  type ButtonAction,
} from '../../../src/bot/callback-data.ts';
import { statusKeyboard } from '../../../src/bot/render/keyboards.ts';
import { buttonRefusalText } from '../../../src/bot/render/replies.ts';
import { ok } from '../../../src/lib/result.ts';
import { configOf, exampleConfig, familyConfig, familyFile } from '../../support/bot-config.ts';
import { english } from '../../support/words.ts';

/** At least one action of every kind: a new kind makes this fail to compile. */
const ACTIONS: { [K in ButtonAction['kind']]: Extract<ButtonAction, { kind: K }>[] } = {
  add: [
    { kind: 'add', childId: 'mia', machineId: 'desktop', minutes: 15 },
    { kind: 'add', childId: 'Leo_2', machineId: 'living-room-pc', minutes: -10 },
    { kind: 'add', childId: 'x', machineId: '9', minutes: 1440 },
    { kind: 'add', childId: 'mia', machineId: 'desktop', minutes: -1440 },
  ],
  'play-add': [{ kind: 'play-add', childId: 'mia', machineId: 'desktop', minutes: 15 }, { kind: 'play-add', childId: 'x'.repeat(24), machineId: 'y'.repeat(24), minutes: 15 }],
  refresh: [{ kind: 'refresh' }],
  label: [{ kind: 'label' }],
  'alert-add': [
    { kind: 'alert-add', childId: 'mia', machineId: 'desktop', minutes: 15 },
    { kind: 'alert-add', childId: 'x'.repeat(24), machineId: 'y'.repeat(24), minutes: 60 },
  ],
  dismiss: [{ kind: 'dismiss', childId: 'x'.repeat(24), machineId: 'y'.repeat(24) }],
  'guided-child': [{ kind: 'guided-child', childId: 'mia' }, { kind: 'guided-child', childId: 'x'.repeat(24) }],
  'guided-machine': [{ kind: 'guided-machine', machine: 'desktop' }, { kind: 'guided-machine', machine: '*' }],
  'guided-amount': [{ kind: 'guided-amount', minutes: 15 }, { kind: 'guided-amount', minutes: -1440 }],
  'guided-other': [{ kind: 'guided-other' }],
  'guided-cancel': [{ kind: 'guided-cancel' }],
  'ask-give': [
    { kind: 'ask-give', askId: 1, machine: 'desktop', minutes: 15 },
    { kind: 'ask-give', askId: 999_999_999_999, machine: 'y'.repeat(24), minutes: 60 },
    { kind: 'ask-give', askId: 42, machine: '*', minutes: 30 },
  ],
  'ask-deny': [{ kind: 'ask-deny', askId: 7 }, { kind: 'ask-deny', askId: 999_999_999_999 }],
  'child-ask': [{ kind: 'child-ask', minutes: 15 }, { kind: 'child-ask', minutes: 60 }],
  'pause-confirm': [
    { kind: 'pause-confirm', childId: 'mia', machine: '*', askerId: 111 },
    { kind: 'pause-confirm', childId: 'x'.repeat(24), machine: 'y'.repeat(24), askerId: 999_999_999_999 },
  ],
  'pause-cancel': [{ kind: 'pause-cancel' }],
  'pause-ask': [{ kind: 'pause-ask', childId: 'mia' }, { kind: 'pause-ask', childId: 'x' }],
  resume: [{ kind: 'resume', childId: 'mia' }, { kind: 'resume', childId: 'x'.repeat(24) }],
  'kept-cancel': [{ kind: 'kept-cancel', keptId: 1 }, { kind: 'kept-cancel', keptId: 999_999_999_999 }],
  'rules-undo': [{ kind: 'rules-undo', updateId: 1 }, { kind: 'rules-undo', updateId: 999_999_999_999 }],
  'rules-step': [{ kind: 'rules-step', childId: 'mia', minutes: -30 }, { kind: 'rules-step', childId: 'x'.repeat(24), minutes: 30 }],
  'rules-playtime': [{ kind: 'rules-playtime', childId: 'mia', enabled: true }, { kind: 'rules-playtime', childId: 'x'.repeat(24), enabled: false }],
  'rules-lockout': [
    { kind: 'rules-lockout', childId: 'mia', lockout: 'lock' },
    { kind: 'rules-lockout', childId: 'x'.repeat(24), lockout: 'shutdown' },
  ],
  'profile-switch': [
    { kind: 'profile-switch', profileId: 'school', child: 'mia' },
    { kind: 'profile-switch', profileId: 'x'.repeat(24), child: '*' },
    { kind: 'profile-switch', profileId: 'x'.repeat(24), child: 'y'.repeat(24) },
  ],
  'profile-apply': [{ kind: 'profile-apply', childId: 'mia', machineId: 'desktop' }, { kind: 'profile-apply', childId: 'x'.repeat(24), machineId: 'y'.repeat(24) }],
  'profile-keep': [{ kind: 'profile-keep', childId: 'mia', machineId: 'desktop' }, { kind: 'profile-keep', childId: 'x'.repeat(24), machineId: 'y'.repeat(24) }],
  'exception-tonight': [{ kind: 'exception-tonight', childId: 'mia', toMinute: 1290 }, { kind: 'exception-tonight', childId: 'x'.repeat(24), toMinute: 1440 }],
  'alert-tonight': [{ kind: 'alert-tonight', childId: 'mia', toMinute: 1290 }, { kind: 'alert-tonight', childId: 'x'.repeat(24), toMinute: 60 }],
  'exception-extra': [{ kind: 'exception-extra', childId: 'mia', minutes: 60 }],
  'exception-tomorrow-off': [{ kind: 'exception-tomorrow-off', childId: 'x'.repeat(24) }],
  'setup-answer': [
    { kind: 'setup-answer', questionId: 1, choice: 'y' },
    { kind: 'setup-answer', questionId: 999_999_999_999, choice: 's99' },
  ],
};

const ALL_ACTIONS: ButtonAction[] = Object.values(ACTIONS).flat();

/** Telegram's limit on callback data. */
const TELEGRAM_LIMIT_BYTES = 64;

describe('callback data codec', () => {
  test.each(ALL_ACTIONS.map((action) => [encodeButtonAction(action), action] as const))('%s round-trips', (data, action) => {
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(TELEGRAM_LIMIT_BYTES);
    expect(decodeButtonAction(data)).toEqual(ok(action));
  });

  test('every action kind encodes differently', () => {
    const encoded = ALL_ACTIONS.map(encodeButtonAction);
    expect(new Set(encoded).size).toBe(encoded.length);
  });

  test('the guided /add keeps its wire format (g:<step>): buttons already sent still work', () => {
    expect(encodeButtonAction({ kind: 'guided-child', childId: 'mia' })).toBe('g:c:mia');
    expect(encodeButtonAction({ kind: 'guided-machine', machine: '*' })).toBe('g:m:*');
    expect(encodeButtonAction({ kind: 'guided-amount', minutes: -10 })).toBe('g:a:-10');
    expect(decodeButtonAction('g:o')).toEqual(ok({ kind: 'guided-other' }));
    expect(decodeButtonAction('g:x')).toEqual(ok({ kind: 'guided-cancel' }));
    for (const forged of ['g:', 'g:c', 'g:m:a b', 'g:a:0', 'g:a:15:1', 'g:q', 'g:x:1']) expect(decodeButtonAction(forged).ok, forged).toBe(false);
  });

  test('the limit is Telegram\'s', () => {
    expect(MAX_CALLBACK_DATA_BYTES).toBe(TELEGRAM_LIMIT_BYTES);
  });

  test('every button of a status keyboard with the longest ids and amounts fits and decodes back', () => {
    const childA = 'child_with_a_long_id_abc';
    const childB = 'Child-2-with-long-id-XYZ';
    const machineA = 'machine-with-long-id-001';
    const machineB = 'Machine_With_Long_Id_002';
    const file = familyFile();
    file.telegram.buttons = [-1440, -1000, -999, 5, 1000, 1440];
    file.machines = { [machineA]: { host: 'a.lan' }, [machineB]: { host: 'b.lan' } };
    file.children = {
      [childA]: { name: 'A'.repeat(64), accounts: { [machineA]: 'a', [machineB]: 'a' } },
      [childB]: { name: 'B', accounts: { [machineB]: 'b', [machineA]: 'b' } },
    };
    const config = configOf(file);
    const ids = [...config.children.keys(), ...config.machines.keys()];
    expect(ids.every((id) => id.length === 24)).toBe(true);

    const buttons = statusKeyboard(english, config).inline_keyboard.flat();
    const allData = buttons.map((button) => ('callback_data' in button ? button.callback_data : undefined));
    expect(allData).not.toContain(undefined);
    let addCount = 0;
    for (const data of allData) {
      if (data === undefined) continue;
      expect(Buffer.byteLength(data), data).toBeLessThanOrEqual(TELEGRAM_LIMIT_BYTES);
      const decoded = decodeButtonAction(data);
      expect(decoded.ok, data).toBe(true);
      if (!decoded.ok) continue;
      expect(encodeButtonAction(decoded.value)).toBe(data);
      expect(checkButtonAction(decoded.value, config)).toEqual(decoded);
      if (decoded.value.kind === 'add') addCount += 1;
    }
    // 2 children × 2 machines × 6 amounts.
    expect(addCount).toBe(24);
  });

  const forged = [
    ['5-digit minutes', 'a:mia:desktop:99999'],
    ['0 minutes', 'a:mia:desktop:0'],
    ['-0 minutes', 'a:mia:desktop:-0'],
    ['leading zero', 'a:mia:desktop:015'],
    ['explicit plus', 'a:mia:desktop:+15'],
    ['fractional minutes', 'a:mia:desktop:1.5'],
    ['exponent', 'a:mia:desktop:1e3'],
    ['shell characters in an id', 'a:mia;rm:desktop:15'],
    ['space in an id', 'a:mia rm:desktop:15'],
    ['id starting with "-"', 'a:-mia:desktop:15'],
    ['25-character id', `a:${'m'.repeat(25)}:desktop:15`],
    ['empty id', 'a::desktop:15'],
    ['missing minutes', 'a:mia:desktop'],
    ['extra field', 'a:mia:desktop:15:x'],
    ['empty trailing field', 'a:mia:desktop:15:'],
    ['refresh with a field', 'r:1'],
    ['label with a field', 'n:x'],
    ['unknown kind', 'x:mia:desktop:15'],
    ['upper-case kind', 'R'],
    ['empty', ''],
    ['garbage', '!!!'],
    ['unicode id', 'a:mïa:desktop:15'],
    ['unicode digits', 'a:mia:desktop:١٥'],
    ['emoji', '🔄'],
    ['over 64 bytes', `a:mia:desktop:15${':'.repeat(49)}`],
    ['over 64 bytes of multi-byte characters', 'é'.repeat(33)],
    ['a rules button with an unknown lockout', 'y:mia:z:reboot'],
    ['a rules button with wake hours', 'y:mia:z:suspendwake'],
    ['a rules button with PlayTime "2"', 'y:mia:p:2'],
    ['a rules button of an unknown kind', 'y:mia:q:1'],
    ['an Undo without its update', 'u:'],
    ['an Undo of update 0', 'u:0'],
    ['an Undo with shell characters', 'u:1;reboot'],
  ] as const;

  test.each(forged)('rejects %s', (_what, data) => {
    expect(decodeButtonAction(data)).toEqual({ ok: false, error: 'malformed' });
  });

  test('the over-64-byte samples really are over 64 bytes', () => {
    for (const [what, data] of forged) if (what.startsWith('over')) expect(Buffer.byteLength(data)).toBeGreaterThan(TELEGRAM_LIMIT_BYTES);
  });
});

describe('checkButtonAction', () => {
  const config = familyConfig();

  test('accepts a configured child, one of its machines and a configured amount', () => {
    const action: ButtonAction = { kind: 'add', childId: 'mia', machineId: 'laptop', minutes: -15 };
    expect(checkButtonAction(action, config)).toEqual(ok(action));
  });

  test('accepts refresh and label buttons', () => {
    expect(checkButtonAction({ kind: 'refresh' }, config)).toEqual(ok({ kind: 'refresh' }));
    expect(checkButtonAction({ kind: 'label' }, config)).toEqual(ok({ kind: 'label' }));
  });

  test('refuses a button of a child that is no longer configured', () => {
    const before = familyFile();
    before.children['sam'] = { name: 'Sam', accounts: { desktop: 'sam' } };
    const samButton = statusKeyboard(english, configOf(before))
      .inline_keyboard.flat()
      .map((button) => ('callback_data' in button ? decodeButtonAction(button.callback_data ?? '') : undefined))
      .find((decoded) => decoded?.ok === true && decoded.value.kind === 'add' && decoded.value.childId === 'sam');
    expect(samButton?.ok).toBe(true);
    if (samButton === undefined || !samButton.ok) return;
    expect(checkButtonAction(samButton.value, configOf(before)).ok).toBe(true);

    const result = checkButtonAction(samButton.value, config);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : buttonRefusalText(english, result.error)).toContain('/status');
  });

  test('a PlayTime button offers 15 minutes only, for a child’s own computer', () => {
    expect(checkButtonAction({ kind: 'play-add', childId: 'mia', machineId: 'desktop', minutes: 15 }, config).ok).toBe(true);
    expect(checkButtonAction({ kind: 'play-add', childId: 'mia', machineId: 'desktop', minutes: 600 }, config)).toEqual({ ok: false, error: 'invalid' });
    expect(checkButtonAction({ kind: 'play-add', childId: 'leo', machineId: 'laptop', minutes: 15 }, config)).toEqual({ ok: false, error: 'out-of-date' });
  });

  test('rules buttons name a configured child, and move today’s limit by the offered step only', () => {
    expect(checkButtonAction({ kind: 'rules-step', childId: 'mia', minutes: -30 }, config).ok).toBe(true);
    expect(checkButtonAction({ kind: 'rules-step', childId: 'mia', minutes: 600 }, config)).toEqual({ ok: false, error: 'invalid' });
    expect(checkButtonAction({ kind: 'rules-playtime', childId: 'sam', enabled: true }, config)).toEqual({ ok: false, error: 'out-of-date' });
    expect(checkButtonAction({ kind: 'rules-lockout', childId: 'leo', lockout: 'lock' }, config).ok).toBe(true);
  });

  test('pause and resume buttons of a status message name a configured child', () => {
    expect(checkButtonAction({ kind: 'pause-ask', childId: 'mia' }, config).ok).toBe(true);
    expect(checkButtonAction({ kind: 'resume', childId: 'leo' }, config).ok).toBe(true);
    expect(checkButtonAction({ kind: 'pause-ask', childId: 'sam' }, config)).toEqual({ ok: false, error: 'out-of-date' });
    expect(checkButtonAction({ kind: 'resume', childId: 'sam' }, config)).toEqual({ ok: false, error: 'out-of-date' });
  });

  test('refuses a machine the child has no account on, even one the config knows', () => {
    expect(config.machines.has('laptop')).toBe(true);
    const result = checkButtonAction({ kind: 'add', childId: 'leo', machineId: 'laptop', minutes: 15 }, config);
    expect(result.ok).toBe(false);
    expect(checkButtonAction({ kind: 'add', childId: 'mia', machineId: 'tablet', minutes: 15 }, config).ok).toBe(false);
  });

  test('refuses an amount that is not one of telegram.buttons', () => {
    expect(config.telegram.buttons).not.toContain(45);
    expect(config.telegram.buttons).not.toContain(-30);
    for (const minutes of [45, -30, 1440]) {
      const result = checkButtonAction({ kind: 'add', childId: 'mia', machineId: 'desktop', minutes }, config);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : buttonRefusalText(english, result.error)).toContain('/status');
    }
  });

  test('a decodable but unoffered amount is stopped by the check, not the codec', () => {
    const decoded = decodeButtonAction('a:mia:desktop:9999');
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(checkButtonAction(decoded.value, config).ok).toBe(false);
  });

  test('every button of the example config passes the check', () => {
    const example = exampleConfig();
    for (const button of statusKeyboard(english, example).inline_keyboard.flat()) {
      const decoded = decodeButtonAction('callback_data' in button ? (button.callback_data ?? '') : '');
      expect(decoded.ok).toBe(true);
      if (decoded.ok) expect(checkButtonAction(decoded.value, example)).toEqual(decoded);
    }
  });
});
