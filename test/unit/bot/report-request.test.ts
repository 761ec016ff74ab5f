import { describe, expect, test } from 'vitest';
import { reportRequestErrorText } from '../../../src/bot/render/report.ts';
import { parseReportArguments } from '../../../src/bot/report-request.ts';
import type { Config } from '../../../src/config/types.ts';
import { err } from '../../../src/lib/result.ts';
import { configOf, familyConfig, familyFile } from '../../support/bot-config.ts';
import { english, german } from '../../support/words.ts';

const REPORT_USAGE = 'Use: /report [child] [week|month], e.g. /report, /report mia or /report mia month';

const config = familyConfig();

/** The family with a child whose name has a space. */
function withMiaRose(): Config {
  const file = familyFile();
  file.children = { ...file.children, rose: { name: 'Mia Rose', accounts: { laptop: 'rose' } } };
  return configOf(file);
}

/** The request's children (by id) and period, or its error as the parent reads it (in English). */
function parsed(family: Config, text: string): { children: string[]; period: string } | string {
  const request = parseReportArguments(family, text);
  return request.ok ? { children: request.value.children.map((child) => child.id), period: request.value.period } : reportRequestErrorText(english, family, request.error);
}

describe('parseReportArguments', () => {
  test('nothing: every child, in config order, this week', () => {
    expect(parsed(config, '')).toEqual({ children: ['mia', 'leo'], period: 'week' });
    expect(parsed(config, '   ')).toEqual({ children: ['mia', 'leo'], period: 'week' });
  });

  test('a period alone, any case', () => {
    expect(parsed(config, 'week')).toEqual({ children: ['mia', 'leo'], period: 'week' });
    expect(parsed(config, 'month')).toEqual({ children: ['mia', 'leo'], period: 'month' });
    expect(parsed(config, ' MONTH ')).toEqual({ children: ['mia', 'leo'], period: 'month' });
  });

  test('a child by id or name, any case, with or without a period', () => {
    expect(parsed(config, 'mia')).toEqual({ children: ['mia'], period: 'week' });
    expect(parsed(config, 'LEO month')).toEqual({ children: ['leo'], period: 'month' });
    expect(parsed(config, '  Mia   Week ')).toEqual({ children: ['mia'], period: 'week' });
  });

  test('the child is the whole config child, as configured', () => {
    const request = parseReportArguments(config, 'mia');
    expect(request.ok && request.value.children[0]).toBe(config.children.get('mia'));
  });

  test('a child whose name has a space', () => {
    const family = withMiaRose();
    expect(parsed(family, 'Mia Rose month')).toEqual({ children: ['rose'], period: 'month' });
    expect(parsed(family, 'mia   rose')).toEqual({ children: ['rose'], period: 'week' });
    expect(parsed(family, 'Mia month')).toEqual({ children: ['mia'], period: 'month' });
    expect(parsed(family, '')).toEqual({ children: ['mia', 'leo', 'rose'], period: 'week' });
  });

  test('a number (as /history takes) gets the usage', () => {
    expect(parsed(config, '3')).toBe(REPORT_USAGE);
    expect(parsed(config, '14 month')).toBe(REPORT_USAGE);
    expect(english.t('report-usage')).toBe(REPORT_USAGE);
  });

  test('the period may come first, as /history takes its days either way', () => {
    const request = parseReportArguments(config, 'month mia');
    expect(request.ok && [request.value.period, request.value.children.map((child) => child.id)]).toEqual(['month', ['mia']]);
    const week = parseReportArguments(config, 'Week');
    expect(week.ok && [week.value.period, week.value.children.length]).toEqual(['week', 2]);
  });

  test('an unknown child: the children known, and the usage', () => {
    expect(parsed(config, 'tom month')).toBe(`I don't know a child called "tom". Children: Mia, Leo.\n${REPORT_USAGE}`);
    expect(parsed(config, 'mia weekly')).toBe(`I don't know a child called "mia weekly". Children: Mia, Leo.\n${REPORT_USAGE}`);
  });

  test('errors are kinds, not sentences: the words are the bot\'s', () => {
    expect(parseReportArguments(config, '3')).toEqual(err({ kind: 'usage' }));
    expect(parseReportArguments(config, 'Tom  month')).toEqual(err({ kind: 'unknown-child', name: 'Tom' }));
  });
});

describe('reportRequestErrorText in German', () => {
  test('the usage, and an unknown child with the children known', () => {
    const usage = "So geht's: /report [Kind] [week|month], z. B. /report, /report mia oder /report mia month";
    expect(reportRequestErrorText(german, config, { kind: 'usage' })).toBe(usage);
    expect(reportRequestErrorText(german, config, { kind: 'unknown-child', name: 'tom' })).toBe(`Ein Kind namens „tom“ kenne ich nicht. Kinder: Mia, Leo.\n${usage}`);
  });
});
