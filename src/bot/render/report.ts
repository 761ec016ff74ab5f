import type { Config } from '../../config/types.ts';
import type { Words } from '../../i18n/words.ts';
import type { ReportRequestError } from '../report-request.ts';
import { nameProblemText } from './names.ts';

/** What /report answers to arguments it cannot read: what went wrong, and how to use it. Plain text. */
export function reportRequestErrorText(words: Words, config: Config, error: ReportRequestError): string {
  switch (error.kind) {
    case 'usage':
      return words.t('report-usage');
    case 'unknown-child':
    case 'unknown-machine':
      return `${nameProblemText(words, config, error)}\n${words.t('report-usage')}`;
  }
}
