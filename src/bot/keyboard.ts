import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Config } from '../config/types.ts';
import { encodeButtonAction } from './callback-data.ts';

/** `−15` / `+15`: the label of an amount button. */
export function amountLabel(minutes: number): string {
  return `${minutes < 0 ? '−' : '+'}${Math.abs(minutes)}`;
}

/**
 * Under the status message: for each child and machine a label row (`Mia · desktop`) and a row of the configured
 * amounts, then a refresh button. Pure.
 */
export function statusKeyboard(config: Config): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  for (const child of config.children.values()) {
    for (const machineId of child.accounts.keys()) {
      rows.push([{ text: `${child.name} · ${machineId}`, callback_data: encodeButtonAction({ kind: 'label' }) }]);
      rows.push(
        config.telegram.buttons.map((minutes) => ({
          text: amountLabel(minutes),
          callback_data: encodeButtonAction({ kind: 'add', childId: child.id, machineId, minutes }),
        })),
      );
    }
  }
  rows.push([{ text: '🔄 Refresh', callback_data: encodeButtonAction({ kind: 'refresh' }) }]);
  return { inline_keyboard: rows };
}
