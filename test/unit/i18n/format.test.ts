import { describe, expect, test } from 'vitest';
import { spokenLanguage } from '../../../src/i18n/languages.ts';
import { duration, namesList, signedMinutes } from '../../../src/i18n/format.ts';
import { english, german } from '../../support/words.ts';

describe('durations and amounts', () => {
  test.each([
    [0, '0m'],
    [59, '0m'],
    [60, '1m'],
    [45 * 60 + 59, '45m'],
    [3599, '59m'],
    [3600, '1h 00m'],
    [3900, '1h 05m'],
    [2 * 3600 + 30 * 60, '2h 30m'],
    [86400, '24h 00m'],
    [-5, '0m'],
    [-3600, '0m'],
    [90.9, '1m'],
  ])('%d s → %s: whole minutes, rounded down, never negative', (seconds, text) => {
    expect(duration(english, seconds)).toBe(text);
  });

  test('English keeps its short form', () => {
    expect([duration(english, 3900), duration(english, 2700), duration(english, -5), duration(english, 7200)]).toEqual(['1h 05m', '45m', '0m', '2h 00m']);
    expect([signedMinutes(english, 15), signedMinutes(english, -15)]).toEqual(['+15 min', '\u221215 min']);
  });

  test('German says Std. and Min.', () => {
    expect([duration(german, 3900), duration(german, 2700)]).toEqual(['1 Std. 05 Min.', '45 Min.']);
    expect(signedMinutes(german, -10)).toBe('−10 Min.');
    // A day's worth, as /add allows: written as before, without a thousands separator.
    expect([signedMinutes(english, 1440), signedMinutes(german, -1440)]).toEqual(['+1440 min', '−1440 Min.']);
  });

  test('names are joined the way each language does', () => {
    expect(namesList(english, ['Mia', 'Leo'])).toBe('Mia and Leo');
    expect(namesList(german, ['Mia', 'Leo', 'Ben'])).toBe('Mia, Leo und Ben');
  });
});

describe('which language a person is answered in', () => {
  test('the language of their Telegram app, or its main language, when the bot speaks it', () => {
    expect(['de', 'de-AT', 'DE', 'en-GB', 'en'].map(spokenLanguage)).toEqual(['de', 'de', 'de', 'en', 'en']);
  });

  test('nothing for a language the bot does not speak, or none', () => {
    expect([spokenLanguage('uk'), spokenLanguage('pt-br'), spokenLanguage(undefined), spokenLanguage('')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
