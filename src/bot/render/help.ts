import { msg, type Words } from '../../i18n/words.ts';

/** The commands in Telegram's menu (setMyCommands), in order. */
const COMMANDS = ['status', 'add', 'pause', 'resume', 'rules', 'limit', 'hours', 'days', 'playtime', 'lockout', 'profile', 'tonight', 'today', 'tomorrow', 'history', 'report', 'computer', 'reload', 'cancel', 'help'] as const;

const COMMAND_KEYS: Readonly<Record<(typeof COMMANDS)[number], string>> = {
  status: msg('command-status'),
  add: msg('command-add'),
  pause: msg('command-pause'),
  resume: msg('command-resume'),
  rules: msg('command-rules'),
  limit: msg('command-limit'),
  hours: msg('command-hours'),
  days: msg('command-days'),
  playtime: msg('command-playtime'),
  lockout: msg('command-lockout'),
  profile: msg('command-profile'),
  tonight: msg('command-tonight'),
  today: msg('command-today'),
  tomorrow: msg('command-tomorrow'),
  history: msg('command-history'),
  report: msg('command-report'),
  computer: msg('command-computer'),
  reload: msg('command-reload'),
  cancel: msg('command-cancel'),
  help: msg('command-help'),
};

/** The commands shown in Telegram's menu, described in `words`' language. */
export function botCommands(words: Words): { command: string; description: string }[] {
  return COMMANDS.map((command) => ({ command, description: words.t(COMMAND_KEYS[command]) }));
}

/** What /help says. HTML. */
export function helpText(words: Words): string {
  return words.t('help');
}
