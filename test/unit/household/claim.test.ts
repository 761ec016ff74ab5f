import { describe, expect, test } from 'vitest';
import { CLAIM_CODE_MS, CLAIM_TRIES, newClaimCode, tryClaim } from '../../../src/household/claim.ts';

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
