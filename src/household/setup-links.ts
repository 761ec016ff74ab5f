import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one-time addresses from which a computer being added fetches its setup script (`/s/<token>/`): a random token
 * per computer, good once, for 15 minutes. The setup server asks here whether to serve, and for which computer; the
 * token is spent by the first request, even one that then fails. In memory: a restart forgets them (the parent asks
 * again). Pure but for `random`.
 */
export interface SetupLink {
  readonly token: string;
  readonly machineId: string;
  readonly expiresAt: number;
}

export const SETUP_LINK_MS = 15 * 60_000;

/** A URL-safe token of 24 random bytes (192 bits). */
export function newSetupToken(random: (bytes: number) => Buffer = randomBytes): string {
  return random(24).toString('base64url');
}

export class SetupLinks {
  readonly #links = new Map<string, SetupLink>();
  readonly #random: (bytes: number) => Buffer;

  constructor(random: (bytes: number) => Buffer = randomBytes) {
    this.#random = random;
  }

  /** A new address for `machineId`; one made for it before is no longer good. */
  open(machineId: string, now: number): SetupLink {
    for (const [token, link] of this.#links) if (link.machineId === machineId) this.#links.delete(token);
    const link = { token: newSetupToken(this.#random), machineId, expiresAt: now + SETUP_LINK_MS };
    this.#links.set(link.token, link);
    return link;
  }

  /** The computer a token is for, once: it is spent by this call. Undefined for a wrong, spent or expired token. */
  take(token: string, now: number): string | undefined {
    for (const [known, link] of this.#links) {
      if (!sameToken(known, token)) continue;
      this.#links.delete(known);
      return link.expiresAt > now ? link.machineId : undefined;
    }
    return undefined;
  }

  /** Whether any address is still good: the server listens only while one is. */
  anyOpen(now: number): boolean {
    for (const [token, link] of this.#links) if (link.expiresAt <= now) this.#links.delete(token);
    return this.#links.size > 0;
  }
}

function sameToken(known: string, given: string): boolean {
  const a = Buffer.from(known);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
