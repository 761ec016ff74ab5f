# /report und der Wochenbericht: die Bildunterschrift (reiner Text), die Wörter des Diagramms und was /report auf
# falsche Angaben antwortet.

## Die Bildunterschrift

report-days = { $first } – { $last }
report-heading-this-week = Bildschirmzeit diese Woche ({ $days })
report-heading-this-month = Bildschirmzeit diesen Monat ({ $month }, bis { $day })
report-heading-past-week = Bildschirmzeit in der Woche { $days }
report-heading-past-month = Bildschirmzeit im { $month }
report-nothing-for-child = { $heading }: Für { $child } wurde keine Bildschirmzeit genutzt oder aufgezeichnet. Der Bot zeichnet sie auf, solange er läuft und die Computer abfragt.
report-nothing-for-anyone = { $heading }: Für kein Kind wurde Bildschirmzeit genutzt oder aufgezeichnet. Der Bot zeichnet sie auf, solange er läuft und die Computer abfragt.
report-child-nothing-yet = { $child }: noch keine Bildschirmzeit aufgezeichnet.
report-child-total = { $child }: insgesamt { $total }, im Schnitt { $average } am Tag.
report-child-total-today = { $child }: insgesamt { $total } (heute bis jetzt), im Schnitt { $average } am Tag.
# Ohne Schlusspunkt: die Dauer endet auf „Min.“, dessen Punkt den Satz beendet.
report-longest-day = Längster Tag: { $day }, { $duration }
report-longest-day-computers = Längster Tag: { $day }, { $duration } ({ $computers }).
report-computer-time = { $computer } { $duration }
report-over-limit =
    An { $days ->
        [one] einem Tag
       *[other] { $days } Tagen
    } über dem Tageslimit (mit geschenkter Zeit).
report-parents-changed = Eltern haben die Zeit von { $child } um { $total } geändert ({ $parents }).
report-parent-change = { $parent } { $amount }
report-asked =
    { $count ->
        [one] Einmal
       *[other] { $count }-mal
    } um mehr Zeit gebeten: { $given } bewilligt, { $refused } abgelehnt.
report-asked-unanswered =
    { $count ->
        [one] Einmal
       *[other] { $count }-mal
    } um mehr Zeit gebeten: { $given } bewilligt, { $refused } abgelehnt, { $unanswered } unbeantwortet.
report-chart-not-drawn = (Das Diagramm konnte nicht gezeichnet werden: { $reason })

## Unter den Balken: ein Tag einer Woche (`Mo 30.`)

report-day-label = { $weekday } { $day }.

## Das Diagramm

chart-title-week = Bildschirmzeit, Woche vom { $day }
chart-title-month = Bildschirmzeit, { $month }
chart-subtitle = Genutzte Zeit pro Tag
chart-subtitle-by-computer = Genutzte Zeit pro Tag, nach Computer
chart-so-far = (bis jetzt)
chart-legend-today = heute bis jetzt
chart-legend-limit = Tageslimit
chart-tick-hours-minutes = { $hours }:{ $minutes } h
chart-tick-hours = { $hours } h
chart-tick-minutes = { $minutes } min

## Was /report auf Angaben antwortet, die es nicht versteht

report-usage = So geht's: /report [Kind] [week|month], z. B. /report, /report mia oder /report mia month
