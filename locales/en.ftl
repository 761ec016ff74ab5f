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
command-rules = A child's house rules, with a week picture: /rules mia
command-limit = Time per day, week or month: /limit mia 2h, /limit mia weekend 3h
command-hours = When the computer may be used: /hours mia 8-20:30
command-days = On which days at all: /days mia mon-fri
command-playtime = Time for games: /playtime mia on, /playtime mia 45m
command-lockout = What happens at zero: /lockout mia lock
command-profile = Profiles (School, Holidays…): /profile holidays [child]
command-tonight = Later tonight, back at midnight: /tonight mia 22:30
command-today = Today's limit, back at midnight: /today mia 3h
command-tomorrow = Tomorrow only: /tomorrow mia off, /tomorrow mia 1h
command-history = Today's changes and alerts: /history [child] [days]
command-report = A chart of screen time: /report [child] [week|month]
command-computer = Add or remove a child's computer: /computer add desktop 192.168.1.20
command-reload = Read config.yaml again after editing it
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

    <b>House rules</b> (on all of a child's computers; a computer's name at the end changes only that one):
    /rules mia: Mia's week as a picture and in words, with buttons for today's limit, PlayTime and what happens at zero.
    /limit mia 2h, /limit mia weekdays 1h30 weekend 3h, /limit mia week 10h, /limit mia month off: how long.
    /hours mia 8:00-20:30, /hours mia sat,sun 9-22, /hours mia mon-fri 15-20:30 16-17 free: when (free time is not counted).
    /days mia mon-fri: on which days at all.
    /playtime mia on, /playtime mia 45m, /playtime mia games minecraft[Minecraft]: time for games, and which games count.
    /lockout mia lock (or suspend, terminate, shutdown, suspendwake 7-18): what happens when time is up.
    Only what differs is written (each change shows the child a notice); every change has ↩ Undo, for the same day.

    <b>Profiles and exceptions</b>:
    /profile: the profiles of config.yaml (School, Holidays…) and who follows which, with buttons. /profile holidays: everyone it is for; /profile holidays mia: Mia only.
    /tonight mia 22:30: today's allowed hours until 22:30. /today mia 3h: today's limit. /tomorrow mia off: no computer tomorrow; /tomorrow mia 1h. Each goes back by itself when its day ends.
    <b>Setting up</b> (parents):
    /computer add desktop 192.168.1.20: add a child's computer (you get one line to paste there). /computer remove desktop.
    /child rename mia Mia Sophie: a child's name. /parent remove ID: a parent (never the last one). Another parent sends me /join.
    /reload: read config.yaml again after you edited it (a file with mistakes is refused, and the bot goes on as it was).
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

## /add: what was not understood (plain text)

add-usage = Use: /add <child> <minutes> [computer] [play], e.g. /add mia 15, /add mia -10 desktop, or /add mia 15 play for PlayTime
add-not-whole-minutes = "{ $text }" is not a whole number of minutes.
add-zero-minutes = 0 minutes would change nothing.
add-too-many-minutes = At most { $max } minutes (a day) at a time.

## Names that matched nothing (/add, /pause, /resume, /history, /report). Plain text.

child-unknown = I don't know a child called "{ $name }". Children: { $children }.
child-unknown-machine = { $child } has no computer called "{ $name }". { $child }'s computers: { $machines }.

## Buttons under /status and alerts

button-pause = ⏸ Pause { $child }
button-resume = ▶ Resume { $child }
button-refresh = 🔄 Refresh
button-let-it-end = Let it end

## /status (HTML)

status-playtime = 🎮 { $left } PlayTime
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

## A change of time and its outcome (HTML)

change-what = { $amount } for { $child } on { $machine } by { $by }
change-what-play = { $amount } PlayTime for { $child } on { $machine } by { $by }
change-unknown = ❓ { $what }: unknown whether it was applied ({ $reason }). The time is read again below.
change-failed = ❌ { $what } failed: { $reason }
change-not-read = ✅ { $what }, but the new time could not be read ({ $reason })
change-capped = ⚠️ { $what }: { $left } left. Timekpr-nExT limits it to the allowed hours and midnight, so the change shows only in part or not at all.
change-applied = ✅ { $what }: { $left } left
change-applied-play = 🎮 { $what }: { $left } PlayTime left
change-repeat-applied = ↩️ Already done, not repeated: { $what }: { $left } left then
change-repeat-not-read = ↩️ Already done, not repeated: { $what }
change-repeat-failed = ↩️ Already tried, not repeated: { $what } failed ({ $reason })
change-repeat-unknown = ↩️ Not repeated: { $what }. Whether it was applied is unknown (the bot stopped or lost the connection while it ran). The time is read again below.
change-reread = { $child } now has { $left } left on { $machine }.
change-reread-no-account = { $child } has no account on { $machine } any more.
change-reread-failed = { $child }'s time on { $machine } cannot be read now ({ $reason }); use /status later.
change-interrupted = ❓ The bot stopped while it was applying { $what }: whether it was applied is unknown. { $reread }

## Changes kept for a computer that is off (HTML)

kept-what-pause = pause { $child }
kept-what-rules = the change of { $child }'s house rules
kept-what-time = { $amount } for { $child }
kept-the-pause-of = the pause of { $child }
kept-line-pause = 💤 { $machine } is off: { $child } will be paused there when it is back (today)
kept-line-rules = 💤 { $machine } is off: the change of { $child }'s house rules will be made when it is back
kept-line-exception = 💤 { $machine } is off: the exception for { $child } will be made when it is back (until its day ends)
kept-line-time = 💤 { $machine } is off: { $amount } for { $child } will be given when it is back (today)
kept-cancel-pause = Cancel pause on { $machine }
kept-cancel-rules = Cancel the rules change on { $machine }
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
kept-rules-back = { $machine } is back: { $outcome }
kept-dropped = 💤 { $machine } stayed off: { $what } did not happen (the day ended; today's limits apply).
kept-waiting = 💤 waiting: { $what } ({ $by }, { $time })
kept-by-config = the config (no such account any more)
kept-pause-back = { $machine } is back: { $lines }

## Low-time alerts to the parents (HTML)

alert-low = ⏳ { $child } has { $minutes } min left on { $machine }
alert-up = ⌛ { $child }'s time on { $machine } is up
alert-dismissed =
    { $alert }
    { $parent } let it end.

## What a child reads: /time, the answers to /ask, the low-time warning. Plain text unless named HTML.

# HTML. $login is `in` or `out`.
child-time-title = <b>Your time today</b>
child-time-line = { $machine }: <b>{ $left }</b> left · { $login ->
        [in] logged in
       *[out] not logged in
    } · { $used } used today
child-time-problem = { $machine }: ⚠️ { $problem }
child-ask-prompt = How much more time do you want to ask your parents for?
child-ask-button = { $minutes } min
child-only-parents = Only your parents can do that. You can use /time to see your time and /ask to ask for more.
child-only-parents-toast = Only your parents can do that.
child-slow-down = Slow down a little: I will listen again in a minute.
child-warning-up = ⌛ Your time on { $machine } is up.
child-warning-low = ⏳ You have { $minutes } min left on { $machine }.

ask-sent = 🙋 I asked your parents for { $minutes } min. I will tell you their answer here.
ask-not-delivered = I could not reach your parents just now. Please try again in a moment.
ask-disabled = Asking for more time is turned off.
ask-already-open = You already asked for { $minutes } min at { $time }: wait for the answer.
ask-cooldown = Your parents just said no. You can ask again at { $time }.
ask-no-minutes = Say how many minutes first, like: /ask 30 homework
ask-bad-minutes = You can ask for 1 to { $max } minutes at once.
ask-reason-too-long = Keep the reason short: at most { $max } characters.

# How the request ended, told to the child. $where is ask-on-machine or ask-on-all.
ask-told-expired = ⌛ Nobody answered your request for { $minutes } min. You can ask again.
ask-told-denied = ❌ { $parent } said no.
ask-told-denied-until = ❌ { $parent } said no. You can ask again at { $time }.
ask-told-given = ✅ { $parent } gave you { $minutes } min { $where }.
ask-told-given-left = ✅ { $parent } gave you { $minutes } min { $where }: { $left } left.
ask-told-unsure = ❓ { $parent } gave you { $minutes } min { $where }, but the computer did not confirm it. Check /time.

## A child's request as the parents see it, with its buttons and outcome. HTML.

ask-headline = 🙋 { $child } asks for { $minutes } min
ask-headline-reason = 🙋 { $child } asks for { $minutes } min ({ $reason })
ask-request-on = { $headline } · { $left } left on { $machine }, logged in
# $login is `in` or `out`.
ask-machine-state = { $machine }: { $left } left, { $login ->
        [in] logged in
       *[out] not logged in
    }
ask-machine-problem = { $machine }: ⚠️ { $problem }
ask-pick-not-logged-in = Not logged in anywhere: pick the computer.
ask-pick-several = Logged in on several computers: pick one.
ask-button-all = all +{ $minutes }
ask-button-no = No
ask-on-machine = on { $machine }
ask-on-all = on all computers
ask-waiting = ⏳ waiting for an answer
ask-expired = ⌛ Nobody answered in time.
ask-denied = ❌ { $parent } said no.
ask-given = ✅ { $parent } gave { $child } { $minutes } min { $where }.
ask-given-left = ✅ { $parent } gave { $child } { $minutes } min { $where }: { $left } left
ask-given-unsure = ❓ { $parent } gave { $child } { $minutes } min { $where }, but it is not sure it worked ({ $problem }).
ask-retry = ⚠️ { $parent } tried to give time, but { $problem }. Try again, or answer No.
ask-retry-did-not-work = ⚠️ { $parent } tried to give time, but it did not work. Try again, or answer No.

# Toasts under the request's buttons.
ask-already-answered = { $parent } already answered.
ask-expired-toast = This request has expired.
ask-giving = Giving time…
ask-tap-handled = Already handled: the request shows what came of it.
ask-denied-toast = The child will be told.
ask-not-offered = That is not one of the amounts offered.
ask-unknown = This request is not known (any more).

## /pause and /resume. HTML unless named plain.

pause-question = ⏸ Pause { $child } on { $machines } now? The time left is kept, and /resume gives it back.
pause-button-confirm = Pause
pause-not-yours = Only the parent who asked can confirm this.
pause-expired = This question has expired: send /pause again.
pause-cancelled = Not paused.
pause-tap-handled = Already done.
pause-pausing = Pausing…
pause-resuming = Resuming…
# Plain text.
pause-usage = Use: /pause <child> [computer], e.g. /pause mia or /pause mia desktop
pause-resume-usage = Use: /resume <child> [computer], e.g. /resume mia

pause-paused = ⏸ { $parent } paused { $child } on { $machine }: { $kept } kept
pause-already = ⏸ { $child } is already paused on { $machine } (by { $parent } at { $time })
pause-failed = ❌ { $child } on { $machine }: not paused ({ $problem })
pause-failed-maybe = ❓ { $child } on { $machine }: not sure the pause happened ({ $problem }); /status shows the time now
pause-raced = ❌ { $child } on { $machine }: not paused (try again)
pause-kept-cancelled-while-applied = ▶ { $child } on { $machine }: not paused (the pause was cancelled)

pause-not-paused = { $child } is not paused.
pause-resumed = ▶ { $parent } resumed { $child } on { $machine }
pause-resumed-left = ▶ { $parent } resumed { $child } on { $machine }: { $left } left
pause-resumed-capped = ▶ { $parent } resumed { $child } on { $machine }: { $left } left (⚠️ capped by the clock)
pause-kept-cancelled = ▶ { $child } was not paused on { $machine } yet (it is off): the pause waiting for it is cancelled
pause-resume-failed = ❌ { $child } on { $machine }: still paused ({ $problem }); try /resume again
pause-resume-maybe = ❓ { $child } on { $machine }: not sure the time was given back ({ $problem }); /status shows it

# In /status, after a paused computer's line.
pause-note = ⏸ paused by { $parent } at { $time } ({ $kept } kept)
pause-ended = ⏸ { $child }'s pause on { $machine } ended with the day; today's limits apply.

## /history. HTML unless named plain.

history-title-today = <b>History today</b>
history-title-days = <b>History in the last { $days } days</b>
history-title-child-today = <b>History for { $child } today</b>
history-title-child-days = <b>History for { $child } in the last { $days } days</b>
history-nothing-today = Nothing happened today.
history-nothing-days = Nothing happened in the last { $days } days.
history-nothing-child-today = Nothing happened for { $child } today.
history-nothing-child-days = Nothing happened for { $child } in the last { $days } days.
history-more = … and { $count } earlier
history-change = { $parent }: { $amount } for { $child } on { $machine } { $mark }
history-change-left = { $parent }: { $amount } for { $child } on { $machine } { $mark }, { $left } left
history-play = { $parent }: { $amount } PlayTime for { $child } on { $machine } { $mark }
history-play-left = { $parent }: { $amount } PlayTime for { $child } on { $machine } { $mark }, { $left } PlayTime left
history-mark-done = ✅
history-mark-partly = ⚠️ partly
history-rules = { $parent }: house rules of { $child } on { $machine } ({ $what }) { $mark }
history-rules-undo = { $parent }: ↩ undid the change of { $child }'s house rules on { $machine } ({ $what }) { $mark }
history-rules-undone = (undone)
history-mark-capped = ⚠️ capped
history-mark-failed = ❌ failed
history-mark-unknown = ❓ unknown
history-alert-up = ⌛ { $child }'s time on { $machine } was up
history-alert-low = ⏳ alert: { $child } had { $minutes } min left on { $machine }
history-ask = 🙋 { $child } asked for { $minutes } min: { $outcome }
history-ask-reason = 🙋 { $child } asked for { $minutes } min ({ $reason }): { $outcome }
# Plain text.
history-usage = Use: /history [child] [days], e.g. /history mia 3
history-bad-days = Days must be from 1 to { $max }.

## The caption

report-days = { $first } – { $last }
report-heading-this-week = Screen time this week ({ $days })
report-heading-this-month = Screen time this month ({ $month }, to { $day })
report-heading-past-week = Screen time the week { $days }
report-heading-past-month = Screen time { $month }
report-nothing-for-child = { $heading }: no screen time used or recorded for { $child }. The bot records it while it runs and reads the computers.
report-nothing-for-anyone = { $heading }: no screen time used or recorded for any child. The bot records it while it runs and reads the computers.
report-child-nothing-yet = { $child }: no screen time recorded yet.
report-child-total = { $child }: { $total } in total, { $average } a day on average.
report-child-total-today = { $child }: { $total } in total (today so far), { $average } a day on average.
report-longest-day = Longest day: { $day }, { $duration }.
report-longest-day-computers = Longest day: { $day }, { $duration } ({ $computers }).
report-computer-time = { $computer } { $duration }
report-over-limit =
    Over the day's limit on { $days ->
        [one] { $days } day
       *[other] { $days } days
    } (with time given).
report-parents-changed = Parents changed { $child }'s time by { $total } ({ $parents }).
report-parent-change = { $parent } { $amount }
report-asked =
    Asked for more { $count ->
        [one] { $count } time
       *[other] { $count } times
    }: { $given } given, { $refused } refused.
report-asked-unanswered =
    Asked for more { $count ->
        [one] { $count } time
       *[other] { $count } times
    }: { $given } given, { $refused } refused, { $unanswered } not answered.
report-chart-not-drawn = (The chart could not be drawn: { $reason })

## Under the bars: a day of a week (`Mon 30`)

report-day-label = { $weekday } { $day }

## The chart

chart-title-week = Screen time, week of { $day }
chart-title-month = Screen time, { $month }
chart-subtitle = Time used each day
chart-subtitle-by-computer = Time used each day, by computer
chart-so-far = (so far)
chart-legend-today = today, so far
chart-legend-limit = daily limit
chart-tick-hours-minutes = { $hours }h { $minutes }m
chart-tick-hours = { $hours }h
chart-tick-minutes = { $minutes }m

## /report's answers to what it cannot read

report-usage = Use: /report [child] [week|month], e.g. /report, /report mia or /report mia month

## House rules: /rules, /limit, /hours, /days, /playtime, /lockout. HTML unless named plain.

rules-day-1 = Mon
rules-day-2 = Tue
rules-day-3 = Wed
rules-day-4 = Thu
rules-day-5 = Fri
rules-day-6 = Sat
rules-day-7 = Sun
rules-every-day = every day
rules-no-day = no day
rules-no-limit = no limit
rules-all-day = all day
rules-free-mark = ∞ free
rules-label-days = Allowed days
rules-label-limits = Limit per day
rules-label-hours = Allowed hours
rules-label-week = Week and month
rules-label-lockout = At zero
rules-label-playtime = PlayTime
rules-week-limit = { $limit } a week
rules-month-limit = { $limit } a month
rules-lockout-lock = lock the screen
rules-lockout-suspend = suspend
rules-lockout-suspendwake = suspend, wake later
rules-lockout-suspendwake-hours = suspend, may wake { $from }–{ $to } h
rules-lockout-terminate = log out
rules-lockout-shutdown = shut down
rules-playtime-off = off
rules-playtime-on = on: { $limits }; left today { $left }; counts { $games }
rules-playtime-no-games = no games yet (/playtime … games)
rules-title = 📋 <b>House rules of { $child }</b>
rules-on-machines = On { $machines }; where they differ, each is named.
rules-differ = differs:
rules-not-read = ❌ { $machine }: could not be read: { $why }
rules-commands-hint = Change: /limit { $child } 2h · /hours { $child } 8-20 · /days { $child } mon-fri · /playtime { $child } on · /lockout { $child } lock
rules-picture-title = { $child } — house rules
rules-picture-title-machine = { $child } — house rules ({ $machine })
rules-picture-allowed = allowed
rules-picture-free = free (not counted)
rules-picture-not-allowed = not allowed
rules-problem-days-not-allowed = { $days } not allowed there: allow first with /days
rules-problem-playtime-days-not-allowed = no PlayTime on { $days } there
rules-problem-today-not-allowed = today is not an allowed day there, so it has no limit to move
rules-problem-intervals-share-hour = two intervals meet inside the hour { $hour }:00; Timekpr-nExT keeps one span per hour
rules-changed-by = ✅ { $parent } changed the house rules of { $child }:
rules-undone-by = ↩ { $parent } undid the change of { $child }'s house rules:
rules-nothing-changed = Nothing changed for { $child }:
rules-outcome-changed = • { $machine }: { $lines }
rules-outcome-not-read = • { $machine }: changed; the new rules could not be read (/rules shows them)
rules-outcome-already = • { $machine }: already so, nothing written
rules-outcome-refused = • { $machine }: not changed: { $why }
rules-outcome-partly = ⚠️ { $machine }: only { $written } written, then it failed: { $why }
rules-outcome-failed = ❌ { $machine }: not changed: { $why }
rules-outcome-unknown = ❓ { $machine }: unknown whether it changed: { $why }
rules-button-undo = ↩ Undo
rules-button-today-less = −30 min today
rules-button-today-more = +30 min today
rules-button-playtime-on = 🎮 PlayTime on
rules-button-playtime-off = 🎮 PlayTime off
rules-interrupted = ❓ The bot stopped while it changed the house rules of { $child } on { $machine } (asked by { $parent }): it is not known whether that was done. /rules { $childId } shows what the computer has now.
rules-repeat = ↩️ Already done, not repeated: /history shows what it changed.
rules-changing-toast = Changing the house rules of { $child }…
rules-undo-toast = Undoing…
rules-undo-nothing-toast = Nothing to undo: it was undone already, or it is from another day.
rules-undo-kept-cancelled = 💤 { $machine }: the change still waiting for it is cancelled
rules-undo-again = Tap ↩ Undo again when the computer is on: it was not undone there.
rules-usage = Use: /rules mia, or /rules mia desktop for one computer.
rules-usage-limit = Use: /limit mia 2h (every allowed day), /limit mia weekdays 1h30 weekend 3h, /limit mia sat 4h, /limit mia week 10h, /limit mia month off. A computer's name at the end changes only that one.
rules-usage-hours = Use: /hours mia 8:00-20:30 (every day), /hours mia sat,sun 9-22, /hours mia mon 7-8 16-20, /hours mia mon-fri 15-20:30 16-17 free (16–17 not counted).
rules-usage-days = Use: /days mia mon-fri (the days she may use the computer at all), /days mia all.
rules-usage-playtime = Use: /playtime mia on|off, /playtime mia 45m (a day), /playtime mia weekend 2h, /playtime mia games minecraft[Minecraft] steam[Steam], /playtime mia games none.
rules-usage-lockout = Use: /lockout mia lock|suspend|terminate|shutdown, or /lockout mia suspendwake 7-18 (may wake between 7 and 18 h).
rules-problem-unknown-day = "{ $text }" is not a day: write mon, tue … sun, mon-fri, weekdays, weekend or all.
rules-problem-wrapping-day-range = "{ $text }" runs past Sunday: write it as two parts, like fri-sun,mon.
rules-problem-no-days = Name at least one day, like mon-fri.
rules-problem-not-duration = "{ $text }" is not a length of time: write it like 2h, 1h30, 45m or 0.
rules-problem-duration-without-unit = "{ $text }" needs a unit: 2h or 2m?
rules-problem-not-whole-minutes = "{ $text }" is not a whole number of minutes.
rules-problem-duration-too-long = "{ $text }" is more than { $max }.
rules-problem-bad-time-range = "{ $text }" is not a time span: write it like 8:00-20:30 or 9-22.
rules-problem-bad-time = "{ $text }" is not a time of day: hours 0–23 (24 only as an end), minutes 00–59.
rules-problem-end-not-after-start = "{ $text }" ends before it starts: a span cannot run past midnight (write the evening and the morning on their days).
rules-problem-overlapping-intervals = "{ $first }" and "{ $second }" overlap: give each time once.

rules-problem-bad-activity = "{ $text }" is not a game: write mask[Name], like minecraft[Minecraft].
rules-problem-bad-activity-mask = "{ $text }" cannot be a process mask: use letters, digits and . _ * + ? ^ - only, at most 64.
rules-problem-bad-activity-description = "{ $text }" cannot be a game's name: letters, digits, spaces and . _ : ! ' & + - only, at most 64.
rules-problem-activity-needs-description = Give { $mask } a name to show, like { $mask }[Steam].
rules-problem-duplicate-activity = { $mask } is listed twice.
rules-problem-too-many-activities = { $count } games are too many: at most { $max }.
rules-problem-no-activities = Name at least one game, or "none".
rules-problem-unknown-lockout = "{ $text }" is not something that can happen at zero: lock, suspend, suspendwake, terminate or shutdown.
rules-problem-bad-wake-hours = "{ $text }" are not wake-up hours: whole hours 0–23, the first not after the second, like 7-18.
rules-problem-wake-hours-need-suspendwake = Wake-up hours go with suspendwake only, not with { $type }.

## Profiles: /profile, the differences of a computer from its child's profile. HTML unless named plain.

profile-list-title = 🗂 <b>Profiles</b>
profile-list-line = • <b>{ $profile }</b>: followed by { $followers }
profile-list-line-for = • <b>{ $profile }</b> (for { $children }): followed by { $followers }
profile-list-nobody = nobody
profile-list-hint = Switch: /profile { $profile } (everyone it is for), or /profile { $profile } { $child }. Only what differs is written; ↩ Undo takes it back the same day.
profile-list-none = There are no profiles yet: write them under profiles: in config.yaml (see the README, "Profiles and exceptions").
# Plain text (buttons and toasts).
profile-button-all = { $profile } → all
profile-button-child = { $profile } → { $child }
profile-button-apply = ✔ Apply “{ $profile }” on { $machine }
profile-button-keep = Keep { $machine } as it is
profile-switching-toast = Switching to “{ $profile }”…
profile-none-toast = { $child } follows no profile any more.
profile-keeping-toast = Keeping { $machine } as it is…
# Plain text.
profile-unknown = There is no profile “{ $name }”. /profile lists them.
profile-not-for-child = “{ $profile }” is not for { $child } (see its children: in config.yaml).
profile-switched-by = ✅ { $parent } switched { $child } to “{ $profile }”:
profile-switched-already = ✅ { $parent } switched { $child } to “{ $profile }”: the computers had its rules already, nothing written.
profile-undone = ↩ { $parent } undid the switch: { $child } follows “{ $profile }” again.
profile-undone-none = ↩ { $parent } undid the switch: { $child } follows no profile again.
profile-follows = 🗂 Follows <b>{ $profile }</b>.
profile-follows-changed = 🗂 Follows <b>{ $profile }</b>, changed here: { $changes }.
profile-differs = ⚠️ { $machine } differs from “{ $profile }”: { $differences }.
profile-differs-waiting = ⏳ { $machine } differs from “{ $profile }” until a change still waiting for it is made: { $differences }.
profile-does-not-fit = ⚠️ “{ $profile }” does not fit { $machine }: { $why }.
profile-notice = ⚠️ { $child }'s { $machine } differs from “{ $profile }”, not through the bot: { $differences }. Apply the profile there, or keep it as it is (/rules { $childId } shows all).
profile-notice-waiting = ⏳ { $child }'s { $machine } differs from “{ $profile }”; a change for it is still waiting: { $differences }.
profile-kept = 👍 { $parent } kept { $child }'s { $machine } as it is; these differences from “{ $profile }” are not reported again.
profile-keep-failed = ❌ { $machine } could not be read, so nothing was kept: { $why }
# Plain text: one difference, the computer's value first.
profile-difference = { $actual } (profile: { $profile })
profile-diff-day = { $day } { $value }
profile-diff-hours = { $day } hours { $value }
profile-diff-week = week { $value }
profile-diff-month = month { $value }
profile-diff-lockout = at zero: { $value }
profile-diff-playtime = PlayTime { $value }
profile-diff-playtime-limit = { $day } PlayTime { $value }
profile-diff-games = games: { $value }
profile-value-not-allowed = not allowed
profile-value-off = off
profile-value-on = on
profile-value-none = none

## Exceptions that end by themselves: /tonight, /today, /tomorrow. HTML unless named plain.

# Plain text.
exception-usage-tonight = Use: /tonight mia 22:30: today's allowed hours until 22:30, back to normal at midnight. A computer's name at the end changes only that one.
exception-usage-today = Use: /today mia 3h (today's limit), or /today mia off (no more computer today). Back to normal at midnight.
exception-usage-tomorrow = Use: /tomorrow mia off (no computer tomorrow), or /tomorrow mia 1h (tomorrow's limit). Back to normal the night after.
exception-day-today = today
exception-day-tomorrow = tomorrow
exception-day-on = on { $day }
exception-what-tonight = allowed until { $time } tonight
exception-what-until = allowed until { $time } { $day }
exception-what-limit = { $limit } { $day }
exception-what-extra = { $extra } more { $day }
exception-what-off = no computer { $day }
exception-what-unknown = an exception
exception-part-day = the day's limit
exception-part-hours = the allowed hours
exception-unreadable = it was written by another version of the bot and could not be read
exception-button-tonight = 🌙 Until { $time } tonight
exception-button-extra = 📅 +{ $extra } today
exception-button-tomorrow-off = 🚫 No computer tomorrow
# HTML.
exception-set-by = ✅ { $parent }: { $what } for { $child }, back to normal when that day ends:
exception-not-set = Nothing changed for { $child } ({ $what }):
exception-active = ⏳ Until its day ends: { $what } ({ $machines })
exception-waiting = ⏳ Over, put back when { $machines } answers: { $what }
exception-ended-kept = ↩ The exception for { $child } on { $machine } ({ $what }) ended. Changed again since, and left as it is now: { $parts }.
exception-ended-failed = ❌ The exception for { $child } on { $machine } ({ $what }) ended, but could not be put back: { $why }. /rules { $childId } shows what it has now.
exception-ended-retrying = ⚠️ The exception for { $child } on { $machine } ({ $what }) ended, but could not be put back yet: { $why }. The bot tries again.

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
failure-helper-outdated = the bot's helper installed there is version { $version }; this needs version { $needed }
failure-helper-outdated-fix = Update it: copy the bot's helper/ folder there again and run setup-computer.sh in it, as root (npm run check prints the exact line).
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
failure-kind-helper-outdated = the bot's helper there is too old
failure-kind-helper-failed = Timekpr-nExT's D-Bus call failed
failure-kind-other = error

## Setup from the chat: the first parent's claim, /join, a group, /computer, /child, /parent, /reload. HTML unless named plain.

# Plain text.
claim-refused = That is not the code.
# Plain text.
claim-not-saved = Sorry, the bot could not save its settings. Look at its log on the computer it runs on, then send the code again.
claim-welcome =
    ✅ You are this bot's parent now. Next:
    1. A child's computer: /computer add desktop 192.168.1.20 (a name for it, and its address in your home network).
    2. Another parent sends me /join; you approve it with a button.
    3. Your family group: add me to it and send /status there.
# Plain text.
join-asked = I asked the parents. You will hear from me when one of them says yes.
# Plain text.
join-is-parent = You are a parent of this bot already.
join-question = 👤 <b>{ $name }</b> (Telegram ID { $userId }) sent /join: make them a parent of this bot? Parents may change every child's time and rules.
join-approve-button = ✅ Make parent
join-refuse-button = No
join-approved = ✅ { $name } is a parent now (approved by { $by }).
join-refused = { $name } was not made a parent ({ $by }).
join-welcome = ✅ You are a parent of this bot now. /status shows the children's time; /help says what else I can do.
chat-question = Use the group “{ $title }” for alerts and requests? Parents can then use the bot there, and low-time alerts and children's requests go there.
# Plain text.
chat-write-me-first = To use me in this group, a parent first writes to me privately (open my profile, Start), then sends /status here again.
chat-used = ✅ “{ $title }” is used now.
chat-not-used = “{ $title }” is not used.
chat-welcome = ✅ I work in this group now: parents can use me here, and alerts and requests come here.
setup-yes = Yes
setup-confirm-yes = Yes, do it
setup-confirm-no = No
setup-question-gone = This question is no longer open.
setup-not-yours = This question is for the parent who asked.
setup-left-as-is = Left as it is.
setup-saved = ✅ Saved.
setup-reloaded = ✅ Read the config again: { $machines ->
        [one] one computer
       *[other] { $machines } computers
    }, { $children ->
        [one] one child
       *[other] { $children } children
    }. The bot goes on with it.
setup-reload-refused =
    ⚠️ The config has problems; the bot goes on with the settings it had:
    <pre>{ $problems }</pre>
setup-would-break =
    ⚠️ Not saved: the config would have problems afterwards (fix them in the file and send /reload):
    <pre>{ $problems }</pre>
setup-not-saved = ⚠️ Not saved: { $problem }
setup-missing = ⚠️ Not saved: “{ $id }” is not in the config (any more).
setup-exists = ⚠️ Not saved: “{ $id }” is in the config already.
computer-usage =
    Add a child's computer: /computer add NAME ADDRESS, e.g. <code>/computer add desktop 192.168.1.20</code> (or desktop.local, or 192.168.1.20:2222 for another SSH port).
    Remove one: /computer remove NAME.
computer-add-privately = Computers are added in a private chat with me: the line to run and the questions that follow are for you, not for the group.
computer-bad-name = “{ $machine }” cannot be a computer's name: letters, digits, “-” or “_”, at most 24.
computer-bad-address = “{ $address }” is not a host name or IP address (with :port when SSH is not on port 22).
computer-exists = There is a computer called { $machine } already, at { $host }. To add it anew: /computer remove { $machine } first.
computer-unknown = There is no computer called “{ $machine }”. The computers: { $machines }.
computer-cannot-serve = ⚠️ The setup line cannot be served: { $problem }
computer-line =
    To set up <b>{ $machine }</b>, paste this line into a terminal on that computer (it asks for that computer's password):

    <code>{ $curl }</code>

    Without curl:
    <code>{ $wget }</code>

    The line works once, for 15 minutes. It installs the bot's small helper and the bot's key, which can run nothing but that helper. I notice when it has run; or tap Done.
computer-done-button = ✅ Done
computer-looking = Looking…
computer-not-yet = { $machine } does not take the bot's key yet. Has the line run there to its end (“done”)? Tap Done again when it has.
computer-unreachable = { $machine } cannot be reached: { $problem }
computer-stopped = Stopped adding { $machine }. It stays in the config: /computer remove { $machine } removes it.
computer-gave-up = The setup line for { $machine } did not run within 15 minutes. For a new one: /computer add { $machine } and its address again.
computer-trust-question =
    🔑 <b>{ $machine }</b> is set up. Before the bot trusts it, compare its fingerprint with what this shows on that computer: <code>ssh-keygen -lf { $file }</code>

    <code>{ $fingerprint }</code>

    Trust this computer?
computer-trust-button = ✅ Trust
computer-trusted = ✅ { $machine } is trusted ({ $fingerprint }). Reading its logins…
computer-not-trusted = { $machine } is not trusted: the bot does not use it. /computer remove { $machine } removes it from the config.
computer-logins-unread = ⚠️ The logins on { $machine } could not be read: { $problem }
computer-no-logins = Timekpr-nExT on { $machine } knows no login that is not set up already. A child's login appears there once the child has logged in once; then add it with /computer add { $machine } and its address again.
login-question = Who is <b>{ $login }</b> on { $machine }?
login-add-child = Add child “{ $name }”
login-same-as = Same as { $child }
login-not-child = Not a child
login-is-child = ✅ { $login } on { $machine } is { $child }'s now. /status shows the time left.
login-not-a-child = { $login } on { $machine }: not a child.
computer-remove-question = Remove the computer <b>{ $machine }</b> from the config, with the children's logins on it? Nothing is changed on the computer itself.
computer-removed = ✅ { $machine } is removed.
child-usage = Rename a child: /child rename ID Name, e.g. <code>/child rename mia Mia Sophie</code>.
setup-child-unknown = There is no child “{ $child }”. The children: { $children }.
child-rename-question = Call <b>{ $child }</b> “{ $name }” from now on?
child-renamed = ✅ { $child } is called { $name } now.
parent-usage = Remove a parent: /parent remove ID. The parents: { $parents }.
parent-unknown = That is not a parent's ID. The parents: { $parents }.
parent-last = The last parent cannot be removed: nobody could use the bot any more.
parent-remove-question = Remove the parent with Telegram ID { $userId }? They can no longer use the bot.
parent-removed = ✅ { $userId } is no longer a parent.
