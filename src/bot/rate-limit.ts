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
