import { z } from 'zod';
import { ID_PATTERN } from '../config/schema.ts';
import type { Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';

/** What a status message's button asks for. Encoded compactly: Telegram allows 64 bytes of callback data. */
export type ButtonAction =
  | { readonly kind: 'add'; readonly childId: string; readonly machineId: string; readonly minutes: number }
  | { readonly kind: 'refresh' }
  /** A label button: it only names the row below it. */
  | { readonly kind: 'label' }
  /** Under a low-time alert: add time. */
  | { readonly kind: 'alert-add'; readonly childId: string; readonly machineId: string; readonly minutes: number }
  /** Under a low-time alert: "Let it end". */
  | { readonly kind: 'dismiss'; readonly childId: string; readonly machineId: string };

/** The amounts under a low-time alert, in minutes. */
export const ALERT_AMOUNTS: readonly number[] = [15, 30, 60];

const id = z.string().regex(ID_PATTERN);
const minutes = z.string().regex(/^-?[1-9]\d{0,3}$/).transform(Number);

const actionSchema = z.union([
  z.tuple([z.literal('a'), id, id, minutes]).transform(([, childId, machineId, amount]) => ({ kind: 'add' as const, childId, machineId, minutes: amount })),
  z.tuple([z.literal('r')]).transform(() => ({ kind: 'refresh' as const })),
  z.tuple([z.literal('n')]).transform(() => ({ kind: 'label' as const })),
  z.tuple([z.literal('l'), id, id, minutes]).transform(([, childId, machineId, amount]) => ({ kind: 'alert-add' as const, childId, machineId, minutes: amount })),
  z.tuple([z.literal('d'), id, id]).transform(([, childId, machineId]) => ({ kind: 'dismiss' as const, childId, machineId })),
]);

export const MAX_CALLBACK_DATA_BYTES = 64;

export function encodeButtonAction(action: ButtonAction): string {
  switch (action.kind) {
    case 'add':
      return `a:${action.childId}:${action.machineId}:${action.minutes}`;
    case 'refresh':
      return 'r';
    case 'label':
      return 'n';
    case 'alert-add':
      return `l:${action.childId}:${action.machineId}:${action.minutes}`;
    case 'dismiss':
      return `d:${action.childId}:${action.machineId}`;
  }
}

/** Parses callback data from a button of ours; anything else (forged, garbage, too long) is an error. Pure. */
export function decodeButtonAction(data: string): Result<ButtonAction, 'malformed'> {
  if (Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) return err('malformed');
  const parsed = actionSchema.safeParse(data.split(':'));
  return parsed.success ? ok(parsed.data) : err('malformed');
}

/**
 * Checks a button against the current config: the child and machine must still exist and belong together, and the
 * amount must be one of the configured buttons. A stale or forged button is refused. Pure.
 */
export function checkButtonAction(action: ButtonAction, config: Config): Result<ButtonAction, string> {
  if (action.kind === 'label' || action.kind === 'refresh') return ok(action);
  const child = config.children.get(action.childId);
  if (child === undefined || !child.accounts.has(action.machineId)) return err('This button is out of date. Use /status for fresh ones.');
  if (action.kind === 'add' && !config.telegram.buttons.includes(action.minutes)) {
    return err('This amount is not offered any more. Use /status for fresh buttons.');
  }
  if (action.kind === 'alert-add' && !ALERT_AMOUNTS.includes(action.minutes)) return err('This button is not valid.');
  return ok(action);
}
