import { describe, expect, test } from 'vitest';
import { CLAIM_CODE_MS, CLAIM_TRIES, ClaimDesk, newClaimCode, tryClaim } from '../../../src/household/claim.ts';

const NOW = new Date(2026, 11, 3, 18, 0).getTime();

describe('claim codes', () => {
  test('six digits written 482-917, good for 15 minutes and a few tries', () => {
    const code = newClaimCode(NOW, () => 482_917);
    expect(code).toEqual({ code: '482-917', expiresAt: NOW + CLAIM_CODE_MS, triesLeft: CLAIM_TRIES });
    expect(newClaimCode(NOW, () => 7).code).toBe('000-007');
  });

  test('from a CSPRNG by default: codes differ', () => {
    const codes = new Set(Array.from({ length: 20 }, () => newClaimCode(NOW).code));
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) expect(code).toMatch(/^\d{3}-\d{3}$/);
  });

  test('the right code is accepted, typed with or without its dash or spaces', () => {
    const code = newClaimCode(NOW, () => 482_917);
    expect(tryClaim(code, '482-917', NOW + 1000)).toEqual({ kind: 'accepted' });
    expect(tryClaim(code, '482917', NOW)).toEqual({ kind: 'accepted' });
    expect(tryClaim(code, ' 482 917 ', NOW)).toEqual({ kind: 'accepted' });
  });

  test('a wrong code costs a try; the last wrong try spends the code', () => {
    let state = newClaimCode(NOW, () => 482_917);
    for (let tries = CLAIM_TRIES - 1; tries >= 1; tries -= 1) {
      const verdict = tryClaim(state, '111-111', NOW);
      expect(verdict).toEqual({ kind: 'refused', state: { ...state, triesLeft: tries } });
      if (verdict.kind === 'refused') state = verdict.state;
    }
    expect(tryClaim(state, '111-111', NOW)).toEqual({ kind: 'spent' });
  });

  test('expired at 15 minutes; no code (after the claim, or before one is made): refused', () => {
    const code = newClaimCode(NOW, () => 482_917);
    expect(tryClaim(code, '482-917', NOW + CLAIM_CODE_MS)).toEqual({ kind: 'expired' });
    expect(tryClaim(undefined, '482-917', NOW)).toEqual({ kind: 'none' });
  });

  test('anything else typed is a wrong code, never an error: longer, shorter, letters', () => {
    const code = newClaimCode(NOW, () => 482_917);
    for (const typed of ['', '48', '482-9170', 'abc-def', '482-917'.repeat(10)]) expect(tryClaim(code, typed, NOW).kind).toBe('refused');
  });
});

describe('ClaimDesk: the code of a bot that has no parent yet', () => {
  const desk = (start = NOW) => {
    let now = start;
    const announced: string[] = [];
    let next = 100_000;
    const claim = new ClaimDesk((code) => announced.push(code.code), () => now, () => (next += 1));
    return { claim, announced, advance: (ms: number) => (now += ms) };
  };

  test('announces its first code at once; the right code is accepted once, and never again', () => {
    const { claim, announced } = desk();
    expect(announced).toEqual(['100-001']);
    expect(claim.attempt('100-001')).toEqual({ kind: 'accepted' });
    expect(claim.attempt('100-001')).toEqual({ kind: 'refused' });
  });

  test('wrong codes all read the same; the last try spends the code and a new one is announced', () => {
    const { claim, announced } = desk();
    for (let tries = 1; tries <= CLAIM_TRIES; tries += 1) expect(claim.attempt('999-999')).toEqual({ kind: 'refused' });
    expect(announced).toEqual(['100-001', '100-002']);
    expect(claim.attempt('100-001')).toEqual({ kind: 'refused' });
    expect(claim.attempt('100-002')).toEqual({ kind: 'accepted' });
  });

  test('an expired code is refused like a wrong one, and a new one is announced', () => {
    const { claim, announced, advance } = desk();
    advance(CLAIM_CODE_MS);
    expect(claim.attempt('100-001')).toEqual({ kind: 'refused' });
    expect(announced).toEqual(['100-001', '100-002']);
    expect(claim.current.code).toBe('100-002');
  });

  test('a claim that could not be completed leaves the code good', () => {
    const { claim } = desk();
    expect(claim.attempt('100-001')).toEqual({ kind: 'accepted' });
    claim.undoClaim();
    expect(claim.attempt('100-001')).toEqual({ kind: 'accepted' });
  });
});
