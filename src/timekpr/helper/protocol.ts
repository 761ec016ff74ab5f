import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result.ts';
import type { TimeOperation } from '../commands.ts';
import type { RulesPatch } from '../rules.ts';

/**
 * The bot's side of the helper's line protocol (helper/PROTOCOL.md): requests encoded as JSON lines, and every line
 * the helper writes parsed with a schema before use. Pure.
 */

export type HelperRequest =
  | { readonly op: 'hello' }
  | { readonly op: 'users' }
  | { readonly op: 'info'; readonly user: string }
  | { readonly op: 'set'; readonly user: string; readonly operation: TimeOperation; readonly seconds: number }
  | { readonly op: 'subscribe' }
  /** Protocol version 2: */
  | { readonly op: 'set-playtime'; readonly user: string; readonly operation: TimeOperation; readonly seconds: number }
  | { readonly op: 'set-rules'; readonly user: string; readonly rules: RulesPatch };

/** The first helper version that knows `set-rules` and `set-playtime`. */
export const RULES_HELPER_VERSION = 2;

export function encodeRequest(id: number, request: HelperRequest): string {
  return JSON.stringify({ id, ...request });
}

/** The error kinds the helper answers with. */
export const HELPER_ERROR_KINDS = [
  'invalid-request',
  'unknown-user',
  'daemon-not-running',
  'access-denied',
  'rejected',
  'timeout',
  'failed',
  'helper-unavailable',
] as const;
export type HelperErrorKind = (typeof HELPER_ERROR_KINDS)[number];

export interface HelperError {
  readonly kind: HelperErrorKind;
  readonly message: string;
}

/** A message is kept to its first 4096 characters: a long D-Bus message must not make a whole answer unreadable. */
const helperError = z.object({ kind: z.enum(HELPER_ERROR_KINDS), message: z.string().transform((text) => text.slice(0, 4096)) });

const answer = z.union([
  z.object({ id: z.int().nonnegative().nullable(), ok: z.literal(true), result: z.record(z.string(), z.unknown()) }),
  z.object({ id: z.int().nonnegative().nullable(), ok: z.literal(false), error: helperError }),
]);

const timeLeftEvent = z.object({
  event: z.literal('timeLeft'),
  user: z.string().max(64),
  priority: z.string().max(64),
  left: z.record(z.string(), z.int()),
});
const daemonEvent = z.object({ event: z.literal('daemon'), running: z.boolean() });

export type HelperEvent =
  | { readonly kind: 'time-left'; readonly login: string; readonly secondsLeft: number }
  | { readonly kind: 'daemon'; readonly running: boolean };

export type HelperLine =
  | { readonly kind: 'answer'; readonly id: number | null; readonly result: Result<Readonly<Record<string, unknown>>, HelperError> }
  | { readonly kind: 'event'; readonly event: HelperEvent }
  /** Not a line of the protocol: the text is kept (shortened) for the log. */
  | { readonly kind: 'garbage'; readonly text: string };

/** Parses one line from the helper. Pure. */
export function parseHelperLine(line: string): HelperLine {
  const garbage = { kind: 'garbage', text: line.slice(0, 200) } as const;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return garbage;
  }
  const parsedAnswer = answer.safeParse(value);
  if (parsedAnswer.success) {
    const data = parsedAnswer.data;
    return { kind: 'answer', id: data.id, result: data.ok ? ok(data.result) : err(data.error) };
  }
  const timeLeft = timeLeftEvent.safeParse(value);
  if (timeLeft.success) {
    const secondsLeft = timeLeft.data.left['LEFTD'];
    if (secondsLeft === undefined) return garbage;
    return { kind: 'event', event: { kind: 'time-left', login: timeLeft.data.user, secondsLeft: Math.max(0, secondsLeft) } };
  }
  const daemon = daemonEvent.safeParse(value);
  if (daemon.success) return { kind: 'event', event: { kind: 'daemon', running: daemon.data.running } };
  return garbage;
}

/** What `hello` says about the helper and the machine. */
export interface HelperHello {
  readonly version: number;
  /** Running as an installed file (the restricted key's forced command), not sent by the bot. */
  readonly installed: boolean;
  /** sshd ran it in place of the bot's command: the key is restricted to it. */
  readonly forced: boolean;
  readonly daemonRunning: boolean;
  readonly inTimekprGroup: boolean;
}

const helloSchema = z.object({
  helper: z.literal('timekpr-bot-helper'),
  version: z.int().positive(),
  installed: z.boolean(),
  forced: z.boolean(),
  daemon: z.boolean(),
  group: z.boolean(),
});

export function parseHello(result: Readonly<Record<string, unknown>>): Result<HelperHello, string> {
  const parsed = helloSchema.safeParse(result);
  if (!parsed.success) return err('the helper did not introduce itself as expected');
  const { version, installed, forced, daemon, group } = parsed.data;
  return ok({ version, installed, forced, daemonRunning: daemon, inTimekprGroup: group });
}

const usersSchema = z.object({ users: z.array(z.string().max(64)).max(10_000) });

export function parseUsers(result: Readonly<Record<string, unknown>>): Result<string[], string> {
  const parsed = usersSchema.safeParse(result);
  return parsed.success ? ok(parsed.data.users) : err('the user list was not as expected');
}
