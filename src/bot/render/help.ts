/** The commands shown in Telegram's menu (setMyCommands) and explained by /help. */
export const BOT_COMMANDS = [
  { command: 'status', description: "Every child's time left, with buttons" },
  { command: 'add', description: 'Add or take away time: /add mia 15 [computer]' },
  { command: 'pause', description: "Stop a child's time now, keep what is left: /pause mia [computer]" },
  { command: 'resume', description: 'Give back the time kept by /pause: /resume mia' },
  { command: 'history', description: "Today's changes and alerts: /history [child] [days]" },
  { command: 'report', description: 'A chart of screen time: /report [child] [week|month]' },
  { command: 'cancel', description: 'Stop a step-by-step /add' },
  { command: 'help', description: 'What this bot can do' },
] as const;

export const HELP_TEXT = [
  '<b>timekpr-bot</b> shows and changes your children\'s screen time (Timekpr-nExT).',
  '',
  '/status: every child\'s time left on each computer, with buttons to add or take away time.',
  '/add mia 15: add 15 minutes for Mia on all her computers. /add mia -10 desktop: take 10 minutes away on desktop only.',
  '/add: the same, step by step with buttons.',
  '/cancel: stop a step-by-step /add.',
  '/pause mia: stop Mia\'s time now on all her computers (after you confirm), keeping what was left. /resume mia gives it back. A pause ends by itself at midnight.',
  '/history: today\'s changes and alerts, newest first. /history mia 3: Mia\'s, for the last 3 days.',
  '/report: a chart of this week\'s screen time per day and computer, with the totals and the time you gave. /report mia month: Mia\'s, this month.',
  '/help: this text.',
  '',
  'Children whose Telegram IDs are in the config may use /time (their own time left) and /ask 30 homework (ask you for 30 minutes). Their request comes here with buttons: the first parent to answer decides, and the child is told.',
  '',
  'Times are what the computer reports after the change. Timekpr-nExT never gives time past midnight or past the allowed hours, so adding time late may change little.',
].join('\n');
