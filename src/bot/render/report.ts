import type { Config } from '../../config/types.ts';
import { intlLocale } from '../../i18n/format.ts';
import type { Words } from '../../i18n/words.ts';
import type { ReportRequestError } from '../report-request.ts';

/** What /report answers to arguments it cannot read: what went wrong, and how to use it. Plain text. */
export function reportRequestErrorText(words: Words, config: Config, error: ReportRequestError): string {
  switch (error.kind) {
    case 'usage':
      return words.t('report-usage');
    case 'unknown-child': {
      const children = new Intl.ListFormat(intlLocale(words), { type: 'unit', style: 'short' }).format([...config.children.values()].map((child) => child.name));
      return words.t('report-unknown-child', { name: error.name, children });
    }
  }
}
