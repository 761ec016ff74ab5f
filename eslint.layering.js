// Layering rules for src/: which folder may import which. Spread into eslint.config.js and
// imported on its own by test/unit/lint/layering.test.ts.
//
// no-restricted-imports sees the import specifier as written ('../bot/bot.ts'), not the resolved
// file, so a layer is recognised by a path that climbs out with '../' (or names 'src/') and then
// enters that folder: the regex for bot matches '../bot/x.ts', '../../bot/x.ts' and
// '../../src/bot/x.ts' from any depth, but not './features/x.ts' nor '../bot.ts'.
// Limit: a sub-folder that shares a layer's name (say src/config/bot/) would be flagged too when
// reached with '../' from deeper down; that fails loudly, never silently.
// Dynamic import() is not checked by this rule.
//
// ESLint replaces a rule's options when a later block matching the same file sets them again, so
// each folder's block carries its whole list, the "nobody outside src/bot imports src/bot" rule
// included.

/** @typedef {import('eslint').Linter.Config} Config */

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches a specifier that climbs out with '../' (or names src/) and enters folder `name`. */
const into = (name) => `(?:^|/)(?:\\.\\.|src)/${escape(name)}(?:/|$)`;

/** One file, e.g. 'ssh/pool.ts' or 'main.ts', reached from anywhere. */
const file = (path) => `(?:^|/)(?:\\.\\.|src)/${escape(path)}$`;

/** A package and its subpaths: 'grammy', 'grammy/types'. */
const pkg = (name) => `^${escape(name)}(?:/|$)`;

/**
 * Restrictions, by the thing that may not be imported.
 * @type {Record<string, (from: string) => { regex: string, message: string }>}
 */
const target = {
  bot: (from) => ({
    regex: into('bot'),
    message: `Layering: ${from} may not import src/bot. Only files inside src/bot and src/main.ts may.`,
  }),
  main: (from) => ({
    regex: file('main.ts'),
    message: `Layering: ${from} may not import src/main.ts. It is the composition root; nothing imports it.`,
  }),
};
for (const name of ['config', 'ssh', 'timekpr', 'alerts', 'storage', 'reports', 'i18n', 'household', 'check', 'cli', 'remote']) {
  target[name] = (from) => ({
    regex: into(name),
    message: `Layering: ${from} may not import src/${name}; ${from} must not depend on that layer.`,
  });
}

/** @param {string} from @param {string} name @param {string} why */
const noPackage = (from, name, why) => ({
  regex: pkg(name),
  message: `Layering: ${from} may not import the package '${name}'. ${why}`,
});

/** @param {string[] | string} files @param {{ regex: string, message: string }[]} patterns @param {string[]} [ignores] @returns {Config} */
const block = (files, patterns, ignores) => ({
  name: `layering/${Array.isArray(files) ? files[0] : files}`,
  files: Array.isArray(files) ? files : [files],
  ...(ignores ? { ignores } : {}),
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const folder = (name, restrictions) => {
  const from = `src/${name}`;
  const patterns = restrictions.map((r) => (typeof r === 'string' ? target[r](from) : r(from)));
  if (!restrictions.includes('bot')) patterns.push(target.bot(from));
  return block(`${from}/**/*.ts`, patterns);
};

const lower = ['check', 'cli'];

/** Telegram belongs to src/bot. */
const noTelegram = [
  (from) => noPackage(from, 'grammy', 'Telegram belongs to src/bot.'),
  (from) => noPackage(from, '@grammyjs', 'Telegram belongs to src/bot.'),
];

/** SQLite belongs to src/storage. */
const noSqlite = (from) => ({
  regex: '^node:sqlite$',
  message: `Layering: ${from} may not import 'node:sqlite'. Storage belongs to src/storage.`,
});

/** @type {Config[]} */
export const layering = [
  // Anything in src outside src/bot and src/main.ts (folders below override this with their full list).
  block('src/**/*.ts', [target.bot('src (outside src/bot)')], ['src/bot/**', 'src/main.ts']),
  // Top-level files next to main.ts reach bot with './bot/...'.
  block(
    'src/*.ts',
    [
      target.bot('src (outside src/bot)'),
      {
        regex: '^(?:\\./)+bot(?:/|$)',
        message: 'Layering: src (outside src/bot) may not import src/bot. Only files inside src/bot and src/main.ts may.',
      },
    ],
    ['src/main.ts'],
  ),
  folder('lib', ['config', 'ssh', 'timekpr', 'bot', 'alerts', 'storage', 'reports', 'i18n', 'household', ...lower, 'remote', 'main']),
  // The words of every language (locales/*.ftl) and their formatting: below everything but lib, free of Telegram.
  folder('i18n', [
    'config',
    'ssh',
    'timekpr',
    'bot',
    'alerts',
    'storage',
    'reports',
    'household',
    ...lower,
    'main',
    ...noTelegram,
  ]),
  folder('config', [
    'ssh',
    'timekpr',
    'bot',
    'alerts',
    'storage',
    'household',
    ...lower,
    'main',
  ]),
  folder('ssh', ['timekpr', 'bot', 'alerts', 'storage', 'household', ...lower, 'main']),
  folder('timekpr', [
    'bot',
    'alerts',
    'storage',
    'household',
    ...lower,
    'main',
    (from) => ({
      regex: file('ssh/pool.ts'),
      message: `Layering: ${from} may not import src/ssh/pool.ts. It gets only the exec seam (src/ssh/exec-batch.ts) and src/ssh/failure.ts types.`,
    }),
    ...noTelegram,
    (from) => noPackage(from, 'ssh2', 'SSH belongs to src/ssh; use the exec seam.'),
    noSqlite,
  ]),
  folder('storage', [
    'bot',
    'alerts',
    'timekpr',
    'ssh',
    'household',
    ...lower,
    'main',
  ]),
  folder('alerts', [
    'bot',
    'household',
    ...lower,
    'main',
    ...noTelegram,
  ]),
  // Reports: usage days, the report's words and chart (pure) and the renderer; Telegram stays in src/bot.
  folder('reports', [
    'bot',
    'household',
    ...lower,
    'main',
    ...noTelegram,
    noSqlite,
  ]),
  // The household: what a family does (change time exactly once, pause, resume, requests, reading the status, last
  // seen), as facts. No words (those are the bot's, from the locale files) and no Telegram.
  folder('household', [
    'bot',
    'i18n',
    ...lower,
    'main',
    ...noTelegram,
    noSqlite,
  ]),
  // A feature decodes input, calls the household, renders and replies; it never reaches into another feature.
  block('src/bot/features/**/*.ts', [
    {
      regex: '^\\./',
      message: 'Layering: a feature in src/bot/features may not import another feature. Share through src/household or src/bot.',
    },
  ]),
  folder('check', ['bot', 'alerts', 'main']),
  folder('cli', ['bot', 'alerts', 'main']),
];
