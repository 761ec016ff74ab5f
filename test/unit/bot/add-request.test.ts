import { describe, expect, test } from 'vitest';
import { parseAddArguments, parseMinutes } from '../../../src/bot/add-request.ts';
import { addProblemText } from '../../../src/bot/render/add.ts';
import { configOf, familyFile } from '../../support/bot-config.ts';
import { english, german } from '../../support/words.ts';

const ADD_USAGE = 'Use: /add <child> <minutes> [computer] [play], e.g. /add mia 15, /add mia -10 desktop, or /add mia 15 play for PlayTime';

describe('parseMinutes', () => {
  test.each([
    ['15', 15],
    ['-10', -10],
    ['+5', 5],
    [' 30 ', 30],
    ['1440', 1440],
    ['-1440', -1440],
  ])('%j is %d minutes', (text, minutes) => {
    expect(parseMinutes(text)).toEqual({ ok: true, value: minutes });
  });

  test.each(['0', '+0', '-0', '1441', '-1441', '99999', '1.5', 'abc', '', ' ', '15min', '1e3', '0x10', '--5', '15 15'])(
    '%j is refused',
    (text) => {
      const result = parseMinutes(text);
      expect(result.ok).toBe(false);
      expect(result.ok ? undefined : result.error.kind).toMatch(/minutes$/);
    },
  );

  test("the refusals are facts, said in the reader's language", () => {
    expect(parseMinutes('0')).toEqual({ ok: false, error: { kind: 'zero-minutes' } });
    expect(parseMinutes('1441')).toEqual({ ok: false, error: { kind: 'too-many-minutes', max: 1440 } });
    expect(parseMinutes('15min')).toEqual({ ok: false, error: { kind: 'not-whole-minutes', text: '15min' } });
    const config = configOf(familyFile());
    const said = (text: string, words = english) => {
      const result = parseMinutes(text);
      return result.ok ? '' : addProblemText(words, config, result.error);
    };
    expect([said('0'), said('1441'), said('15min')]).toEqual(['0 minutes would change nothing.', 'At most 1440 minutes (a day) at a time.', '"15min" is not a whole number of minutes.']);
    expect([said('0', german), said('1441', german), said('15min', german)]).toEqual(['0 Minuten würden nichts ändern.', 'Höchstens 1440 Minuten (ein Tag) auf einmal.', '„15min“ ist keine ganze Zahl von Minuten.']);
  });
});

describe('parseAddArguments', () => {
  const file = familyFile();
  file.machines['tv'] = { host: 'tv.lan' };
  // Rose's accounts are listed laptop first: "all machines" must keep that order.
  file.children['rose'] = { name: 'Mia Rose', accounts: { laptop: 'rose', desktop: 'rose' } };
  file.children['leo'] = { name: 'Leo', accounts: { tv: 'leo' } };
  const config = configOf(file);
  const child = (id: string) => {
    const found = config.children.get(id);
    if (found === undefined) throw new Error(`test config has no ${id}`);
    return found;
  };

  test.each([
    ['mia 15', 'mia', 15, ['desktop', 'laptop']],
    ['Mia -10 desktop', 'mia', -10, ['desktop']],
    ['MIA 15 DESKTOP', 'mia', 15, ['desktop']],
    ['  mia   +5   laptop ', 'mia', 5, ['laptop']],
    ['Mia Rose 30', 'rose', 30, ['laptop', 'desktop']],
    ['mia rose -15 desktop', 'rose', -15, ['desktop']],
    ['rose 60', 'rose', 60, ['laptop', 'desktop']],
    ['leo 1440', 'leo', 1440, ['tv']],
  ])('%j', (text, childId, minutes, machineIds) => {
    expect(parseAddArguments(config, text)).toEqual({ ok: true, value: { child: child(childId), minutes, machineIds, play: false } });
  });

  test.each([
    ['mia 15 play', ['desktop', 'laptop']],
    ['mia 15 desktop play', ['desktop']],
    ['mia 15 PLAY desktop', ['desktop']],
    ['mia 15 spielzeit', ['desktop', 'laptop']],
  ])('%j: PlayTime minutes', (text, machineIds) => {
    expect(parseAddArguments(config, text)).toEqual({ ok: true, value: { child: child('mia'), minutes: 15, machineIds, play: true } });
  });

  test("without a machine, every machine of the child in config order", () => {
    for (const each of config.children.values()) {
      const result = parseAddArguments(config, `${each.name} 15`);
      expect(result.ok ? result.value.machineIds : undefined).toEqual([...each.accounts.keys()]);
    }
  });

  test('an unknown child is an error listing the children', () => {
    const result = parseAddArguments(config, 'bob 15');
    expect(result).toEqual({ ok: false, error: { kind: 'unknown-child', name: 'bob' } });
    expect(result.ok ? '' : addProblemText(english, config, result.error)).toBe('I don\'t know a child called "bob". Children: Mia, Leo, Mia Rose.');
  });

  test("an unknown machine is an error listing the child's machines", () => {
    const result = parseAddArguments(config, 'mia 15 tv');
    expect(result).toEqual({ ok: false, error: { kind: 'unknown-machine', childId: 'mia', name: 'tv' } });
    expect(result.ok ? '' : addProblemText(english, config, result.error)).toBe('Mia has no computer called "tv". Mia\'s computers: desktop, laptop.');
  });

  test('invalid minutes are refused with the reason', () => {
    expect(parseAddArguments(config, 'mia 0')).toEqual(parseMinutes('0'));
    expect(parseAddArguments(config, 'mia 1441 desktop')).toEqual(parseMinutes('1441'));
    expect(parseAddArguments(config, 'mia -1441')).toEqual(parseMinutes('-1441'));
    expect(parseAddArguments(config, 'mia 0').ok).toBe(false);
  });

  test.each([
    ['missing minutes', 'mia'],
    ['a machine but no minutes', 'mia desktop'],
    ['no child', '15'],
    ['no child, with machine', '15 desktop'],
    ['nothing', ''],
    ['only spaces', '   '],
    ['too many words', 'mia 15 desktop laptop'],
    ['play twice', 'mia 15 play play'],
    ['fractional minutes', 'mia 1.5'],
    ['minutes with a unit', 'mia 15min'],
  ])('%s: the usage', (_what, text) => {
    const result = parseAddArguments(config, text);
    expect(result).toEqual({ ok: false, error: { kind: 'add-usage' } });
    expect(result.ok ? '' : addProblemText(english, config, result.error)).toBe(ADD_USAGE);
  });
});
