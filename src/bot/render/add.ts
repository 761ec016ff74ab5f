import type { Config } from '../../config/types.ts';
import type { Words } from '../../i18n/words.ts';
import type { AddProblem } from '../add-request.ts';
import { nameProblemText } from './names.ts';

/** Why `/add …` or typed minutes were not taken, with how to write it. Plain text. */
export function addProblemText(words: Words, config: Config, problem: AddProblem): string {
  switch (problem.kind) {
    case 'add-usage':
      return words.t('add-usage');
    case 'not-whole-minutes':
      return words.t('add-not-whole-minutes', { text: problem.text });
    case 'zero-minutes':
      return words.t('add-zero-minutes');
    case 'too-many-minutes':
      return words.t('add-too-many-minutes', { max: String(problem.max) });
    case 'unknown-child':
    case 'unknown-machine':
      return nameProblemText(words, config, problem);
  }
}
