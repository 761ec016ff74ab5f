import { describe, expect, test } from 'vitest';
import { findChild, findMachineOf, parseChildTarget } from '../../../src/bot/names.ts';
import { configOf, familyConfig, familyFile } from '../../support/bot-config.ts';

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

  test('an unknown name is an error naming it as typed', () => {
    expect(findChild(config, 'Bob')).toEqual({ ok: false, error: { kind: 'unknown-child', name: 'Bob' } });
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

  test('a machine the child has no account on is an error naming the child and the machine as typed', () => {
    expect(config.machines.has('tv')).toBe(true);
    expect(findMachineOf(mia, 'tv')).toEqual({ ok: false, error: { kind: 'unknown-machine', childId: 'mia', name: 'tv' } });
  });
});

describe('parseChildTarget', () => {
  const config = familyConfig();
  test('a child, optionally one of their computers', () => {
    expect(parseChildTarget(config, 'mia')).toMatchObject({ ok: true, value: { child: { id: 'mia' }, machine: '*' } });
    expect(parseChildTarget(config, 'Mia LAPTOP')).toMatchObject({ ok: true, value: { machine: 'laptop' } });
  });

  test('nothing, or more than two words: how to use it', () => {
    expect(parseChildTarget(config, '')).toEqual({ ok: false, error: { kind: 'usage' } });
    expect(parseChildTarget(config, 'mia desktop now')).toEqual({ ok: false, error: { kind: 'usage' } });
  });

  test('a name that matches nothing: which one', () => {
    expect(parseChildTarget(config, 'sam')).toEqual({ ok: false, error: { kind: 'unknown-child', name: 'sam' } });
    expect(parseChildTarget(config, 'leo laptop')).toEqual({ ok: false, error: { kind: 'unknown-machine', childId: 'leo', name: 'laptop' } });
  });
});
