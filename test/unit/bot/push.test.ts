import { describe, expect, test } from 'vitest';
import { pushTargets } from '../../../src/bot/push.ts';
import { configOf, FAMILY_CHAT, familyConfig, familyFile, PARENT_ANNA, PARENT_BEN } from '../../support/bot-config.ts';

const config = familyConfig();

describe('pushTargets', () => {
  test('the configured chats when there are some', () => {
    expect(pushTargets(config)).toEqual([FAMILY_CHAT]);
  });

  test('each parent privately when there are no chats', () => {
    const file = familyFile();
    file.telegram = { ...file.telegram, chats: [] };
    expect(pushTargets(configOf(file))).toEqual([PARENT_ANNA, PARENT_BEN]);
  });
});
