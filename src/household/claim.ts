import { randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The code that makes the first parent (`/claim 482-917`), while the bot has none: printed only on the console and log
 * of the machine that runs the bot, from a CSPRNG, single use, a few wrong tries, then a new one is needed; it
 * expires. Facts only, no I/O: the caller keeps the state and prints what it is told to. Pure but for `random`.
 */
export interface ClaimCode {
  /** Six digits, written `482-917`. */
  readonly code: string;
  readonly expiresAt: number;
  readonly triesLeft: number;
}

/** How long a code is good for. */
export const CLAIM_CODE_MS = 15 * 60_000;
/** Wrong codes allowed before this one is spent and a new one must be printed. */
export const CLAIM_TRIES = 5;

/** A fresh code (`random(max)`: a uniform whole number below max, from a CSPRNG by default). */
export function newClaimCode(now: number, random: (max: number) => number = randomInt): ClaimCode {
  const digits = String(random(1_000_000)).padStart(6, '0');
  return { code: `${digits.slice(0, 3)}-${digits.slice(3)}`, expiresAt: now + CLAIM_CODE_MS, triesLeft: CLAIM_TRIES };
}

/**
 * What a `/claim` did: `accepted` (the sender becomes the first parent; the code is spent), `refused` (a wrong code;
 * `state` has one try less), `spent` (the last try failed: a new code is needed), `expired` or `none` (no code now).
 * The sender is never told which: every refusal reads the same.
 */
export type ClaimVerdict =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'refused'; readonly state: ClaimCode }
  | { readonly kind: 'spent' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'none' };

/** Checks a typed code (spaces and dashes ignored) against the current one, in constant time. */
export function tryClaim(state: ClaimCode | undefined, typed: string, now: number): ClaimVerdict {
  if (state === undefined) return { kind: 'none' };
  if (now >= state.expiresAt) return { kind: 'expired' };
  if (sameDigits(state.code, typed)) return { kind: 'accepted' };
  const triesLeft = state.triesLeft - 1;
  return triesLeft <= 0 ? { kind: 'spent' } : { kind: 'refused', state: { ...state, triesLeft } };
}

function sameDigits(code: string, typed: string): boolean {
  const wanted = Buffer.from(code.replace(/\D/g, ''));
  const given = Buffer.from(typed.replace(/[\s-]/g, '').slice(0, 16).padEnd(wanted.length, ' '));
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** What a `/claim` got: the sender is the first parent now, or a refusal that reads the same whatever its reason. */
export type ClaimAttempt = { readonly kind: 'accepted' } | { readonly kind: 'refused' };

/**
 * The claim code of a bot that has no parent yet: one code at a time; a spent or expired one is replaced at once, and
 * each new code is handed to `announce` (the console and log). Pure but for the clock and `random`.
 */
export class ClaimDesk {
  #code: ClaimCode;
  #claimed = false;
  readonly #now: () => number;
  readonly #random: ((max: number) => number) | undefined;
  readonly #announce: (code: ClaimCode) => void;

  constructor(announce: (code: ClaimCode) => void, now: () => number = Date.now, random?: (max: number) => number) {
    this.#announce = announce;
    this.#now = now;
    this.#random = random;
    this.#code = this.#fresh();
  }

  /** The code now (a new one, announced, when the last one ran out). */
  get current(): ClaimCode {
    if (!this.#claimed && this.#now() >= this.#code.expiresAt) this.#code = this.#fresh();
    return this.#code;
  }

  /** Checks a typed code. Only one claim is ever accepted. */
  attempt(typed: string): ClaimAttempt {
    if (this.#claimed) return { kind: 'refused' };
    const verdict = tryClaim(this.current, typed, this.#now());
    switch (verdict.kind) {
      case 'accepted':
        this.#claimed = true;
        return verdict;
      case 'refused':
        this.#code = verdict.state;
        return { kind: 'refused' };
      default:
        this.#code = this.#fresh();
        return { kind: 'refused' };
    }
  }

  /** A claim that could not be completed (the config could not be written): the code is good again. */
  undoClaim(): void {
    this.#claimed = false;
  }

  #fresh(): ClaimCode {
    const code = newClaimCode(this.#now(), this.#random);
    this.#announce(code);
    return code;
  }
}
