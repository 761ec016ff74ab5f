import type { WatchedAlert } from '../alerts/watcher.ts';
import type { AskRecord } from '../storage/asks.ts';
import type { ChangeRecord } from '../storage/store.ts';
import type { RulesChangeRecord } from '../storage/rules-ledger.ts';
import type { KeptRecord } from '../storage/kept.ts';
import type { PauseRecord } from '../storage/pauses.ts';
import type { ChangeResult, Reread } from './apply.ts';
import type { PauseLine } from './pausing.ts';
import type { MachineRulesOutcome } from './rules.ts';
import type { ExceptionRecord } from '../storage/exceptions.ts';
import type { ExceptionEnd } from './exceptions.ts';
import type { RuleDifference } from './profile-rules.ts';

/**
 * What the household tells the chats of its own accord: facts (kinds, records, numbers), never words. The bot decides
 * where each goes and words it (src/bot/household-chats.ts).
 */
export type Notice =
  /** A kept change's time given or taken once its computer was back (`reread`: read again after an unknown outcome). */
  | { readonly kind: 'kept-applied'; readonly kept: KeptRecord; readonly result: ChangeResult; readonly reread: Reread | undefined }
  /** A kept pause made once its computer was back. */
  | { readonly kind: 'kept-paused'; readonly kept: KeptRecord; readonly line: PauseLine }
  /** A kept rules change made (or found already so, or refused) once its computer was back. */
  | { readonly kind: 'kept-rules-applied'; readonly kept: KeptRecord; readonly outcome: MachineRulesOutcome }
  /** The config changed while a kept change waited: there is no such account any more. */
  | { readonly kind: 'kept-no-account'; readonly kept: KeptRecord }
  /** A kept change's day ended with its computer still off: it did not happen. */
  | { readonly kind: 'kept-dropped'; readonly kept: KeptRecord }
  /** Pauses of an earlier day ended (the new day brings new limits). */
  | { readonly kind: 'pauses-ended'; readonly pauses: readonly PauseRecord[] }
  /** A change the bot was running when it stopped: whether it was applied is unknown; the time read now. */
  | { readonly kind: 'change-interrupted'; readonly change: ChangeRecord; readonly reread: Reread }
  /** A rules change the bot was writing when it stopped: whether it was written is unknown. */
  | { readonly kind: 'rules-interrupted'; readonly change: RulesChangeRecord }
  /** A child's request ran out unanswered: the parents' copies say so, and the child is told. */
  | { readonly kind: 'ask-closed'; readonly ask: AskRecord }
  /** An exception's day ended and it could not be put back, or a part a parent changed since was kept. */
  | { readonly kind: 'exception-ended'; readonly exception: ExceptionRecord; readonly end: ExceptionEnd }
  /**
   * A computer differs from its child's profile in ways not made through the bot (a new one since the last report):
   * all its differences now; `waiting`: a rules change kept for it has not been made yet.
   */
  | {
      readonly kind: 'profile-differences';
      readonly childId: string;
      readonly machineId: string;
      readonly profileId: string;
      readonly differences: readonly RuleDifference[];
      readonly waiting: boolean;
    };

/** How the weekly digest went: sent to some chats, not made (nothing recorded that week), or refused by every chat. */
export type DigestDelivery = { readonly kind: 'sent'; readonly chats: number } | { readonly kind: 'nothing-recorded' } | { readonly kind: 'refused' };

/** The household's way to the chats: the one port, implemented by the bot. */
export interface Chats {
  /** Tells the chats concerned. */
  readonly tell: (notice: Notice) => Promise<void>;
  /** Shows under a message the Cancel buttons of the kept changes still waiting there (none: no buttons). */
  readonly showWaiting: (chatId: number, messageId: number, waiting: readonly KeptRecord[]) => Promise<void>;
  /**
   * Sends a low-time alert to the parents (and the child, with `warn: true`). Throws when no chat took it: the watcher
   * keeps it due and tries again at its next poll.
   */
  readonly sendAlert: (alert: WatchedAlert) => Promise<void>;
  /** Sends the weekly digest of these days (local days, YYYY-MM-DD) to the parents: the chart and its words. */
  readonly sendDigest: (week: { readonly firstDay: string; readonly lastDay: string }) => Promise<DigestDelivery>;
}
