/**
 * A sliding-window limit per sender: at most `limit` messages in `windowMs`. Past it, the sender is told (`tell`) at
 * most once per `windowMs`, and otherwise ignored (`silent`), however long the flood goes on. Pure apart from its
 * memory; `now` is passed.
 */
export interface RateLimiter {
  check(key: number, now: number): 'ok' | 'tell' | 'silent';
}

export function createRateLimiter({ limit, windowMs }: { readonly limit: number; readonly windowMs: number }): RateLimiter {
  const hits = new Map<number, number[]>();
  const toldAt = new Map<number, number>();
  return {
    check(key, now) {
      const recent = (hits.get(key) ?? []).filter((at) => at > now - windowMs);
      if (recent.length < limit) {
        recent.push(now);
        hits.set(key, recent);
        return 'ok';
      }
      hits.set(key, recent);
      const told = toldAt.get(key);
      if (told !== undefined && told > now - windowMs) return 'silent';
      toldAt.set(key, now);
      return 'tell';
    },
  };
}

/**
 * At most once per key per window: `take` says yes to a key at most once in any `windowMs`, however often it is
 * asked. Memory stays flat: keys older than the window are forgotten as time goes on, and while `maxKeys` keys are
 * remembered, a new key is refused (never told twice beats telling everyone under a flood of distinct keys). Pure
 * apart from its memory; `now` (ms) is passed and should not go backwards.
 */
export interface OncePerWindow {
  /** Whether `key` may be told now; if so, it may not again until `windowMs` have passed. */
  take(key: string, now: number): boolean;
  /** How many keys are remembered (told within the window), at most `maxKeys`. */
  readonly size: number;
}

export interface OncePerWindowOptions {
  readonly windowMs: number;
  /** The most keys remembered at once. Default 10 000. */
  readonly maxKeys?: number;
}

export function createOncePerWindow({ windowMs, maxKeys = 10_000 }: OncePerWindowOptions): OncePerWindow {
  // Insertion order is the order keys were told in (a key told again is deleted first), so the oldest are in front.
  const toldAt = new Map<string, number>();
  const forgetOld = (now: number) => {
    for (const [key, at] of toldAt) {
      if (now - at < windowMs) return;
      toldAt.delete(key);
    }
  };
  return {
    take(key, now) {
      forgetOld(now);
      const at = toldAt.get(key);
      if (at !== undefined && now - at < windowMs) return false;
      toldAt.delete(key);
      if (toldAt.size >= maxKeys) return false;
      toldAt.set(key, now);
      return true;
    },
    get size() {
      return toldAt.size;
    },
  };
}
