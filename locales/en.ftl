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
