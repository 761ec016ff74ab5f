# Children's requests (/time, /ask and the parents' answer), /pause and /resume, /history. English.
# Merged into en.ftl when every area has moved its words.

## Names that matched nothing (/add, /pause, /resume, /history, /report). Plain text.

child-unknown = I don't know a child called "{ $name }". Children: { $children }.
child-unknown-machine = { $child } has no computer called "{ $name }". { $child }'s computers: { $machines }.

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
history-mark-done = ✅
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
