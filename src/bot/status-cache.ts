import type { StatusSnapshot } from '../household/status.ts';

export interface StatusCacheOptions {
  /** Snapshots kept (one per status message); the least recently written goes first. Default 200. */
  readonly size?: number;
  /** Older than this, a snapshot is not used any more. Default 60 s. */
  readonly maxAgeMs?: number;
}

/**
 * What each status message showed, so a tap re-reads only the account it changed while the rest of a recent message
 * stays as last read. Keyed by chat and message; the clock is passed in.
 */
export interface StatusCache {
  remember(chatId: number, messageId: number, snapshot: StatusSnapshot, now: number): void;
  /** The message's snapshot if it is recent enough, else undefined. */
  recent(chatId: number, messageId: number, now: number): StatusSnapshot | undefined;
}

export function createStatusCache({ size = 200, maxAgeMs = 60_000 }: StatusCacheOptions = {}): StatusCache {
  const entries = new Map<string, { readonly snapshot: StatusSnapshot; readonly readAt: number }>();
  return {
    remember(chatId, messageId, snapshot, now) {
      const key = `${chatId}:${messageId}`;
      entries.delete(key);
      entries.set(key, { snapshot, readAt: now });
      for (const oldest of entries.keys()) {
        if (entries.size <= size) break;
        entries.delete(oldest);
      }
    },
    recent(chatId, messageId, now) {
      const entry = entries.get(`${chatId}:${messageId}`);
      return entry !== undefined && now - entry.readAt < maxAgeMs ? entry.snapshot : undefined;
    },
  };
}
