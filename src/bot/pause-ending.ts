import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Translations } from '../i18n/translations.ts';
import { localDay } from '../lib/local-days.ts';
import type { Clock, Scheduler } from '../lib/scheduler.ts';
import type { Store } from '../storage/store.ts';
import { pushTargets } from './push.ts';
import { pausesEndedText } from './render/pause.ts';
import type { Outbox } from './telegram/outbox.ts';
import { wordsForGroups } from './words.ts';

export interface PauseEndingDependencies {
  readonly outbox: Outbox;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly translations: Translations;
}

/** Ends the pauses of earlier days (the new day brings new limits) and tells the parents, in the groups' language. */
export async function endStalePauses({ outbox, config, store, logger, translations }: PauseEndingDependencies, now: number): Promise<number> {
  const ended = store.pauses.endBefore(localDay(now), now);
  if (ended.length === 0) return 0;
  logger.info({ action: 'pauses-ended', count: ended.length }, 'pauses ended with the day');
  const text = pausesEndedText(wordsForGroups(translations, config), config, ended);
  await Promise.all(pushTargets(config).map((chatId) => outbox.send(chatId, text, { html: true })));
  return ended.length;
}

/** A pause ends with its day: looked for at start and every minute. */
export function schedulePauseEnding(scheduler: Scheduler, deps: PauseEndingDependencies, now: Clock): void {
  scheduler.repeat('pause ending', () => endStalePauses(deps, now()), { everyMs: 60_000 });
}
