/**
 * A sliding-window limit per sender: at most `limit` messages in `windowMs`. Past it, the sender is told once
 * (`tell`) and then ignored (`silent`) until the window has room again. Pure apart from its memory; `now` is passed.
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
        toldAt.delete(key);
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
