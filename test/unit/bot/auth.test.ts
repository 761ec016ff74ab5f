import { describe, expect, test } from 'vitest';
import { authorize, type Authorization } from '../../../src/bot/auth.ts';
import { refusalText } from '../../../src/bot/render/replies.ts';
import { FAMILY_CHAT, PARENT_ANNA, PARENT_BEN, familyConfig } from '../../support/bot-config.ts';

const config = familyConfig();
const { telegram } = config;
const CHILD_USER_ID = 5550001;

/** What the refused sender is told ('' when allowed). */
function replyOf(result: Authorization): string {
  return result.kind === 'refused' ? refusalText(result) : '';
}

/** Everything in the config a refusal must not reveal: children's ids, names and logins, and the parents' IDs. */
function secretsOf(): string[] {
  const children = [...config.children.values()].flatMap((child) => [child.id, child.name, ...child.accounts.values()]);
  return [...children, ...telegram.parents.map(String)];
}

describe('authorize', () => {
  test('a parent in a private chat is allowed', () => {
    expect(authorize(telegram, { id: PARENT_ANNA }, { id: PARENT_ANNA, type: 'private' })).toEqual({ kind: 'allowed' });
  });

  test('a parent in a listed group or supergroup is allowed', () => {
    expect(authorize(telegram, { id: PARENT_BEN }, { id: FAMILY_CHAT, type: 'supergroup' })).toEqual({ kind: 'allowed' });
    expect(authorize(telegram, { id: PARENT_ANNA }, { id: FAMILY_CHAT, type: 'group' })).toEqual({ kind: 'allowed' });
  });

  test('a child in the listed family group is refused and told only their own user ID', () => {
    const result = authorize(telegram, { id: CHILD_USER_ID }, { id: FAMILY_CHAT, type: 'supergroup' });
    expect(result).toMatchObject({ kind: 'refused', reason: 'not-a-parent' });
    const reply = replyOf(result);
    expect(reply).toContain(String(CHILD_USER_ID));
    const lower = reply.toLowerCase();
    for (const secret of secretsOf()) expect(lower).not.toContain(secret.toLowerCase());
    expect(reply).not.toContain(String(FAMILY_CHAT));
    // No times: neither `1h 05m` / `45m` nor minutes.
    expect(reply).not.toMatch(/\d+h\b|\b\d+m\b|\bmin/);
  });

  test('a non-parent in a private chat is refused too', () => {
    const result = authorize(telegram, { id: CHILD_USER_ID }, { id: CHILD_USER_ID, type: 'private' });
    expect(result).toMatchObject({ kind: 'refused', reason: 'not-a-parent' });
    expect(replyOf(result)).toContain(String(CHILD_USER_ID));
  });

  test('a parent in an unlisted group is refused and told the chat ID to add', () => {
    const otherGroup = -1009876543210;
    for (const type of ['group', 'supergroup'] as const) {
      const result = authorize(telegram, { id: PARENT_ANNA }, { id: otherGroup, type });
      expect(result).toMatchObject({ kind: 'refused', reason: 'chat-not-allowed' });
      expect(replyOf(result)).toContain(String(otherGroup));
      expect(replyOf(result)).toContain('telegram.chats');
    }
  });

  test('without listed chats, a parent is allowed only in private', () => {
    const privateOnly = { ...telegram, chats: [] };
    expect(authorize(privateOnly, { id: PARENT_ANNA }, { id: PARENT_ANNA, type: 'private' })).toEqual({ kind: 'allowed' });
    expect(authorize(privateOnly, { id: PARENT_ANNA }, { id: FAMILY_CHAT, type: 'supergroup' })).toMatchObject({
      kind: 'refused',
      reason: 'chat-not-allowed',
    });
  });

  test('an update without sender or chat is refused without revealing anything', () => {
    for (const result of [
      authorize(telegram, undefined, { id: FAMILY_CHAT, type: 'supergroup' }),
      authorize(telegram, { id: PARENT_ANNA }, undefined),
      authorize(telegram, undefined, undefined),
    ]) {
      expect(result).toMatchObject({ kind: 'refused', reason: 'no-sender' });
      const reply = replyOf(result);
      expect(reply).not.toBe('');
      for (const secret of secretsOf()) expect(reply.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(reply).not.toMatch(/\d/);
    }
  });

  test('channels: a post without a sender is refused, and a parent in an unlisted channel is told its ID', () => {
    const channel = -1005555555555;
    expect(authorize(telegram, undefined, { id: channel, type: 'channel' })).toMatchObject({ kind: 'refused', reason: 'no-sender' });
    const result = authorize(telegram, { id: PARENT_ANNA }, { id: channel, type: 'channel' });
    expect(result).toMatchObject({ kind: 'refused', reason: 'chat-not-allowed' });
    expect(replyOf(result)).toContain(String(channel));
  });

  test('a child is refused even in a channel that is listed', () => {
    const result = authorize(telegram, { id: CHILD_USER_ID }, { id: FAMILY_CHAT, type: 'channel' });
    expect(result).toMatchObject({ kind: 'refused', reason: 'not-a-parent' });
  });
});

describe('authorize: known children', () => {
  const telegram = { parents: [1], chats: [-100], apiRoot: 'https://api.telegram.org', buttons: [15] };
  const childIdOf = (userId: number) => (userId === 77 ? 'mia' : undefined);

  test('a known child in a private chat or an allowed group is a child, not a parent', () => {
    expect(authorize(telegram, { id: 77 }, { id: 77, type: 'private' }, childIdOf)).toEqual({ kind: 'child', childId: 'mia' });
    expect(authorize(telegram, { id: 77 }, { id: -100, type: 'supergroup' }, childIdOf)).toEqual({ kind: 'child', childId: 'mia' });
  });

  test('a known child in another group is refused like anyone there; a stranger stays a stranger', () => {
    expect(authorize(telegram, { id: 77 }, { id: -200, type: 'group' }, childIdOf)).toEqual({ kind: 'refused', reason: 'chat-not-allowed', chatId: -200 });
    expect(authorize(telegram, { id: 78 }, { id: 78, type: 'private' }, childIdOf)).toEqual({ kind: 'refused', reason: 'not-a-parent', userId: 78 });
  });

  test('a parent is a parent even if a child lookup would name them', () => {
    expect(authorize(telegram, { id: 1 }, { id: 1, type: 'private' }, () => 'mia')).toEqual({ kind: 'allowed' });
  });
});
