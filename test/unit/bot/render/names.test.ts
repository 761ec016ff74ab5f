import { describe, expect, test } from 'vitest';
import { nameProblemText } from '../../../../src/bot/render/names.ts';
import { configOf, familyFile } from '../../../support/bot-config.ts';
import { english, german } from '../../../support/words.ts';

/** Display names differ from ids here, and Mia's computers are listed laptop first. */
function namesConfig() {
  const file = familyFile();
  file.children = {
    mia: { name: 'Mia Rose', accounts: { laptop: 'mia', desktop: 'mia' } },
    kid2: { name: 'Leo', accounts: { desktop: 'leo' } },
  };
  return configOf(file);
}

describe('nameProblemText', () => {
  const config = namesConfig();

  test('an unknown child: the name as typed, and the children by name', () => {
    expect(nameProblemText(english, config, { kind: 'unknown-child', name: 'Bob' })).toBe('I don\'t know a child called "Bob". Children: Mia Rose, Leo.');
    expect(nameProblemText(german, config, { kind: 'unknown-child', name: 'Bob' })).toBe('Ein Kind namens „Bob“ kenne ich nicht. Kinder: Mia Rose, Leo.');
  });

  test("an unknown computer: the child's computers in config order", () => {
    const problem = { kind: 'unknown-machine', childId: 'mia', name: 'tv' } as const;
    expect(nameProblemText(english, config, problem)).toBe('Mia Rose has no computer called "tv". Mia Rose\'s computers: laptop, desktop.');
    expect(nameProblemText(german, config, problem)).toBe('Mia Rose hat keinen Computer namens „tv“. Computer von Mia Rose: laptop, desktop.');
  });
});
