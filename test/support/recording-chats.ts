import type { Chats, DigestDelivery, Notice } from '../../src/household/chats.ts';

/** The household's port to the chats, recording what it is told (for tests of the household without a bot). */
export interface RecordingChats extends Chats {
  readonly told: Notice[];
  /** Each call to showWaiting: the message and the ids of the kept changes still waiting under it. */
  readonly shown: { readonly chatId: number; readonly messageId: number; readonly waiting: number[] }[];
  readonly digests: { readonly firstDay: string; readonly lastDay: string }[];
}

export function recordingChats(digest: DigestDelivery = { kind: 'sent', chats: 1 }): RecordingChats {
  const told: Notice[] = [];
  const shown: RecordingChats['shown'] = [];
  const digests: RecordingChats['digests'] = [];
  return {
    told,
    shown,
    digests,
    tell: (notice) => {
      told.push(notice);
      return Promise.resolve();
    },
    showWaiting: (chatId, messageId, waiting) => {
      shown.push({ chatId, messageId, waiting: waiting.map((kept) => kept.id) });
      return Promise.resolve();
    },
    sendAlert: () => Promise.resolve(),
    sendDigest: (week) => {
      digests.push(week);
      return Promise.resolve(digest);
    },
  };
}
