import type { Chats } from '../household/chats.ts';
import type { ChartFailure } from '../reports/chart.ts';
import type { WeekPicture } from '../reports/week-chart-spec.ts';
import type { Result } from '../lib/result.ts';
import type { RulesClient } from '../timekpr/rules-client.ts';
import type { Translations } from '../i18n/translations.ts';
import type { ApplyDependencies } from '../household/apply.ts';
import type { StatusCache } from './status-cache.ts';
import type { Outbox } from './telegram/outbox.ts';

/** What the features of the bot are built from. */
export interface FeatureDependencies extends ApplyDependencies {
  /** What each status message showed, so a tap re-reads only what it changed. */
  readonly statusCache: StatusCache;
  /** The clock, in ms since the epoch (tests pass their own). */
  readonly now: () => number;
  /** Every message the bot owes a chat goes through it: kept until Telegram takes it. */
  readonly outbox: Outbox;
  /** The words of every language the bot speaks. */
  readonly translations: Translations;
  /** The household's port to the chats (household-chats.ts). */
  readonly chats: Chats;
  /** Reads and writes the children's house rules. */
  readonly rules: RulesClient;
  /** Draws the week picture of a child's rules as a PNG. */
  readonly renderWeek: RenderWeek;
}

/** Draws the week picture of a child's rules. */
export type RenderWeek = (picture: WeekPicture) => Promise<Result<Buffer, ChartFailure>>;
