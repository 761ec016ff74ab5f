import { describe, expect, test } from 'vitest';
import {
  encodeRequest,
  HELPER_ERROR_KINDS,
  parseHello,
  parseHelperLine,
  parseUsers,
  type HelperRequest,
} from '../../../../src/timekpr/helper/protocol.ts';

describe('encodeRequest', () => {
  test.each<[HelperRequest, Record<string, unknown>]>([
    [{ op: 'hello' }, { id: 7, op: 'hello' }],
    [{ op: 'users' }, { id: 7, op: 'users' }],
    [{ op: 'info', user: 'mia' }, { id: 7, op: 'info', user: 'mia' }],
    [{ op: 'set', user: 'mia', operation: '+', seconds: 600 }, { id: 7, op: 'set', user: 'mia', operation: '+', seconds: 600 }],
    [{ op: 'set', user: 'leo', operation: '-', seconds: 0 }, { id: 7, op: 'set', user: 'leo', operation: '-', seconds: 0 }],
    [{ op: 'set', user: 'leo', operation: '=', seconds: 86400 }, { id: 7, op: 'set', user: 'leo', operation: '=', seconds: 86400 }],
    [{ op: 'subscribe' }, { id: 7, op: 'subscribe' }],
  ])('%o → one JSON object line with exactly its fields, id first', (request, expected) => {
    const line = encodeRequest(7, request);
    expect(line).not.toContain('\n');
    const parsed: unknown = JSON.parse(line);
    expect(parsed).toEqual(expected);
    expect(Object.keys(parsed as object)[0]).toBe('id');
  });

  test('the id is carried as given (0 and the largest allowed)', () => {
    expect(JSON.parse(encodeRequest(0, { op: 'hello' }))).toEqual({ id: 0, op: 'hello' });
    expect(JSON.parse(encodeRequest(2_147_483_647, { op: 'users' }))).toEqual({ id: 2_147_483_647, op: 'users' });
  });
});

describe('parseHelperLine: answers', () => {
  test('an ok answer with its id and result', () => {
    expect(parseHelperLine('{"id":7,"ok":true,"result":{"users":["mia","leo"]}}')).toEqual({
      kind: 'answer',
      id: 7,
      result: { ok: true, value: { users: ['mia', 'leo'] } },
    });
  });

  test('an ok answer with an empty result (set, subscribe)', () => {
    expect(parseHelperLine('{"id":3,"ok":true,"result":{}}')).toEqual({ kind: 'answer', id: 3, result: { ok: true, value: {} } });
  });

  test('nested values inside a result are kept (info)', () => {
    const line = JSON.stringify({ id: 4, ok: true, result: { weekday: 3, info: { ALLOWED_HOURS_1: { '0': { STARTMIN: 0, ENDMIN: 60, UACC: 0 } } } } });
    const parsed = parseHelperLine(line);
    expect(parsed).toEqual({
      kind: 'answer',
      id: 4,
      result: { ok: true, value: { weekday: 3, info: { ALLOWED_HOURS_1: { '0': { STARTMIN: 0, ENDMIN: 60, UACC: 0 } } } } },
    });
  });

  test.each(HELPER_ERROR_KINDS)('an error answer of kind %s', (kind) => {
    const line = JSON.stringify({ id: 12, ok: false, error: { kind, message: `a ${kind} happened` } });
    expect(parseHelperLine(line)).toEqual({ kind: 'answer', id: 12, result: { ok: false, error: { kind, message: `a ${kind} happened` } } });
  });

  test('id null: an invalid request without a usable id, and the helper-unavailable line', () => {
    expect(parseHelperLine('{"id":null,"ok":false,"error":{"kind":"invalid-request","message":"not JSON: Expecting value"}}')).toEqual({
      kind: 'answer',
      id: null,
      result: { ok: false, error: { kind: 'invalid-request', message: 'not JSON: Expecting value' } },
    });
    expect(parseHelperLine('{"id": null, "ok": false, "error": {"kind": "helper-unavailable", "message": "cannot import dbus: No module named \'dbus\'"}}')).toEqual({
      kind: 'answer',
      id: null,
      result: { ok: false, error: { kind: 'helper-unavailable', message: "cannot import dbus: No module named 'dbus'" } },
    });
    expect(parseHelperLine('{"id":null,"ok":true,"result":{}}')).toEqual({ kind: 'answer', id: null, result: { ok: true, value: {} } });
  });

  test('id 0 is a valid id', () => {
    expect(parseHelperLine('{"id":0,"ok":true,"result":{}}')).toMatchObject({ kind: 'answer', id: 0 });
  });

  test('a message of exactly 4096 characters is still an answer', () => {
    const message = 'x'.repeat(4096);
    expect(parseHelperLine(JSON.stringify({ id: 1, ok: false, error: { kind: 'rejected', message } }))).toEqual({
      kind: 'answer',
      id: 1,
      result: { ok: false, error: { kind: 'rejected', message } },
    });
  });
});

describe('parseHelperLine: events', () => {
  test('timeLeft → time-left with LEFTD as seconds left', () => {
    const line = '{"event":"timeLeft","user":"mia","priority":"low","left":{"LEFTD":4769,"LEFT":4769,"SPENT":210,"SLEEP":0}}';
    expect(parseHelperLine(line)).toEqual({ kind: 'event', event: { kind: 'time-left', login: 'mia', secondsLeft: 4769 } });
  });

  test('a negative LEFTD is clamped to 0', () => {
    const line = '{"event":"timeLeft","user":"leo","priority":"critical","left":{"LEFTD":-42,"LEFT":-42}}';
    expect(parseHelperLine(line)).toEqual({ kind: 'event', event: { kind: 'time-left', login: 'leo', secondsLeft: 0 } });
  });

  test('LEFTD 0 stays 0', () => {
    const line = '{"event":"timeLeft","user":"leo","priority":"critical","left":{"LEFTD":0}}';
    expect(parseHelperLine(line)).toEqual({ kind: 'event', event: { kind: 'time-left', login: 'leo', secondsLeft: 0 } });
  });

  test('a timeLeft without LEFTD is garbage', () => {
    const line = '{"event":"timeLeft","user":"mia","priority":"low","left":{"LEFT":4769,"SPENT":210}}';
    expect(parseHelperLine(line)).toEqual({ kind: 'garbage', text: line });
  });

  test.each([true, false])('daemon running %s', (running) => {
    expect(parseHelperLine(JSON.stringify({ event: 'daemon', running }))).toEqual({ kind: 'event', event: { kind: 'daemon', running } });
  });
});

describe('parseHelperLine: garbage', () => {
  test.each([
    ['not JSON', 'Traceback (most recent call last):'],
    ['an empty line', ''],
    ['truncated JSON', '{"id":1,"ok":true,"result":{'],
    ['a JSON array', '[{"id":1,"ok":true,"result":{}}]'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['an unknown error kind', '{"id":1,"ok":false,"error":{"kind":"exploded","message":"boom"}}'],
    ['an error without message', '{"id":1,"ok":false,"error":{"kind":"failed"}}'],
    ['a negative id', '{"id":-1,"ok":true,"result":{}}'],
    ['a float id', '{"id":1.5,"ok":true,"result":{}}'],
    ['a string id', '{"id":"1","ok":true,"result":{}}'],
    ['a boolean id', '{"id":true,"ok":true,"result":{}}'],
    ['no id at all', '{"ok":true,"result":{}}'],
    ['ok as a string', '{"id":1,"ok":"true","result":{}}'],
    ['ok true with an error instead of a result', '{"id":1,"ok":true,"error":{"kind":"failed","message":"x"}}'],
    ['a result that is an array', '{"id":1,"ok":true,"result":[1,2]}'],
    ['an answer nested one level too deep', '{"answer":{"id":1,"ok":true,"result":{}}}'],
    ['an error nested one level too deep', '{"id":1,"ok":false,"error":{"error":{"kind":"failed","message":"x"}}}'],
    ['a timeLeft value that is an object', '{"event":"timeLeft","user":"mia","priority":"low","left":{"LEFTD":{"value":5}}}'],
    ['a timeLeft value that is a float', '{"event":"timeLeft","user":"mia","priority":"low","left":{"LEFTD":5.5}}'],
    ['a timeLeft without user', '{"event":"timeLeft","priority":"low","left":{"LEFTD":5}}'],
    ['an unknown event', '{"event":"sessionStarted","user":"mia"}'],
    ['a daemon event without running', '{"event":"daemon"}'],
  ])('%s', (_what, line) => {
    expect(parseHelperLine(line)).toEqual({ kind: 'garbage', text: line });
  });

  test('an error message over 4096 characters is kept, cut to its first 4096', () => {
    const line = JSON.stringify({ id: 1, ok: false, error: { kind: 'rejected', message: 'x'.repeat(5000) } });
    expect(parseHelperLine(line)).toEqual({ kind: 'answer', id: 1, result: { ok: false, error: { kind: 'rejected', message: 'x'.repeat(4096) } } });
  });

  test('the kept text is shortened to 200 characters', () => {
    const line = `oops ${'y'.repeat(1000)}`;
    expect(parseHelperLine(line)).toEqual({ kind: 'garbage', text: line.slice(0, 200) });
  });
});

describe('parseHello', () => {
  const hello = { helper: 'timekpr-bot-helper', version: 1, installed: false, forced: false, daemon: true, group: true };

  test('reads what the helper says of itself', () => {
    expect(parseHello(hello)).toEqual({
      ok: true,
      value: { version: 1, installed: false, forced: false, daemonRunning: true, inTimekprGroup: true },
    });
    expect(parseHello({ ...hello, version: 3, installed: true, forced: true, daemon: false, group: false })).toEqual({
      ok: true,
      value: { version: 3, installed: true, forced: true, daemonRunning: false, inTimekprGroup: false },
    });
  });

  test('another program is not our helper', () => {
    expect(parseHello({ ...hello, helper: 'some-other-helper' })).toEqual({ ok: false, error: expect.any(String) as string });
  });

  test.each(['helper', 'version', 'installed', 'forced', 'daemon', 'group'])('missing %s → err', (field) => {
    const incomplete: Record<string, unknown> = { ...hello };
    delete incomplete[field];
    expect(parseHello(incomplete).ok).toBe(false);
  });

  test.each([
    ['version 0', { version: 0 }],
    ['version as a string', { version: '1' }],
    ['a float version', { version: 1.5 }],
    ['daemon as a number', { daemon: 1 }],
  ])('%s → err', (_what, change) => {
    expect(parseHello({ ...hello, ...change }).ok).toBe(false);
  });
});

describe('parseUsers', () => {
  test('the logins', () => {
    expect(parseUsers({ users: ['mia', 'leo'] })).toEqual({ ok: true, value: ['mia', 'leo'] });
    expect(parseUsers({ users: [] })).toEqual({ ok: true, value: [] });
  });

  test.each([
    ['no users field', {}],
    ['users not a list', { users: 'mia' }],
    ['a login that is not a string', { users: ['mia', 7] }],
    ['a login over 64 characters', { users: ['m'.repeat(65)] }],
  ])('%s → err', (_what, result) => {
    expect(parseUsers(result).ok).toBe(false);
  });
});
