import { describe, expect, test } from 'vitest';
import { neverReached, offIfSeenBefore, type SshFailure } from '../../../src/ssh/failure.ts';

const notFound: SshFailure = { kind: 'host-not-found', host: 'desktop.lan' };

describe('neverReached: what counts as a computer that is off', () => {
  test('unreachable and a connect timeout are off; a host name not found is not (a change for it is not kept)', () => {
    const verdicts = (failures: SshFailure[]) => failures.map((failure) => neverReached(failure));
    expect(verdicts([{ kind: 'unreachable', reason: 'connection refused' }, { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false }])).toEqual([true, true]);
    expect(
      verdicts([notFound, { kind: 'timeout', phase: 'command', afterMs: 5000, commandSent: true }, { kind: 'auth', user: 'tk', methods: ['key'] }]),
    ).toEqual([false, false, false]);
  });
});

describe('offIfSeenBefore', () => {
  test('a computer reached before whose name is not found now is off: unreachable, which neverReached counts', () => {
    const off = offIfSeenBefore(notFound, true);
    expect(off).toEqual({ kind: 'unreachable', reason: 'host name desktop.lan not found' });
    expect(neverReached(off)).toBe(true);
  });

  test('a computer never reached keeps its host-not-found', () => {
    expect(offIfSeenBefore(notFound, false)).toBe(notFound);
  });

  test('any other failure stays as it is, seen before or not', () => {
    const others: SshFailure[] = [
      { kind: 'unreachable', reason: 'connection refused' },
      { kind: 'auth', user: 'tk', methods: ['key'] },
      { kind: 'ssh-error', message: 'boom' },
    ];
    for (const failure of others) {
      expect(offIfSeenBefore(failure, true)).toBe(failure);
      expect(offIfSeenBefore(failure, false)).toBe(failure);
    }
  });
});
