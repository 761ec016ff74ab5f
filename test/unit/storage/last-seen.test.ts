import { afterEach, expect, test } from 'vitest';
import { readLastSeen } from '../../../src/storage/last-seen.ts';
import { tempStore } from '../../support/bot-config.ts';

const removes: (() => void)[] = [];
afterEach(() => removes.splice(0).forEach((remove) => remove()));

test('reads what the bot noted, without a lock on the file; nothing when there is no database', () => {
  const { store, file, remove } = tempStore();
  removes.push(remove);
  store.recordSeen('desktop', 1000, ['mia']);
  store.recordSeen('laptop', 2000);
  expect(readLastSeen(file)).toEqual(
    new Map([
      ['desktop', { at: 1000, loggedIn: ['mia'] }],
      ['laptop', { at: 2000, loggedIn: [] }],
    ]),
  );
  // The bot keeps working with its own connection meanwhile.
  store.recordSeen('desktop', 3000, []);
  expect(readLastSeen(file).get('desktop')).toEqual({ at: 3000, loggedIn: [] });
  expect(readLastSeen(`${file}.missing`)).toEqual(new Map());
});
