import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig, Config } from '../../config/types.ts';
import type { Words } from '../../i18n/words.ts';
import { ALERT_AMOUNTS, ALL_MACHINES, encodeButtonAction, PLAY_AMOUNTS, type ButtonAction } from '../callback-data.ts';
import { clock } from './rules.ts';

/** `−15` / `+15`: the label of an amount button. */
export function amountLabel(minutes: number): string {
  return `${minutes < 0 ? '−' : '+'}${Math.abs(minutes)}`;
}

const button = (text: string, action: ButtonAction): InlineKeyboardButton => ({ text, callback_data: encodeButtonAction(action) });

/**
 * Under the status message: for each child and machine a label row (`Mia · desktop`) and a row of the configured
 * amounts, then the child's ⏸ Pause (▶ Resume when `paused` has her), and a refresh button at the end. Pure.
 */
export function statusKeyboard(
  words: Words,
  config: Config,
  paused: ReadonlySet<string> = new Set(),
  /** `child/machine` of the accounts whose PlayTime is on: they get a 🎮 +15 too. */
  playTimeOn: ReadonlySet<string> = new Set(),
): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  for (const child of config.children.values()) {
    for (const machineId of child.accounts.keys()) {
      rows.push([button(`${child.name} · ${machineId}`, { kind: 'label' })]);
      const play = playTimeOn.has(`${child.id}/${machineId}`)
        ? PLAY_AMOUNTS.map((minutes) => button(`🎮 ${amountLabel(minutes)}`, { kind: 'play-add', childId: child.id, machineId, minutes }))
        : [];
      rows.push([...config.telegram.buttons.map((minutes) => button(amountLabel(minutes), { kind: 'add', childId: child.id, machineId, minutes })), ...play]);
    }
    rows.push([paused.has(child.id) ? button(words.t('button-resume', { child: child.name }), { kind: 'resume', childId: child.id }) : button(words.t('button-pause', { child: child.name }), { kind: 'pause-ask', childId: child.id })]);
  }
  rows.push([button(words.t('button-refresh'), { kind: 'refresh' })]);
  return { inline_keyboard: rows };
}

/** Quick buttons under an alert: +15, +30, +60 and "Let it end", and `🌙 until … tonight` when offered. Pure. */
export function alertKeyboard(words: Words, childId: string, machineId: string, tonight?: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        ...ALERT_AMOUNTS.map((minutes) => button(amountLabel(minutes), { kind: 'alert-add', childId, machineId, minutes })),
        button(words.t('button-let-it-end'), { kind: 'dismiss', childId, machineId }),
      ],
      ...(tonight === undefined ? [] : [[button(words.t('exception-button-tonight', { time: clock(tonight) }), { kind: 'alert-tonight', childId, toMinute: tonight })]]),
    ],
  };
}

const cancelRow = (words: Words) => [button(words.t('button-cancel'), { kind: 'guided-cancel' })];

const inRows = (buttons: InlineKeyboardButton[], perRow: number): InlineKeyboardButton[][] =>
  Array.from({ length: Math.ceil(buttons.length / perRow) }, (_, row) => buttons.slice(row * perRow, row * perRow + perRow));

/** Step-by-step /add, first step: one button per child, three to a row, and Cancel. Pure. */
export function guidedChildKeyboard(words: Words, config: Config): InlineKeyboardMarkup {
  return { inline_keyboard: [...inRows([...config.children.values()].map((child) => button(child.name, { kind: 'guided-child', childId: child.id })), 3), cancelRow(words)] };
}

/** Step-by-step /add: each computer of the child, then All, and Cancel. Pure. */
export function guidedMachineKeyboard(words: Words, child: ChildConfig): InlineKeyboardMarkup {
  const machines = [...child.accounts.keys()].map((machineId) => button(machineId, { kind: 'guided-machine', machine: machineId }));
  return { inline_keyboard: [...inRows([...machines, button(words.t('guided-button-all'), { kind: 'guided-machine', machine: ALL_MACHINES })], 3), cancelRow(words)] };
}

/** Step-by-step /add: the configured amounts and "Other…", and Cancel. Pure. */
export function guidedAmountKeyboard(words: Words, config: Config): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [...config.telegram.buttons.map((minutes) => button(amountLabel(minutes), { kind: 'guided-amount', minutes })), button(words.t('guided-button-other'), { kind: 'guided-other' })],
      cancelRow(words),
    ],
  };
}

/** Step-by-step /add, while the parent types the amount: only Cancel. Pure. */
export function guidedCancelKeyboard(words: Words): InlineKeyboardMarkup {
  return { inline_keyboard: [cancelRow(words)] };
}
