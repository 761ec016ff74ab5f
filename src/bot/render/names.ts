import type { Config } from '../../config/types.ts';
import type { Words } from '../../i18n/words.ts';
import type { NameProblem } from '../names.ts';

/**
 * `I don't know a child called "Bob". Children: Mia, Leo.` / `Mia has no computer called "tv". Mia's computers:
 * desktop, laptop.`: a name that matched nothing, with the names that would have. Plain text.
 */
export function nameProblemText(words: Words, config: Config, problem: NameProblem): string {
  switch (problem.kind) {
    case 'unknown-child':
      return words.t('child-unknown', { name: problem.name, children: [...config.children.values()].map((child) => child.name).join(', ') });
    case 'unknown-machine': {
      const child = config.children.get(problem.childId);
      return words.t('child-unknown-machine', { child: child?.name ?? problem.childId, name: problem.name, machines: [...(child?.accounts.keys() ?? [])].join(', ') });
    }
  }
}
