# timekpr-bot: every word a person reads, in English.
#
# One message per key. A key is used by the code exactly as written here (src/**/*.ts, `t('key')` or `msg('key')`);
# test/unit/i18n/locales.test.ts fails when a key is missing in a language, or when a file keeps one nobody uses.
# Messages sent as HTML may hold <b>, <i> and <a>; the code escapes names and other text before it fills them in.
# Placeholders: { $name }. Numbers are formatted for the language, so ids are passed as text.

## Units

duration-hours-minutes = { $hours }h { $minutes }m
duration-minutes = { $minutes }m
minutes-signed = { $sign }{ $minutes } min

## Commands menu (Telegram's list of commands) and /help

command-status = Every child's time left, with buttons
command-add = Add or take away time: /add mia 15 [computer]
command-pause = Stop a child's time now, keep what is left: /pause mia [computer]
command-resume = Give back the time kept by /pause: /resume mia
command-history = Today's changes and alerts: /history [child] [days]
command-report = A chart of screen time: /report [child] [week|month]
command-cancel = Stop a step-by-step /add
command-help = What this bot can do

help =
    <b>timekpr-bot</b> shows and changes your children's screen time (Timekpr-nExT).

    /status: every child's time left on each computer, with buttons to add or take away time.
    /add mia 15: add 15 minutes for Mia on all her computers. /add mia -10 desktop: take 10 minutes away on desktop only.
    /add: the same, step by step with buttons.
    /cancel: stop a step-by-step /add.
    /pause mia: stop Mia's time now on all her computers (after you confirm), keeping what was left. /resume mia gives it back. A pause ends by itself at midnight.
    /history: today's changes and alerts, newest first. /history mia 3: Mia's, for the last 3 days.
    /report: a chart of this week's screen time per day and computer, with the totals and the time you gave. /report mia month: Mia's, this month.
    /help: this text.

    Children whose Telegram IDs are in the config may use /time (their own time left) and /ask 30 homework (ask you for 30 minutes). Their request comes here with buttons: the first parent to answer decides, and the child is told.

    Times are what the computer reports after the change. Timekpr-nExT never gives time past midnight or past the allowed hours, so adding time late may change little.

## Short answers: refusals, toasts under buttons

refused-no-sender = Sorry, this bot only answers parents it knows.
refused-not-a-parent = Sorry, only the parents set up for this bot can use it. Your Telegram user ID is { $userId }.
refused-chat-not-allowed = This chat is not set up for the bot. To use it here, add { $chatId } to telegram.chats in the config.
button-out-of-date = This button is out of date. Use /status for fresh ones.
button-amount-not-offered = This amount is not offered any more. Use /status for fresh buttons.
button-invalid = This button is not valid.
button-message-gone = This message is too old. Use /status.
apology = Sorry, something went wrong. Please try again.
nothing-to-cancel = There is nothing to cancel.
guided-not-yours = This step-by-step /add is not yours or has ended. Start your own with /add.
label-tapped = Tap an amount in the row below.
refreshing = Refreshing…
letting-it-end = Time will run out.
changing = { $amount }…
changing-for = { $amount } for { $child } on { $machine }…
announcement = 📣 { $line }

## Step-by-step /add (HTML)

guided-which-child = Whose time do you want to change?
guided-which-machine = Which computer of <b>{ $child }</b>?
guided-on-machine = on { $machine }
guided-on-all = on all computers
guided-how-much = How much for <b>{ $child }</b> { $where }? (minutes)
guided-waiting = How much for <b>{ $child }</b> { $where }? Waiting for the number of minutes…
guided-mention = <a href="tg://user?id={ $userId }">{ $name }</a>,{" "}
guided-ask-minutes = { $mention }reply with the number of minutes, e.g. 20 or -10.
guided-ask-again = { $mention }{ $error } Reply with a number like 20 or -10, or send /cancel.
guided-placeholder = minutes, e.g. 20 or -10
guided-applying = { $amount } for <b>{ $child }</b> { $where }…
guided-cancelled = Cancelled: nothing was changed.
guided-button-all = All
guided-button-other = Other…
button-cancel = Cancel

## Buttons under /status and alerts

button-pause = ⏸ Pause { $child }
button-resume = ▶ Resume { $child }
button-refresh = 🔄 Refresh
button-let-it-end = Let it end

## What went wrong on a computer: the problem (a chat line, `check`) and its fix (`check`). Plain text.

failure-where-port = { $host } port { $port }
failure-timeout-connect = not reachable (timed out after { $seconds } s)
failure-timeout-connect-fix = Is the computer switched on and on the network? Check that { $where } is right.
failure-timeout-command = no answer (the command timed out after { $seconds } s)
failure-timeout-command-fix = The computer may be asleep or very busy: try again in a moment.
failure-unreachable = not reachable ({ $reason })
failure-unreachable-fix = Is the computer switched on, and does { $where } run an SSH server?
failure-host-not-found = host name { $host } not found: check host in the config
failure-host-not-found-fix = The bot's computer knows no computer named { $host }: check machines.{ $machine }.host for a typo, or use the computer's IP address. A name ending in .local is found only while that computer is on.
failure-auth = SSH login refused for user "{ $user }"
failure-auth-your-key = your key
failure-auth-key-fix = Add the public key of { $key } to ~{ $user }/.ssh/authorized_keys on the computer.
failure-auth-password-fix = Check SSH_PASSWORD in .env and that password login is allowed for this user.
failure-host-key-unknown = its host key is not trusted yet ({ $fingerprint })
failure-host-key-unknown-fix = If that is your computer's key, run: { $command }
failure-host-key-revoked = it offered a REVOKED host key ({ $fingerprint })
failure-host-key-revoked-fix = Refused. The key is marked @revoked in { $file }.
failure-host-key-changed = its host key has CHANGED (now { $fingerprint })
failure-host-key-changed-fix = Refused. If the computer was reinstalled, delete its line from { $file } and run: { $command }. If not, someone may be intercepting the connection.
failure-connection-lost = the connection broke
failure-connection-lost-running = the connection broke while the command ran
failure-connection-lost-fix = Try again; check the network if it keeps happening.
failure-ssh-error = SSH error: { $message }
failure-ssh-error-fix = Check the ssh settings of this machine in the config.
failure-unknown-user = Timekpr-nExT has no user "{ $login }" here
failure-unknown-user-fix = Check the login name under children.<id>.accounts; the child must have logged in there once.
failure-daemon-not-running = Timekpr-nExT is not running
failure-daemon-not-running-fix = On the computer run: sudo systemctl restart timekpr
failure-access-denied = SSH user "{ $user }" may not use Timekpr-nExT
failure-access-denied-fix = On the computer run: sudo usermod -aG timekpr { $user }
failure-busy = Timekpr-nExT was busy with another command
failure-busy-fix = Try again in a moment.
failure-rejected = timekpra refused the command ({ $message })
failure-rejected-fix = This is a bug in timekpr-bot: please report it.
failure-invalid-request = the command was not sent: { $message }
failure-invalid-request-fix = Check ssh.timekpra and the login names under children.<id>.accounts in the config.
failure-timekpra-not-found = timekpra not found at { $path }
failure-timekpra-not-found-fix = Install Timekpr-nExT there (sudo apt install timekpr-next) or set ssh.timekpra to its path.
failure-unexpected-output = unexpected answer from timekpra: { $text }
failure-unexpected-output-fix = Check that the computer runs Timekpr-nExT 0.5.
failure-helper-unavailable = the bot's helper cannot run there: { $reason }
failure-helper-unavailable-fix = Check ssh.python ({ $python }) and that python3-dbus is installed there, or set ssh.backend to timekpra.
failure-helper-failed = Timekpr-nExT's D-Bus call failed: { $message }
failure-helper-failed-fix = Try again; if it keeps happening, restart Timekpr-nExT there (sudo systemctl restart timekpr).
failure-no-account = { $child } has no account on { $machine } in the config
failure-unknown-machine = unknown computer

## A failure recorded earlier, of which only its kind is kept (history, a change Telegram delivered again)

failure-kind-timeout = no answer in time
failure-kind-unreachable = not reachable
failure-kind-host-not-found = host name not found
failure-kind-auth = SSH login refused
failure-kind-host-key-unknown = host key not trusted yet
failure-kind-host-key-mismatch = host key changed
failure-kind-ssh-error = SSH error
failure-kind-unknown-user = Timekpr-nExT does not know the login
failure-kind-access-denied = the SSH user may not use Timekpr-nExT
failure-kind-busy = Timekpr-nExT was busy
failure-kind-rejected = timekpra refused the command
failure-kind-invalid-request = not sent: check the config
failure-kind-timekpra-not-found = timekpra not found
failure-kind-unexpected-output = unexpected answer from timekpra
failure-kind-no-account = no such account in the config
failure-kind-helper-unavailable = the bot's helper cannot run there
failure-kind-helper-failed = Timekpr-nExT's D-Bus call failed
failure-kind-other = error

## Changes kept for a computer that is off (HTML)

kept-what-pause = pause { $child }
kept-what-time = { $amount } for { $child }
kept-the-pause-of = the pause of { $child }
kept-line-pause = 💤 { $machine } is off: { $child } will be paused there when it is back (today)
kept-line-time = 💤 { $machine } is off: { $amount } for { $child } will be given when it is back (today)
kept-cancel-pause = Cancel pause on { $machine }
kept-cancel-time = Cancel { $amount } on { $machine }
kept-cancelled = ✖️ { $by } cancelled { $what } on { $machine }: it will not happen.
kept-gone-toast = Nothing to cancel: it was given, cancelled or dropped already.
kept-cancelled-toast = Cancelled.
kept-given = { $amount } { $taken ->
    [taken] taken from
   *[given] given to
} { $child }
kept-asked-by = {" "}(asked by { $by } at { $time })
kept-back-failed = ❌ { $machine } is back, but { $amount } for { $child } failed: { $why }{ $by }
kept-back-unknown = ❓ { $machine } is back: unknown whether { $amount } was { $taken ->
    [taken] taken from
   *[given] given to
} { $child } ({ $why }){ $by }. { $reread }
kept-back-not-read = ✅ { $machine } is back: { $given }{ $by }; the new time could not be read (/status shows it)
kept-back-capped = ⚠️ { $machine } is back: { $given }, { $left } left{ $by }. Timekpr-nExT limits it to the allowed hours and midnight.
kept-back = ✅ { $machine } is back: { $given }, { $left } left{ $by }
kept-dropped = 💤 { $machine } stayed off: { $what } did not happen (the day ended; today's limits apply).
kept-waiting = 💤 waiting: { $what } ({ $by }, { $time })

## A change of time and its outcome (HTML)

change-what = { $amount } for { $child } on { $machine } by { $by }
change-unknown = ❓ { $what }: unknown whether it was applied ({ $reason }). The time is read again below.
change-failed = ❌ { $what } failed: { $reason }
change-not-read = ✅ { $what }, but the new time could not be read ({ $reason })
change-capped = ⚠️ { $what }: { $left } left. Timekpr-nExT limits it to the allowed hours and midnight, so the change shows only in part or not at all.
change-applied = ✅ { $what }: { $left } left
change-repeat-applied = ↩️ Already done, not repeated: { $what }: { $left } left then
change-repeat-not-read = ↩️ Already done, not repeated: { $what }
change-repeat-failed = ↩️ Already tried, not repeated: { $what } failed ({ $reason })
change-repeat-unknown = ↩️ Not repeated: { $what }. Whether it was applied is unknown (the bot stopped or lost the connection while it ran). The time is read again below.
change-reread = { $child } now has { $left } left on { $machine }.
change-reread-no-account = { $child } has no account on { $machine } any more.
change-reread-failed = { $child }'s time on { $machine } cannot be read now ({ $reason }); use /status later.
change-interrupted = ❓ The bot stopped while it was applying { $what }: whether it was applied is unknown. { $reread }

## /status (HTML)

status-line-logged-in = { $machine }: <b>{ $left }</b> left · logged in · { $used } used today{ $paused }
status-line = { $machine }: <b>{ $left }</b> left · not logged in · { $used } used today{ $paused }
status-separator = {" "}· { $text }
status-failed = { $machine }: ⚠️ { $reason }
status-off = { $machine }: { $since }
status-off-since = 💤 off since { $time }
status-off-since-with = 💤 off since { $time } ({ $names } { $count ->
    [one] was
   *[other] were
} logged in)
status-not-seen-since = 💤 not seen since { $day }

## Low-time alerts to the parents (HTML)

alert-low = ⏳ { $child } has { $minutes } min left on { $machine }
alert-up = ⌛ { $child }'s time on { $machine } is up
alert-dismissed =
    { $alert }
    { $parent } let it end.
kept-by-config = the config (no such account any more)
kept-pause-back = { $machine } is back: { $lines }

## /add: what was not understood (plain text)

add-usage = Use: /add <child> <minutes> [computer], e.g. /add mia 15 or /add mia -10 desktop
add-not-whole-minutes = "{ $text }" is not a whole number of minutes.
add-zero-minutes = 0 minutes would change nothing.
add-too-many-minutes = At most { $max } minutes (a day) at a time.
