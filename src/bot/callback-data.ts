import { ASK_AMOUNTS } from '../household/asks.ts';
import { z } from 'zod';
import { ID_PATTERN } from '../config/schema.ts';
import type { Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';

/**
 * What a button of ours asks for: every kind of button the bot sends, in one union. Encoded compactly, as
 * `<letter>:<field>:…`, because Telegram allows 64 bytes of callback data.
 */
export type ButtonAction =
  /** Under a status message: add or take away time. */
  | { readonly kind: 'add'; readonly childId: string; readonly machineId: string; readonly minutes: number }
  /** Under a status message, where PlayTime is on: 🎮 add PlayTime. */
  | { readonly kind: 'play-add'; readonly childId: string; readonly machineId: string; readonly minutes: number }
  | { readonly kind: 'refresh' }
  /** A label button: it only names the row below it. */
  | { readonly kind: 'label' }
  /** Under a low-time alert: add time. */
  | { readonly kind: 'alert-add'; readonly childId: string; readonly machineId: string; readonly minutes: number }
  /** Under a low-time alert: "Let it end". */
  | { readonly kind: 'dismiss'; readonly childId: string; readonly machineId: string }
  /** The step-by-step /add: a child was picked. */
  | { readonly kind: 'guided-child'; readonly childId: string }
  /** The step-by-step /add: a computer was picked (`*`: all of the child's). */
  | { readonly kind: 'guided-machine'; readonly machine: string }
  /** The step-by-step /add: an amount was picked. */
  | { readonly kind: 'guided-amount'; readonly minutes: number }
  /** The step-by-step /add: "Other…" (the parent types the amount). */
  | { readonly kind: 'guided-other' }
  | { readonly kind: 'guided-cancel' }
  /** Under a child's request: give `minutes` on `machine` (a machine id, or `*`: all of the child's). */
  | { readonly kind: 'ask-give'; readonly askId: number; readonly machine: string; readonly minutes: number }
  /** Under a child's request: "No". */
  | { readonly kind: 'ask-deny'; readonly askId: number }
  /** A child's own button: ask for `minutes` more. */
  | { readonly kind: 'child-ask'; readonly minutes: number }
  /** "Pause" under the question of /pause: only the parent `askerId` who asked may confirm it. */
  | { readonly kind: 'pause-confirm'; readonly childId: string; readonly machine: string; readonly askerId: number }
  /** "Cancel" under the question of /pause. */
  | { readonly kind: 'pause-cancel' }
  /** ⏸ under a status message: ask to pause the child on all her computers (as /pause does). */
  | { readonly kind: 'pause-ask'; readonly childId: string }
  /** ▶ under a status message: resume the child on all her computers (as /resume does). */
  | { readonly kind: 'resume'; readonly childId: string }
  /** "Cancel" under a change kept for a computer that is off. */
  | { readonly kind: 'kept-cancel'; readonly keptId: number }
  /** "↩ Undo" under a rules change: restores what the change of that update wrote. */
  | { readonly kind: 'rules-undo'; readonly updateId: number }
  /** Under /rules: today's limit of the child up or down by `minutes` (±{@link RULES_STEP_MINUTES}). */
  | { readonly kind: 'rules-step'; readonly childId: string; readonly minutes: number }
  /** Under /rules: PlayTime on or off. */
  | { readonly kind: 'rules-playtime'; readonly childId: string; readonly enabled: boolean }
  /** Under /rules: what happens at zero. */
  | { readonly kind: 'rules-lockout'; readonly childId: string; readonly lockout: ButtonLockout }
  /** Under /profile: switch a child (`*`: every child the profile is for) to a profile. */
  | { readonly kind: 'profile-switch'; readonly profileId: string; readonly child: string }
  /** Where a computer differs from its child's profile: make it follow the profile again. */
  | { readonly kind: 'profile-apply'; readonly childId: string; readonly machineId: string }
  /** Where a computer differs from its child's profile: keep it as it is. */
  | { readonly kind: 'profile-keep'; readonly childId: string; readonly machineId: string }
  /** Under /rules: today's allowed hours until `toMinute`, until midnight. */
  | { readonly kind: 'exception-tonight'; readonly childId: string; readonly toMinute: number }
  /** The same under a low-time alert (answered below the alert, which stays as it is). */
  | { readonly kind: 'alert-tonight'; readonly childId: string; readonly toMinute: number }
  /** Under /rules: today's limit `minutes` more, until midnight. */
  | { readonly kind: 'exception-extra'; readonly childId: string; readonly minutes: number }
  /** Under /rules: no computer tomorrow. */
  | { readonly kind: 'exception-tomorrow-off'; readonly childId: string }
  /** An answer to a question of setup from the chat (bot/setup-desk.ts keeps the question by its number). */
  | { readonly kind: 'setup-answer'; readonly questionId: number; readonly choice: string };

/** What happens at zero, as a button offers it (suspend with wake hours needs /lockout). */
export const BUTTON_LOCKOUTS = ['lock', 'suspend', 'terminate', 'shutdown'] as const;
export type ButtonLockout = (typeof BUTTON_LOCKOUTS)[number];

/** What `📅 +1h today` under /rules adds, in minutes. */
export const EXCEPTION_EXTRA_MINUTES = 60;

/** The times a `🌙 until … tonight` button may offer: whole or half hours, 1:00 to 24:00. */
export function isOfferedTonight(toMinute: number): boolean {
  return Number.isInteger(toMinute) && toMinute % 30 === 0 && toMinute >= 60 && toMinute <= 1440;
}

/** The step of the ∓ buttons under /rules, in minutes. */
export const RULES_STEP_MINUTES = 30;

export type GuidedButton = Extract<ButtonAction, { kind: `guided-${string}` }>;

/** The PlayTime amounts under a status message (🎮 +15), in minutes. */
export const PLAY_AMOUNTS: readonly number[] = [15];

/** The amounts under a low-time alert, in minutes. */
export const ALERT_AMOUNTS: readonly number[] = [15, 30, 60];


/** The `machine` of a guided-machine button that means every computer of the child. */
export const ALL_MACHINES = '*';

export const MAX_CALLBACK_DATA_BYTES = 64;

const id = z.string().regex(ID_PATTERN);
const minutes = z.string().regex(/^-?[1-9]\d{0,3}$/).transform(Number);
const askId = z.string().regex(/^[1-9]\d{0,11}$/).transform(Number);

const actionSchema = z.union([
  z.tuple([z.literal('a'), id, id, minutes]).transform(([, childId, machineId, amount]) => ({ kind: 'add' as const, childId, machineId, minutes: amount })),
  z.tuple([z.literal('e'), id, id, minutes]).transform(([, childId, machineId, amount]) => ({ kind: 'play-add' as const, childId, machineId, minutes: amount })),
  z.tuple([z.literal('r')]).transform(() => ({ kind: 'refresh' as const })),
  z.tuple([z.literal('n')]).transform(() => ({ kind: 'label' as const })),
  z.tuple([z.literal('l'), id, id, minutes]).transform(([, childId, machineId, amount]) => ({ kind: 'alert-add' as const, childId, machineId, minutes: amount })),
  z.tuple([z.literal('d'), id, id]).transform(([, childId, machineId]) => ({ kind: 'dismiss' as const, childId, machineId })),
  z.tuple([z.literal('g'), z.literal('c'), id]).transform(([, , childId]) => ({ kind: 'guided-child' as const, childId })),
  z.tuple([z.literal('g'), z.literal('m'), z.union([id, z.literal(ALL_MACHINES)])]).transform(([, , machine]) => ({ kind: 'guided-machine' as const, machine })),
  z.tuple([z.literal('g'), z.literal('a'), minutes]).transform(([, , amount]) => ({ kind: 'guided-amount' as const, minutes: amount })),
  z.tuple([z.literal('g'), z.literal('o')]).transform(() => ({ kind: 'guided-other' as const })),
  z.tuple([z.literal('g'), z.literal('x')]).transform(() => ({ kind: 'guided-cancel' as const })),
  z.tuple([z.literal('q'), askId, z.union([id, z.literal(ALL_MACHINES)]), minutes]).transform(([, ask, machine, amount]) => ({ kind: 'ask-give' as const, askId: ask, machine, minutes: amount })),
  z.tuple([z.literal('q'), askId, z.literal('x')]).transform(([, ask]) => ({ kind: 'ask-deny' as const, askId: ask })),
  z.tuple([z.literal('k'), minutes]).transform(([, amount]) => ({ kind: 'child-ask' as const, minutes: amount })),
  z.tuple([z.literal('p'), id, z.union([id, z.literal(ALL_MACHINES)]), askId]).transform(([, childId, machine, askerId]) => ({ kind: 'pause-confirm' as const, childId, machine, askerId })),
  z.tuple([z.literal('p'), z.literal('x')]).transform(() => ({ kind: 'pause-cancel' as const })),
  z.tuple([z.literal('h'), id]).transform(([, childId]) => ({ kind: 'pause-ask' as const, childId })),
  z.tuple([z.literal('b'), id]).transform(([, childId]) => ({ kind: 'resume' as const, childId })),
  z.tuple([z.literal('o'), askId]).transform(([, keptId]) => ({ kind: 'kept-cancel' as const, keptId })),
  z.tuple([z.literal('u'), askId]).transform(([, updateId]) => ({ kind: 'rules-undo' as const, updateId })),
  z.tuple([z.literal('y'), id, z.literal('s'), minutes]).transform(([, childId, , amount]) => ({ kind: 'rules-step' as const, childId, minutes: amount })),
  z.tuple([z.literal('y'), id, z.literal('p'), z.enum(['0', '1'])]).transform(([, childId, , on]) => ({ kind: 'rules-playtime' as const, childId, enabled: on === '1' })),
  z.tuple([z.literal('y'), id, z.literal('z'), z.enum(BUTTON_LOCKOUTS)]).transform(([, childId, , lockout]) => ({ kind: 'rules-lockout' as const, childId, lockout })),
  z.tuple([z.literal('f'), z.literal('s'), id, z.union([id, z.literal(ALL_MACHINES)])]).transform(([, , profileId, child]) => ({ kind: 'profile-switch' as const, profileId, child })),
  z.tuple([z.literal('f'), z.literal('a'), id, id]).transform(([, , childId, machineId]) => ({ kind: 'profile-apply' as const, childId, machineId })),
  z.tuple([z.literal('f'), z.literal('k'), id, id]).transform(([, , childId, machineId]) => ({ kind: 'profile-keep' as const, childId, machineId })),
  z.tuple([z.literal('x'), id, z.literal('t'), minutes]).transform(([, childId, , toMinute]) => ({ kind: 'exception-tonight' as const, childId, toMinute })),
  z.tuple([z.literal('x'), id, z.literal('a'), minutes]).transform(([, childId, , toMinute]) => ({ kind: 'alert-tonight' as const, childId, toMinute })),
  z.tuple([z.literal('x'), id, z.literal('p'), minutes]).transform(([, childId, , amount]) => ({ kind: 'exception-extra' as const, childId, minutes: amount })),
  z.tuple([z.literal('x'), id, z.literal('o')]).transform(([, childId]) => ({ kind: 'exception-tomorrow-off' as const, childId })),
  z.tuple([z.literal('s'), askId, z.string().regex(/^[a-z]\d{0,2}$/)]).transform(([, questionId, choice]) => ({ kind: 'setup-answer' as const, questionId, choice })),
]);

export function encodeButtonAction(action: ButtonAction): string {
  switch (action.kind) {
    case 'add':
      return `a:${action.childId}:${action.machineId}:${action.minutes}`;
    case 'play-add':
      return `e:${action.childId}:${action.machineId}:${action.minutes}`;
    case 'refresh':
      return 'r';
    case 'label':
      return 'n';
    case 'alert-add':
      return `l:${action.childId}:${action.machineId}:${action.minutes}`;
    case 'dismiss':
      return `d:${action.childId}:${action.machineId}`;
    case 'guided-child':
      return `g:c:${action.childId}`;
    case 'guided-machine':
      return `g:m:${action.machine}`;
    case 'guided-amount':
      return `g:a:${action.minutes}`;
    case 'guided-other':
      return 'g:o';
    case 'guided-cancel':
      return 'g:x';
    case 'ask-give':
      return `q:${action.askId}:${action.machine}:${action.minutes}`;
    case 'ask-deny':
      return `q:${action.askId}:x`;
    case 'child-ask':
      return `k:${action.minutes}`;
    case 'pause-confirm':
      return `p:${action.childId}:${action.machine}:${action.askerId}`;
    case 'pause-cancel':
      return 'p:x';
    case 'pause-ask':
      return `h:${action.childId}`;
    case 'resume':
      return `b:${action.childId}`;
    case 'kept-cancel':
      return `o:${action.keptId}`;
    case 'rules-undo':
      return `u:${action.updateId}`;
    case 'rules-step':
      return `y:${action.childId}:s:${action.minutes}`;
    case 'rules-playtime':
      return `y:${action.childId}:p:${action.enabled ? 1 : 0}`;
    case 'rules-lockout':
      return `y:${action.childId}:z:${action.lockout}`;
    case 'profile-switch':
      return `f:s:${action.profileId}:${action.child}`;
    case 'profile-apply':
      return `f:a:${action.childId}:${action.machineId}`;
    case 'profile-keep':
      return `f:k:${action.childId}:${action.machineId}`;
    case 'exception-tonight':
      return `x:${action.childId}:t:${action.toMinute}`;
    case 'alert-tonight':
      return `x:${action.childId}:a:${action.toMinute}`;
    case 'exception-extra':
      return `x:${action.childId}:p:${action.minutes}`;
    case 'exception-tomorrow-off':
      return `x:${action.childId}:o`;
    case 'setup-answer':
      return `s:${action.questionId}:${action.choice}`;
  }
}

/** Parses callback data from a button of ours; anything else (forged, garbage, too long) is an error. Pure. */
export function decodeButtonAction(data: string): Result<ButtonAction, 'malformed'> {
  if (Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) return err('malformed');
  const parsed = actionSchema.safeParse(data.split(':'));
  return parsed.success ? ok(parsed.data) : err('malformed');
}

export function isGuidedButton(action: ButtonAction): action is GuidedButton {
  return action.kind.startsWith('guided-');
}

/** Why a well-formed button is refused: the config changed since it was sent, or it was never one we offered. */
export type ButtonRefusal = 'out-of-date' | 'amount-not-offered' | 'invalid';

/**
 * Checks a button against the current config: the child and machine must still exist and belong together, and the
 * amount must be one the bot offers there. A stale or forged button is refused. Guided buttons are checked by their
 * conversation, which knows the child. Pure.
 */
export function checkButtonAction(action: ButtonAction, config: Config): Result<ButtonAction, ButtonRefusal> {
  if (action.kind === 'ask-give' || action.kind === 'child-ask') return ASK_AMOUNTS.includes(action.minutes) ? ok(action) : err('invalid');
  if (action.kind === 'pause-confirm') {
    const child = config.children.get(action.childId);
    return child !== undefined && (action.machine === ALL_MACHINES || child.accounts.has(action.machine)) ? ok(action) : err('out-of-date');
  }
  if (action.kind === 'pause-ask' || action.kind === 'resume') return config.children.has(action.childId) ? ok(action) : err('out-of-date');
  if (action.kind === 'rules-step' && Math.abs(action.minutes) !== RULES_STEP_MINUTES) return err('invalid');
  if (action.kind === 'rules-step' || action.kind === 'rules-playtime' || action.kind === 'rules-lockout') {
    return config.children.has(action.childId) ? ok(action) : err('out-of-date');
  }
  if (action.kind === 'profile-switch') {
    const profile = config.profiles.byId.get(action.profileId);
    if (profile === undefined) return err('out-of-date');
    return action.child === ALL_MACHINES || profile.childIds.includes(action.child) ? ok(action) : err('out-of-date');
  }
  if ((action.kind === 'exception-tonight' || action.kind === 'alert-tonight') && !isOfferedTonight(action.toMinute)) return err('invalid');
  if (action.kind === 'exception-extra' && action.minutes !== EXCEPTION_EXTRA_MINUTES) return err('invalid');
  if (action.kind === 'exception-tonight' || action.kind === 'alert-tonight' || action.kind === 'exception-extra' || action.kind === 'exception-tomorrow-off') {
    return config.children.has(action.childId) ? ok(action) : err('out-of-date');
  }
  if (action.kind === 'profile-apply' || action.kind === 'profile-keep') {
    return config.children.get(action.childId)?.accounts.has(action.machineId) === true ? ok(action) : err('out-of-date');
  }
  if (action.kind !== 'add' && action.kind !== 'play-add' && action.kind !== 'alert-add' && action.kind !== 'dismiss') return ok(action);
  const child = config.children.get(action.childId);
  if (child === undefined || !child.accounts.has(action.machineId)) return err('out-of-date');
  if (action.kind === 'add' && !config.telegram.buttons.includes(action.minutes)) return err('amount-not-offered');
  if (action.kind === 'play-add' && !PLAY_AMOUNTS.includes(action.minutes)) return err('invalid');
  if (action.kind === 'alert-add' && !ALERT_AMOUNTS.includes(action.minutes)) return err('invalid');
  return ok(action);
}
