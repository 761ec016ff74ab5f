# /report and the weekly digest: the caption (plain text), the chart's words, and /report's usage errors.

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
