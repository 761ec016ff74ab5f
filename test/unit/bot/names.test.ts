import { describe, expect, test } from 'vitest';
import { findChild, findMachineOf } from '../../../src/bot/names.ts';
import { configOf, familyFile } from '../../support/bot-config.ts';

/** Display names differ from ids here, so matching by name and by id can be told apart. */
function namesConfig() {
  const file = familyFile();
  file.machines['tv'] = { host: 'tv.lan' };
  file.children = {
    mia: { name: 'Mia Rose', accounts: { laptop: 'mia', desktop: 'mia' } },
    kid2: { name: 'Leo', accounts: { tv: 'leo' } },
  };
  return configOf(file);
}

describe('findChild', () => {
  const config = namesConfig();

  test.each([
    ['mia', 'mia'],
    ['MIA', 'mia'],
    ['Mia Rose', 'mia'],
    ['mIA rOSE', 'mia'],
    ['  mia rose ', 'mia'],
    ['kid2', 'kid2'],
    ['Leo', 'kid2'],
    ['LEO', 'kid2'],
  ])('finds %j', (name, id) => {
    const result = findChild(config, name);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toBe(config.children.get(id));
  });

  test('an unknown name is an error listing the children by name', () => {
    expect(findChild(config, 'Bob')).toEqual({ ok: false, error: 'I don\'t know a child called "Bob". Children: Mia Rose, Leo.' });
  });

  test('part of a name is not enough', () => {
    expect(findChild(config, 'Rose').ok).toBe(false);
    expect(findChild(config, 'mi').ok).toBe(false);
    expect(findChild(config, '').ok).toBe(false);
  });
});

describe('findMachineOf', () => {
  const config = namesConfig();
  const mia = config.children.get('mia');
  if (mia === undefined) throw new Error('test config has no mia');

  test.each([
    ['desktop', 'desktop'],
    ['DESKTOP', 'desktop'],
    [' Laptop ', 'laptop'],
  ])('finds %j as the configured id', (name, id) => {
    expect(findMachineOf(mia, name)).toEqual({ ok: true, value: id });
  });

  test("a machine the child has no account on is an error listing the child's machines in config order", () => {
    expect(config.machines.has('tv')).toBe(true);
    expect(findMachineOf(mia, 'tv')).toEqual({
      ok: false,
      error: 'Mia Rose has no computer called "tv". Mia Rose\'s computers: laptop, desktop.',
    });
  });
});
