# timekpr-bot: jedes Wort, das jemand liest, auf Deutsch.
#
# Die Schlüssel sind dieselben wie in en.ftl (test/unit/i18n/locales.test.ts prüft das). Alle werden geduzt:
# Eltern wie Kinder. Nachrichten mit HTML dürfen <b>, <i> und <a> enthalten.
# Platzhalter: { $name }.

## Einheiten

duration-hours-minutes = { $hours } Std. { $minutes } Min.
duration-minutes = { $minutes } Min.
minutes-signed = { $sign }{ $minutes } Min.

## Befehlsmenü und /help

command-status = Die Restzeit jedes Kindes, mit Knöpfen
command-add = Zeit geben oder abziehen: /add mia 15 [Computer]
command-pause = Zeit eines Kindes jetzt anhalten, der Rest bleibt: /pause mia [Computer]
command-resume = Die mit /pause angehaltene Zeit zurückgeben: /resume mia
command-rules = Die Hausregeln eines Kindes, mit Wochenbild: /rules mia
command-limit = Zeit pro Tag, Woche oder Monat: /limit mia 2h, /limit mia wochenende 3h
command-hours = Wann der Computer benutzt werden darf: /hours mia 8-20:30
command-days = An welchen Tagen überhaupt: /days mia mo-fr
command-playtime = Zeit für Spiele: /playtime mia an, /playtime mia 45m
command-lockout = Was bei null passiert: /lockout mia sperren
command-profile = Profile (Schule, Ferien…): /profile ferien [Kind]
command-tonight = Heute länger, ab Mitternacht wie sonst: /tonight mia 22:30
command-today = Heutige Zeit, ab Mitternacht wie sonst: /today mia 3h
command-tomorrow = Nur morgen: /tomorrow mia aus, /tomorrow mia 1h
command-history = Änderungen und Warnungen von heute: /history [Kind] [Tage]
command-report = Ein Diagramm der Bildschirmzeit: /report [Kind] [week|month]
command-computer = Computer eines Kindes hinzufügen oder entfernen: /computer add desktop 192.168.1.20
command-reload = config.yaml nach dem Bearbeiten neu lesen
command-cancel = Ein schrittweises /add abbrechen
command-help = Was dieser Bot kann

help =
    <b>timekpr-bot</b> zeigt und ändert die Bildschirmzeit eurer Kinder (Timekpr-nExT).

    /status: die Restzeit jedes Kindes auf jedem Computer, mit Knöpfen, um Zeit zu geben oder abzuziehen.
    /add mia 15: 15 Minuten mehr für Mia auf all ihren Computern. /add mia -10 desktop: 10 Minuten weniger, nur auf desktop.
    /add: dasselbe Schritt für Schritt mit Knöpfen.
    /cancel: ein schrittweises /add abbrechen.
    /pause mia: Mias Zeit auf all ihren Computern jetzt anhalten (nach deiner Bestätigung); die Restzeit bleibt. /resume mia gibt sie zurück. Eine Pause endet von selbst um Mitternacht.
    /history: die Änderungen und Warnungen von heute, die neuesten zuerst. /history mia 3: Mias, für die letzten 3 Tage.
    /report: ein Diagramm der Bildschirmzeit dieser Woche pro Tag und Computer, mit den Summen und der geschenkten Zeit. /report mia month: Mias, für diesen Monat.

    <b>Hausregeln</b> (auf allen Computern eines Kindes; der Name eines Computers am Ende ändert nur diesen):
    /rules mia: Mias Woche als Bild und in Worten, mit Knöpfen für die heutige Zeit, PlayTime und was bei null passiert.
    /limit mia 2h, /limit mia werktags 1h30 wochenende 3h, /limit mia woche 10h, /limit mia monat aus: wie lange.
    /hours mia 8:00-20:30, /hours mia sa,so 9-22, /hours mia mo-fr 15-20:30 16-17 frei: wann (freie Zeit zählt nicht).
    /days mia mo-fr: an welchen Tagen überhaupt.
    /playtime mia an, /playtime mia 45m, /playtime mia spiele minecraft[Minecraft]: Zeit für Spiele, und welche Spiele zählen.
    /lockout mia sperren (oder ruhezustand, abmelden, herunterfahren, suspendwake 7-18): was passiert, wenn die Zeit um ist.
    Geschrieben wird nur, was sich unterscheidet (jede Änderung zeigt dem Kind einen Hinweis); jede Änderung hat ↩ Rückgängig, am selben Tag.

    <b>Profile und Ausnahmen</b>:
    /profile: die Profile aus config.yaml (Schule, Ferien…) und wer welchem folgt, mit Knöpfen. /profile ferien: für alle, für die es gilt; /profile ferien mia: nur für Mia.
    /tonight mia 22:30: heute erlaubt bis 22:30. /today mia 3h: die heutige Zeit. /tomorrow mia aus: morgen kein Computer; /tomorrow mia 1h. Jede Ausnahme endet von selbst, wenn ihr Tag vorbei ist.
    <b>Einrichten</b> (Eltern):
    /computer add desktop 192.168.1.20: einen Computer eines Kindes hinzufügen (du bekommst eine Zeile, die du dort einfügst). /computer remove desktop.
    /child rename mia Mia Sophie: der Name eines Kindes. /parent remove ID: ein Elternteil (nie das letzte). Ein weiteres Elternteil schickt mir /join.
    /reload: config.yaml neu lesen, nachdem du sie bearbeitet hast (eine Datei mit Fehlern wird abgelehnt, und der Bot macht weiter wie bisher).
    /help: dieser Text.

    Kinder, deren Telegram-IDs in der Konfiguration stehen, können /time (ihre eigene Restzeit) und /ask 30 Hausaufgaben (um 30 Minuten bitten) verwenden. Ihre Bitte kommt mit Knöpfen hierher: Wer von euch zuerst antwortet, entscheidet, und das Kind erfährt es.

    Die Zeiten sind, was der Computer nach der Änderung meldet. Timekpr-nExT gibt nie Zeit über Mitternacht oder über die erlaubten Stunden hinaus; spät am Abend ändert mehr Zeit darum oft wenig.

## Kurze Antworten: Ablehnungen, Hinweise unter Knöpfen

refused-no-sender = Tut mir leid, dieser Bot antwortet nur Eltern, die er kennt.
refused-not-a-parent = Tut mir leid, nur die für diesen Bot eingerichteten Eltern können ihn benutzen. Deine Telegram-Benutzer-ID ist { $userId }.
refused-chat-not-allowed = Dieser Chat ist für den Bot nicht eingerichtet. Um ihn hier zu nutzen, trage { $chatId } unter telegram.chats in der Konfiguration ein.
button-out-of-date = Dieser Knopf ist veraltet. Mit /status gibt es neue.
button-amount-not-offered = Diese Zeitspanne wird nicht mehr angeboten. Mit /status gibt es neue Knöpfe.
button-invalid = Dieser Knopf ist ungültig.
button-message-gone = Diese Nachricht ist zu alt. Nutze /status.
apology = Tut mir leid, da ist etwas schiefgegangen. Bitte versuch es noch einmal.
nothing-to-cancel = Es gibt nichts abzubrechen.
guided-not-yours = Dieses schrittweise /add gehört nicht dir oder ist schon beendet. Starte dein eigenes mit /add.
label-tapped = Tippe auf eine Zeitspanne in der Reihe darunter.
refreshing = Wird aktualisiert…
letting-it-end = Die Zeit läuft ab.
changing = { $amount }…
changing-for = { $amount } für { $child } auf { $machine }…
announcement = 📣 { $line }

## Schrittweises /add (HTML)

guided-which-child = Wessen Zeit möchtest du ändern?
guided-which-machine = Welcher Computer von <b>{ $child }</b>?
guided-on-machine = auf { $machine }
guided-on-all = auf allen Computern
guided-how-much = Wie viel für <b>{ $child }</b> { $where }? (Minuten)
guided-waiting = Wie viel für <b>{ $child }</b> { $where }? Ich warte auf die Minutenzahl…
guided-mention = <a href="tg://user?id={ $userId }">{ $name }</a>,{" "}
guided-ask-minutes = { $mention }antworte mit der Zahl der Minuten, z. B. 20 oder -10.
guided-ask-again = { $mention }{ $error } Antworte mit einer Zahl wie 20 oder -10, oder sende /cancel.
guided-placeholder = Minuten, z. B. 20 oder -10
guided-applying = { $amount } für <b>{ $child }</b> { $where }…
guided-cancelled = Abgebrochen: Es wurde nichts geändert.
guided-button-all = Alle
guided-button-other = Andere…
button-cancel = Abbrechen

## /add: was nicht verstanden wurde (reiner Text)

add-usage = So geht's: /add <Kind> <Minuten> [Computer] [play], z. B. /add mia 15, /add mia -10 desktop, oder /add mia 15 play für PlayTime
add-not-whole-minutes = „{ $text }“ ist keine ganze Zahl von Minuten.
add-zero-minutes = 0 Minuten würden nichts ändern.
add-too-many-minutes = Höchstens { $max } Minuten (ein Tag) auf einmal.

## Namen, zu denen nichts passt (/add, /pause, /resume, /history, /report). Nur Text.

child-unknown = Ein Kind namens „{ $name }“ kenne ich nicht. Kinder: { $children }.
child-unknown-machine = { $child } hat keinen Computer namens „{ $name }“. Computer von { $child }: { $machines }.

## Knöpfe unter /status und Warnungen

button-pause = ⏸ { $child } anhalten
button-resume = ▶ { $child } fortsetzen
button-refresh = 🔄 Aktualisieren
button-let-it-end = Ablaufen lassen

## /status (HTML)

status-playtime = 🎮 noch { $left } PlayTime
status-line-logged-in = { $machine }: noch <b>{ $left }</b> · angemeldet · heute { $used } genutzt{ $paused }
status-line = { $machine }: noch <b>{ $left }</b> · nicht angemeldet · heute { $used } genutzt{ $paused }
status-separator = {" "}· { $text }
status-failed = { $machine }: ⚠️ { $reason }
status-off = { $machine }: { $since }
status-off-since = 💤 aus seit { $time }
status-off-since-with = 💤 aus seit { $time } ({ $names } { $count ->
    [one] war
   *[other] waren
} angemeldet)
status-not-seen-since = 💤 nicht gesehen seit { $day }

## Eine Zeitänderung und wie sie ausging (HTML)

change-what = { $amount } für { $child } auf { $machine } von { $by }
change-what-play = { $amount } PlayTime für { $child } auf { $machine } von { $by }
change-unknown = ❓ { $what }: unklar, ob es angekommen ist ({ $reason }). Die Zeit wird unten neu gelesen.
change-failed = ❌ { $what } hat nicht geklappt: { $reason }
change-not-read = ✅ { $what }, aber die neue Zeit ließ sich nicht lesen ({ $reason })
change-capped = ⚠️ { $what }: noch { $left }. Timekpr-nExT begrenzt das auf die erlaubten Stunden und Mitternacht, darum zeigt sich die Änderung nur zum Teil oder gar nicht.
change-applied = ✅ { $what }: noch { $left }
change-applied-play = 🎮 { $what }: noch { $left } PlayTime
change-repeat-applied = ↩️ Schon erledigt, nicht wiederholt: { $what }: damals noch { $left }
change-repeat-not-read = ↩️ Schon erledigt, nicht wiederholt: { $what }
change-repeat-failed = ↩️ Schon versucht, nicht wiederholt: { $what } hat nicht geklappt ({ $reason })
change-repeat-unknown = ↩️ Nicht wiederholt: { $what }. Ob es angekommen ist, ist unklar (der Bot wurde beendet oder verlor die Verbindung, während es lief). Die Zeit wird unten neu gelesen.
change-reread = { $child } hat auf { $machine } jetzt noch { $left }.
change-reread-no-account = { $child } hat auf { $machine } kein Konto mehr.
change-reread-failed = Die Zeit von { $child } auf { $machine } lässt sich gerade nicht lesen ({ $reason }); schau später mit /status.
change-interrupted = ❓ Der Bot wurde beendet, während er { $what } anwendete: ob es angekommen ist, ist unklar. { $reread }

## Änderungen, die für einen ausgeschalteten Computer aufgehoben werden (HTML)

kept-what-rules = die Änderung der Hausregeln von { $child }
kept-what-pause = { $child } anhalten
kept-what-time = { $amount } für { $child }
kept-the-pause-of = die Pause von { $child }
kept-line-pause = 💤 { $machine } ist aus: { $child } wird dort angehalten, sobald er wieder an ist (heute)
kept-line-rules = 💤 { $machine } ist aus: die Änderung der Hausregeln von { $child } wird gemacht, sobald er wieder an ist
kept-line-exception = 💤 { $machine } ist aus: die Ausnahme für { $child } wird gemacht, sobald er wieder an ist (bis ihr Tag vorbei ist)
kept-line-time = 💤 { $machine } ist aus: { $amount } für { $child } gibt es, sobald er wieder an ist (heute)
kept-cancel-pause = Pause auf { $machine } abbrechen
kept-cancel-rules = Regeländerung auf { $machine } abbrechen
kept-cancel-time = { $amount } auf { $machine } abbrechen
kept-cancelled = ✖️ { $by } hat { $what } auf { $machine } abgebrochen: es passiert nicht.
kept-gone-toast = Nichts abzubrechen: Es wurde schon gegeben, abgebrochen oder verworfen.
kept-cancelled-toast = Abgebrochen.
kept-given = { $amount } { $taken ->
    [taken] weniger für
   *[given] mehr für
} { $child }
kept-asked-by = {" "}(von { $by } um { $time })
kept-back-failed = ❌ { $machine } ist wieder an, aber { $amount } für { $child } hat nicht geklappt: { $why }{ $by }
kept-back-unknown = ❓ { $machine } ist wieder an: unklar, ob { $child } { $amount } { $taken ->
    [taken] abgezogen
   *[given] bekommen
} hat ({ $why }){ $by }. { $reread }
kept-back-not-read = ✅ { $machine } ist wieder an: { $given }{ $by }; die neue Zeit ließ sich nicht lesen (/status zeigt sie)
kept-back-capped = ⚠️ { $machine } ist wieder an: { $given }, noch { $left }{ $by }. Timekpr-nExT begrenzt das auf die erlaubten Stunden und Mitternacht.
kept-back = ✅ { $machine } ist wieder an: { $given }, noch { $left }{ $by }
kept-rules-back = { $machine } ist wieder an: { $outcome }
kept-dropped = 💤 { $machine } blieb aus: { $what } ist nicht passiert (der Tag ist vorbei; es gelten die Grenzen von heute).
kept-waiting = 💤 wartet: { $what } ({ $by }, { $time })
kept-by-config = die Konfiguration (dieses Konto gibt es nicht mehr)
kept-pause-back = { $machine } ist wieder an: { $lines }

## Warnungen an die Eltern, wenn die Zeit knapp wird (HTML)

alert-low = ⏳ { $child } hat auf { $machine } noch { $minutes } Min.
alert-up = ⌛ Die Zeit von { $child } auf { $machine } ist um
alert-dismissed =
    { $alert }
    { $parent } lässt sie ablaufen.

## Was ein Kind liest: /time, die Antworten auf /ask, die Warnung vor dem Ende. Nur Text, außer wo HTML steht.

# HTML. $login ist `in` oder `out`.
child-time-title = <b>Deine Zeit heute</b>
child-time-line = { $machine }: noch <b>{ $left }</b> · { $login ->
        [in] angemeldet
       *[out] nicht angemeldet
    } · heute { $used } genutzt
child-time-problem = { $machine }: ⚠️ { $problem }
child-ask-prompt = Um wie viel mehr Zeit möchtest du deine Eltern bitten?
child-ask-button = { $minutes } Min.
child-only-parents = Das können nur deine Eltern. Mit /time siehst du deine Zeit, mit /ask bittest du um mehr.
child-only-parents-toast = Das können nur deine Eltern.
child-slow-down = Nicht so schnell: In einer Minute höre ich wieder zu.
child-warning-up = ⌛ Deine Zeit auf { $machine } ist um.
child-warning-low = ⏳ Du hast auf { $machine } noch { $minutes } Min.

ask-sent = 🙋 Ich habe deine Eltern um { $minutes } Min. gebeten. Ihre Antwort sage ich dir hier.
ask-not-delivered = Ich erreiche deine Eltern gerade nicht. Versuch es gleich noch mal.
ask-disabled = Um mehr Zeit bitten ist ausgeschaltet.
ask-already-open = Du hast um { $time } schon um { $minutes } Min. gebeten: Warte auf die Antwort.
ask-cooldown = Deine Eltern haben gerade Nein gesagt. Ab { $time } kannst du wieder fragen.
ask-no-minutes = Sag zuerst, wie viele Minuten, etwa: /ask 30 Hausaufgaben
ask-bad-minutes = Du kannst um 1 bis { $max } Minuten auf einmal bitten.
ask-reason-too-long = Fass den Grund kurz: höchstens { $max } Zeichen.

# Wie die Bitte ausging, für das Kind. $where ist ask-on-machine oder ask-on-all.
ask-told-expired = ⌛ Auf deine Bitte um { $minutes } Min. hat niemand geantwortet. Du kannst noch mal fragen.
ask-told-denied = ❌ { $parent } hat Nein gesagt.
ask-told-denied-until = ❌ { $parent } hat Nein gesagt. Ab { $time } kannst du wieder fragen.
ask-told-given = ✅ { $parent } hat dir { $minutes } Min. { $where } gegeben.
ask-told-given-left = ✅ { $parent } hat dir { $minutes } Min. { $where } gegeben: noch { $left }
ask-told-unsure = ❓ { $parent } hat dir { $minutes } Min. { $where } gegeben, aber der Computer hat es nicht bestätigt. Schau mit /time nach.

## Die Bitte eines Kindes, wie die Eltern sie sehen, mit Knöpfen und Ausgang. HTML.

ask-headline = 🙋 { $child } bittet um { $minutes } Min.
ask-headline-reason = 🙋 { $child } bittet um { $minutes } Min. ({ $reason })
ask-request-on = { $headline } · noch { $left } auf { $machine }, angemeldet
# $login ist `in` oder `out`.
ask-machine-state = { $machine }: noch { $left }, { $login ->
        [in] angemeldet
       *[out] nicht angemeldet
    }
ask-machine-problem = { $machine }: ⚠️ { $problem }
ask-pick-not-logged-in = Nirgends angemeldet: Wähl den Computer.
ask-pick-several = Auf mehreren Computern angemeldet: Wähl einen.
ask-button-all = alle +{ $minutes }
ask-button-no = Nein
ask-on-machine = auf { $machine }
ask-on-all = auf allen Computern
ask-waiting = ⏳ wartet auf Antwort
ask-expired = ⌛ Niemand hat rechtzeitig geantwortet.
ask-denied = ❌ { $parent } hat Nein gesagt.
ask-given = ✅ { $parent } hat { $child } { $minutes } Min. { $where } gegeben.
ask-given-left = ✅ { $parent } hat { $child } { $minutes } Min. { $where } gegeben: noch { $left }
ask-given-unsure = ❓ { $parent } hat { $child } { $minutes } Min. { $where } gegeben, aber ob es geklappt hat, ist unklar ({ $problem }).
ask-retry = ⚠️ { $parent } wollte Zeit geben, aber: { $problem }. Versuch es noch mal oder antworte mit Nein.
ask-retry-did-not-work = ⚠️ { $parent } wollte Zeit geben, aber es hat nicht geklappt. Versuch es noch mal oder antworte mit Nein.

# Kurze Hinweise unter den Knöpfen der Bitte.
ask-already-answered = { $parent } hat schon geantwortet.
ask-expired-toast = Diese Bitte ist abgelaufen.
ask-giving = Zeit wird gegeben…
ask-tap-handled = Schon erledigt: Die Bitte zeigt, was daraus wurde.
ask-denied-toast = Das Kind bekommt Bescheid.
ask-not-offered = Diese Menge wird nicht angeboten.
ask-unknown = Diese Bitte kenne ich nicht (mehr).

## /pause und /resume. HTML, außer wo „Nur Text“ steht.

pause-question = ⏸ { $child } auf { $machines } jetzt anhalten? Die restliche Zeit bleibt erhalten, /resume gibt sie zurück.
pause-button-confirm = Anhalten
pause-not-yours = Das kann nur bestätigen, wer gefragt hat.
pause-expired = Diese Frage ist abgelaufen: Schick /pause noch mal.
pause-cancelled = Nicht angehalten.
pause-tap-handled = Schon erledigt.
pause-pausing = Wird angehalten…
pause-resuming = Pause wird beendet…
# Nur Text.
pause-usage = So geht's: /pause <Kind> [Computer], z. B. /pause mia oder /pause mia desktop
pause-resume-usage = So geht's: /resume <Kind> [Computer], z. B. /resume mia

pause-paused = ⏸ { $parent } hat { $child } auf { $machine } angehalten: { $kept } bleiben erhalten
pause-already = ⏸ { $child } ist auf { $machine } schon angehalten (von { $parent } um { $time })
pause-failed = ❌ { $child } auf { $machine }: nicht angehalten ({ $problem })
pause-failed-maybe = ❓ { $child } auf { $machine }: unklar, ob angehalten wurde ({ $problem }); /status zeigt die Zeit jetzt
pause-raced = ❌ { $child } auf { $machine }: nicht angehalten (versuch es noch mal)
pause-kept-cancelled-while-applied = ▶ { $child } auf { $machine }: nicht angehalten (die Pause wurde abgebrochen)

pause-not-paused = { $child } ist nicht angehalten.
pause-resumed = ▶ { $parent } hat die Pause von { $child } auf { $machine } beendet
pause-resumed-left = ▶ { $parent } hat die Pause von { $child } auf { $machine } beendet: noch { $left }
pause-resumed-capped = ▶ { $parent } hat die Pause von { $child } auf { $machine } beendet: noch { $left } (⚠️ durch die Uhrzeit begrenzt)
pause-kept-cancelled = ▶ { $child } war auf { $machine } noch nicht angehalten (er ist aus): Die wartende Pause ist abgebrochen
pause-resume-failed = ❌ { $child } auf { $machine }: noch angehalten ({ $problem }); versuch /resume noch mal
pause-resume-maybe = ❓ { $child } auf { $machine }: unklar, ob die Zeit zurückgegeben wurde ({ $problem }); /status zeigt sie

# In /status, nach der Zeile eines angehaltenen Computers.
pause-note = ⏸ angehalten von { $parent } um { $time } ({ $kept } bleiben erhalten)
pause-ended = ⏸ Die Pause von { $child } auf { $machine } endete mit dem Tag; es gelten die Grenzen von heute.

## /history. HTML, außer wo „Nur Text“ steht.

history-title-today = <b>Verlauf heute</b>
history-title-days = <b>Verlauf: letzte { $days } Tage</b>
history-title-child-today = <b>Verlauf von { $child } heute</b>
history-title-child-days = <b>Verlauf von { $child }: letzte { $days } Tage</b>
history-nothing-today = Heute ist nichts passiert.
history-nothing-days = In den letzten { $days } Tagen ist nichts passiert.
history-nothing-child-today = Bei { $child } ist heute nichts passiert.
history-nothing-child-days = Bei { $child } ist in den letzten { $days } Tagen nichts passiert.
history-more = … und { $count } frühere
history-change = { $parent }: { $amount } für { $child } auf { $machine } { $mark }
history-change-left = { $parent }: { $amount } für { $child } auf { $machine } { $mark }, noch { $left }
history-play = { $parent }: { $amount } PlayTime für { $child } auf { $machine } { $mark }
history-play-left = { $parent }: { $amount } PlayTime für { $child } auf { $machine } { $mark }, noch { $left } PlayTime
history-mark-done = ✅
history-mark-partly = ⚠️ teilweise
history-rules = { $parent }: Hausregeln von { $child } auf { $machine } ({ $what }) { $mark }
history-rules-undo = { $parent }: ↩ Änderung der Hausregeln von { $child } auf { $machine } zurückgenommen ({ $what }) { $mark }
history-rules-undone = (zurückgenommen)
history-mark-capped = ⚠️ begrenzt
history-mark-failed = ❌ fehlgeschlagen
history-mark-unknown = ❓ unklar
history-alert-up = ⌛ Die Zeit von { $child } auf { $machine } war um
history-alert-low = ⏳ Warnung: { $child } hatte auf { $machine } noch { $minutes } Min.
history-ask = 🙋 { $child } hat um { $minutes } Min. gebeten: { $outcome }
history-ask-reason = 🙋 { $child } hat um { $minutes } Min. gebeten ({ $reason }): { $outcome }
# Nur Text.
history-usage = So geht's: /history [Kind] [Tage], z. B. /history mia 3
history-bad-days = Tage müssen zwischen 1 und { $max } liegen.

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

## Hausregeln: /rules, /limit, /hours, /days, /playtime, /lockout. HTML, außer wo „Nur Text“ steht.

rules-day-1 = Mo
rules-day-2 = Di
rules-day-3 = Mi
rules-day-4 = Do
rules-day-5 = Fr
rules-day-6 = Sa
rules-day-7 = So
rules-every-day = jeden Tag
rules-no-day = kein Tag
rules-no-limit = ohne Grenze
rules-all-day = ganztägig
rules-free-mark = ∞ frei
rules-label-days = Erlaubte Tage
rules-label-limits = Zeit pro Tag
rules-label-hours = Erlaubte Zeiten
rules-label-week = Woche und Monat
rules-label-lockout = Bei null
rules-label-playtime = PlayTime
rules-week-limit = { $limit } pro Woche
rules-month-limit = { $limit } pro Monat
rules-lockout-lock = Bildschirm sperren
rules-lockout-suspend = Ruhezustand
rules-lockout-suspendwake = Ruhezustand, später aufwachen
rules-lockout-suspendwake-hours = Ruhezustand, Aufwachen { $from }–{ $to } Uhr
rules-lockout-terminate = abmelden
rules-lockout-shutdown = herunterfahren
rules-playtime-off = aus
rules-playtime-on = an: { $limits }; heute noch { $left }; zählt { $games }
rules-playtime-no-games = noch keine Spiele (/playtime … games)
rules-title = 📋 <b>Hausregeln von { $child }</b>
rules-on-machines = Auf { $machines }; wo sie sich unterscheiden, steht jeder einzeln.
rules-differ = unterschiedlich:
rules-not-read = ❌ { $machine }: nicht lesbar: { $why }
rules-commands-hint = Ändern: /limit { $child } 2h · /hours { $child } 8-20 · /days { $child } mo-fr · /playtime { $child } an · /lockout { $child } sperren
rules-picture-title = { $child } – Hausregeln
rules-picture-title-machine = { $child } – Hausregeln ({ $machine })
rules-picture-allowed = erlaubt
rules-picture-free = frei (zählt nicht)
rules-picture-not-allowed = nicht erlaubt
rules-problem-days-not-allowed = { $days } dort nicht erlaubt: erst mit /days erlauben
rules-problem-playtime-days-not-allowed = dort keine PlayTime am { $days }
rules-problem-today-not-allowed = heute ist dort kein erlaubter Tag, es gibt keine Zeit zu verschieben
rules-problem-intervals-share-hour = zwei Zeiträume treffen sich in der Stunde { $hour }:00; Timekpr-nExT kennt nur einen Zeitraum pro Stunde
rules-changed-by = ✅ { $parent } hat die Hausregeln von { $child } geändert:
rules-undone-by = ↩ { $parent } hat die Änderung der Hausregeln von { $child } zurückgenommen:
rules-nothing-changed = Für { $child } hat sich nichts geändert:
rules-outcome-changed = • { $machine }: { $lines }
rules-outcome-not-read = • { $machine }: geändert; die neuen Regeln ließen sich nicht lesen (/rules zeigt sie)
rules-outcome-already = • { $machine }: ist schon so, nichts geschrieben
rules-outcome-refused = • { $machine }: nicht geändert: { $why }
rules-outcome-partly = ⚠️ { $machine }: nur { $written } geschrieben, dann schlug es fehl: { $why }
rules-outcome-failed = ❌ { $machine }: nicht geändert: { $why }
rules-outcome-unknown = ❓ { $machine }: unklar, ob es sich geändert hat: { $why }
rules-button-undo = ↩ Rückgängig
rules-button-today-less = −30 Min. heute
rules-button-today-more = +30 Min. heute
rules-button-playtime-on = 🎮 PlayTime an
rules-button-playtime-off = 🎮 PlayTime aus
rules-interrupted = ❓ Der Bot hat angehalten, während er die Hausregeln von { $child } auf { $machine } geändert hat (von { $parent }): ob es geschehen ist, ist unklar. /rules { $childId } zeigt, was der Computer jetzt hat.
rules-repeat = ↩️ Schon erledigt, nicht wiederholt: /history zeigt, was es geändert hat.
rules-changing-toast = Ändere die Hausregeln von { $child }…
rules-undo-toast = Nehme zurück…
rules-undo-nothing-toast = Nichts zurückzunehmen: schon zurückgenommen, oder von einem anderen Tag.
rules-undo-kept-cancelled = 💤 { $machine }: die Änderung, die noch darauf wartet, ist abgesagt
rules-undo-again = Tippe noch einmal auf ↩ Rückgängig, wenn der Computer an ist: Dort wurde nichts zurückgenommen.
rules-usage = So geht's: /rules mia, oder /rules mia desktop für einen Computer.
rules-usage-limit = So geht's: /limit mia 2h (jeder erlaubte Tag), /limit mia werktags 1h30 wochenende 3h, /limit mia sa 4h, /limit mia woche 10h, /limit mia monat aus. Der Name eines Computers am Ende ändert nur diesen.
rules-usage-hours = So geht's: /hours mia 8:00-20:30 (jeden Tag), /hours mia sa,so 9-22, /hours mia mo 7-8 16-20, /hours mia mo-fr 15-20:30 16-17 frei (16–17 zählt nicht).
rules-usage-days = So geht's: /days mia mo-fr (die Tage, an denen der Computer überhaupt erlaubt ist), /days mia alle.
rules-usage-playtime = So geht's: /playtime mia an|aus, /playtime mia 45m (pro Tag), /playtime mia wochenende 2h, /playtime mia spiele minecraft[Minecraft] steam[Steam], /playtime mia spiele keine.
rules-usage-lockout = So geht's: /lockout mia sperren|ruhezustand|abmelden|herunterfahren, oder /lockout mia suspendwake 7-18 (Aufwachen zwischen 7 und 18 Uhr).
rules-problem-unknown-day = „{ $text }“ ist kein Tag: schreib mo, di … so, mo-fr, werktags, wochenende oder alle.
rules-problem-wrapping-day-range = „{ $text }“ geht über Sonntag hinaus: schreib es in zwei Teilen, etwa fr-so,mo.
rules-problem-no-days = Nenne mindestens einen Tag, etwa mo-fr.
rules-problem-not-duration = „{ $text }“ ist keine Zeitdauer: schreib sie wie 2h, 1h30, 45m oder 0.
rules-problem-duration-without-unit = „{ $text }“ braucht eine Einheit: 2h oder 2m?
rules-problem-not-whole-minutes = „{ $text }“ sind keine ganzen Minuten.
rules-problem-duration-too-long = „{ $text }“ ist mehr als { $max }.
rules-problem-bad-time-range = „{ $text }“ ist kein Zeitraum: schreib ihn wie 8:00-20:30 oder 9-22.
rules-problem-bad-time = „{ $text }“ ist keine Uhrzeit: Stunden 0–23 (24 nur als Ende), Minuten 00–59.
rules-problem-end-not-after-start = „{ $text }“ endet, bevor es beginnt: ein Zeitraum kann nicht über Mitternacht gehen (Abend und Morgen an ihren Tagen angeben).
rules-problem-overlapping-intervals = „{ $first }“ und „{ $second }“ überschneiden sich: gib jede Zeit nur einmal an.

rules-problem-bad-activity = „{ $text }“ ist kein Spiel: schreib maske[Name], etwa minecraft[Minecraft].
rules-problem-bad-activity-mask = „{ $text }“ taugt nicht als Prozessmaske: nur Buchstaben, Ziffern und . _ * + ? ^ -, höchstens 64.
rules-problem-bad-activity-description = „{ $text }“ taugt nicht als Name eines Spiels: nur Buchstaben, Ziffern, Leerzeichen und . _ : ! ' & + -, höchstens 64.
rules-problem-activity-needs-description = Gib { $mask } einen Namen zum Anzeigen, etwa { $mask }[Steam].
rules-problem-duplicate-activity = { $mask } steht doppelt da.
rules-problem-too-many-activities = { $count } Spiele sind zu viele: höchstens { $max }.
rules-problem-no-activities = Nenne mindestens ein Spiel, oder „keine“.
rules-problem-unknown-lockout = „{ $text }“ kann bei null nicht passieren: sperren, ruhezustand, suspendwake, abmelden oder herunterfahren.
rules-problem-bad-wake-hours = „{ $text }“ sind keine Aufwachzeiten: ganze Stunden 0–23, die erste nicht nach der zweiten, etwa 7-18.
rules-problem-wake-hours-need-suspendwake = Aufwachzeiten gehören nur zu suspendwake, nicht zu { $type }.

## Profile: /profile, wo ein Computer vom Profil seines Kindes abweicht. HTML, außer wo „Nur Text“ steht.

profile-list-title = 🗂 <b>Profile</b>
profile-list-line = • <b>{ $profile }</b>: es folgen { $followers }
profile-list-line-for = • <b>{ $profile }</b> (für { $children }): es folgen { $followers }
profile-list-nobody = niemand
profile-list-hint = Wechseln: /profile { $profile } (für alle, für die es gilt) oder /profile { $profile } { $child }. Geschrieben wird nur, was sich unterscheidet; ↩ Rückgängig nimmt es am selben Tag zurück.
profile-list-none = Es gibt noch keine Profile: Schreib sie unter profiles: in config.yaml (siehe README, „Profiles and exceptions“).
# Nur Text (Knöpfe und Hinweise).
profile-button-all = { $profile } → alle
profile-button-child = { $profile } → { $child }
profile-button-apply = ✔ „{ $profile }“ auf { $machine } anwenden
profile-button-keep = { $machine } so lassen
profile-switching-toast = Wechsle zu „{ $profile }“…
profile-none-toast = { $child } folgt keinem Profil mehr.
profile-keeping-toast = { $machine } bleibt, wie er ist…
# Nur Text.
profile-unknown = Es gibt kein Profil „{ $name }“. /profile listet sie auf.
profile-not-for-child = „{ $profile }“ gilt nicht für { $child } (siehe seine children: in config.yaml).
profile-switched-by = ✅ { $parent } hat { $child } auf „{ $profile }“ umgestellt:
profile-switched-already = ✅ { $parent } hat { $child } auf „{ $profile }“ umgestellt: Die Computer hatten seine Regeln schon, nichts geschrieben.
profile-undone = ↩ { $parent } hat den Wechsel zurückgenommen: { $child } folgt wieder „{ $profile }“.
profile-undone-none = ↩ { $parent } hat den Wechsel zurückgenommen: { $child } folgt wieder keinem Profil.
profile-follows = 🗂 Folgt <b>{ $profile }</b>.
profile-follows-changed = 🗂 Folgt <b>{ $profile }</b>, hier geändert: { $changes }.
profile-differs = ⚠️ { $machine } weicht von „{ $profile }“ ab: { $differences }.
profile-differs-waiting = ⏳ { $machine } weicht von „{ $profile }“ ab, bis eine wartende Änderung gemacht ist: { $differences }.
profile-does-not-fit = ⚠️ „{ $profile }“ passt nicht zu { $machine }: { $why }.
profile-notice = ⚠️ { $machine } von { $child } weicht von „{ $profile }“ ab, nicht über den Bot: { $differences }. Wende das Profil dort an, oder lass es so (/rules { $childId } zeigt alles).
profile-notice-waiting = ⏳ { $machine } von { $child } weicht von „{ $profile }“ ab; eine Änderung dafür wartet noch: { $differences }.
profile-kept = 👍 { $parent } lässt { $machine } von { $child }, wie er ist; diese Abweichungen von „{ $profile }“ werden nicht noch einmal gemeldet.
profile-keep-failed = ❌ { $machine } konnte nicht gelesen werden, darum wurde nichts behalten: { $why }
# Nur Text: eine Abweichung, zuerst der Wert des Computers.
profile-difference = { $actual } (Profil: { $profile })
profile-diff-day = { $day } { $value }
profile-diff-hours = { $day } Zeiten { $value }
profile-diff-week = Woche { $value }
profile-diff-month = Monat { $value }
profile-diff-lockout = bei null: { $value }
profile-diff-playtime = PlayTime { $value }
profile-diff-playtime-limit = { $day } PlayTime { $value }
profile-diff-games = Spiele: { $value }
profile-value-not-allowed = nicht erlaubt
profile-value-off = aus
profile-value-on = an
profile-value-none = keine

## Ausnahmen, die von selbst enden: /tonight, /today, /tomorrow. HTML, außer wo „Nur Text“ steht.

# Nur Text.
exception-usage-tonight = So geht's: /tonight mia 22:30: heute erlaubt bis 22:30, ab Mitternacht wie sonst. Der Name eines Computers am Ende ändert nur diesen.
exception-usage-today = So geht's: /today mia 3h (die heutige Zeit) oder /today mia aus (heute kein Computer mehr). Ab Mitternacht wie sonst.
exception-usage-tomorrow = So geht's: /tomorrow mia aus (morgen kein Computer) oder /tomorrow mia 1h (die Zeit für morgen). In der Nacht danach wieder wie sonst.
exception-day-today = heute
exception-day-tomorrow = morgen
exception-day-on = am { $day }
exception-what-tonight = heute erlaubt bis { $time }
exception-what-until = erlaubt bis { $time } { $day }
exception-what-limit = { $limit } { $day }
exception-what-extra = { $extra } mehr { $day }
exception-what-off = { $day } kein Computer
exception-what-unknown = eine Ausnahme
exception-part-day = die Zeit des Tages
exception-part-hours = die erlaubten Zeiten
exception-unreadable = sie wurde von einer anderen Version des Bots geschrieben und ist nicht lesbar
exception-button-tonight = 🌙 Heute bis { $time }
exception-button-extra = 📅 +{ $extra } heute
exception-button-tomorrow-off = 🚫 Morgen kein Computer
# HTML.
exception-set-by = ✅ { $parent }: { $what } für { $child }, wieder wie sonst, wenn der Tag vorbei ist:
exception-not-set = Für { $child } hat sich nichts geändert ({ $what }):
exception-active = ⏳ Bis der Tag vorbei ist: { $what } ({ $machines })
exception-waiting = ⏳ Vorbei, wird zurückgesetzt, sobald { $machines } antwortet: { $what }
exception-ended-kept = ↩ Die Ausnahme für { $child } auf { $machine } ({ $what }) ist vorbei. Seitdem wieder geändert und so gelassen, wie es jetzt ist: { $parts }.
exception-ended-failed = ❌ Die Ausnahme für { $child } auf { $machine } ({ $what }) ist vorbei, konnte aber nicht zurückgesetzt werden: { $why }. /rules { $childId } zeigt, was er jetzt hat.
exception-ended-retrying = ⚠️ Die Ausnahme für { $child } auf { $machine } ({ $what }) ist vorbei, konnte aber noch nicht zurückgesetzt werden: { $why }. Der Bot versucht es weiter.

## Was auf einem Computer schiefging: das Problem (eine Chatzeile, `check`) und was hilft (`check`). Reiner Text.

failure-where-port = { $host } Port { $port }
failure-timeout-connect = nicht erreichbar (keine Antwort nach { $seconds } s)
failure-timeout-connect-fix = Ist der Computer eingeschaltet und im Netz? Prüfe, ob { $where } stimmt.
failure-timeout-command = keine Antwort (der Befehl brauchte länger als { $seconds } s)
failure-timeout-command-fix = Der Computer schläft vielleicht oder ist sehr beschäftigt: versuch es gleich noch einmal.
failure-unreachable = nicht erreichbar ({ $reason })
failure-unreachable-fix = Ist der Computer eingeschaltet, und läuft auf { $where } ein SSH-Server?
failure-host-not-found = Rechnername { $host } nicht gefunden: prüfe host in der Konfiguration
failure-host-not-found-fix = Der Computer des Bots kennt keinen Computer namens { $host }: prüfe machines.{ $machine }.host auf Tippfehler oder nimm die IP-Adresse des Computers. Ein Name auf .local wird nur gefunden, solange der Computer an ist.
failure-auth = SSH-Anmeldung für den Benutzer „{ $user }“ abgelehnt
failure-auth-your-key = deinem Schlüssel
failure-auth-key-fix = Trage auf dem Computer in ~{ $user }/.ssh/authorized_keys den öffentlichen Schlüssel ein, der zu { $key } gehört.
failure-auth-password-fix = Prüfe SSH_PASSWORD in .env und ob Passwort-Anmeldung für diesen Benutzer erlaubt ist.
failure-host-key-unknown = sein Host-Schlüssel ist noch nicht vertraut ({ $fingerprint })
failure-host-key-unknown-fix = Wenn das der Schlüssel deines Computers ist, führe aus: { $command }
failure-host-key-revoked = er bot einen ZURÜCKGEZOGENEN Host-Schlüssel an ({ $fingerprint })
failure-host-key-revoked-fix = Abgelehnt. Der Schlüssel ist in { $file } als @revoked markiert.
failure-host-key-changed = sein Host-Schlüssel hat sich GEÄNDERT (jetzt { $fingerprint })
failure-host-key-changed-fix = Abgelehnt. Wenn der Computer neu installiert wurde, lösche seine Zeile aus { $file } und führe aus: { $command }. Wenn nicht, hört vielleicht jemand die Verbindung ab.
failure-connection-lost = die Verbindung brach ab
failure-connection-lost-running = die Verbindung brach ab, während der Befehl lief
failure-connection-lost-fix = Versuch es noch einmal; prüfe das Netz, wenn es wieder passiert.
failure-ssh-error = SSH-Fehler: { $message }
failure-ssh-error-fix = Prüfe die SSH-Einstellungen dieses Computers in der Konfiguration.
failure-unknown-user = Timekpr-nExT kennt hier keinen Benutzer „{ $login }“
failure-unknown-user-fix = Prüfe den Anmeldenamen unter children.<id>.accounts; das Kind muss sich dort einmal angemeldet haben.
failure-daemon-not-running = Timekpr-nExT läuft nicht
failure-daemon-not-running-fix = Führe auf dem Computer aus: sudo systemctl restart timekpr
failure-access-denied = der SSH-Benutzer „{ $user }“ darf Timekpr-nExT nicht benutzen
failure-access-denied-fix = Führe auf dem Computer aus: sudo usermod -aG timekpr { $user }
failure-busy = Timekpr-nExT war mit einem anderen Befehl beschäftigt
failure-busy-fix = Versuch es gleich noch einmal.
failure-rejected = timekpra hat den Befehl abgelehnt ({ $message })
failure-rejected-fix = Das ist ein Fehler in timekpr-bot: bitte melde ihn.
failure-invalid-request = der Befehl wurde nicht gesendet: { $message }
failure-invalid-request-fix = Prüfe ssh.timekpra und die Anmeldenamen unter children.<id>.accounts in der Konfiguration.
failure-timekpra-not-found = timekpra nicht gefunden unter { $path }
failure-timekpra-not-found-fix = Installiere dort Timekpr-nExT (sudo apt install timekpr-next) oder setze ssh.timekpra auf seinen Pfad.
failure-unexpected-output = unerwartete Antwort von timekpra: { $text }
failure-unexpected-output-fix = Prüfe, ob auf dem Computer Timekpr-nExT 0.5 läuft.
failure-helper-unavailable = das Hilfsprogramm des Bots läuft dort nicht: { $reason }
failure-helper-unavailable-fix = Prüfe ssh.python ({ $python }) und ob dort python3-dbus installiert ist, oder setze ssh.backend auf timekpra.
failure-helper-outdated = das dort installierte Hilfsprogramm des Bots ist Version { $version }; dafür braucht es Version { $needed }
failure-helper-outdated-fix = Aktualisiere es: kopiere den Ordner helper/ des Bots noch einmal dorthin und führe darin setup-computer.sh als root aus (npm run check zeigt die genaue Zeile).
failure-helper-failed = der D-Bus-Aufruf an Timekpr-nExT schlug fehl: { $message }
failure-helper-failed-fix = Versuch es noch einmal; wenn es wieder passiert, starte Timekpr-nExT dort neu (sudo systemctl restart timekpr).
failure-no-account = { $child } hat laut Konfiguration kein Konto auf { $machine }
failure-unknown-machine = unbekannter Computer

## Ein früher festgehaltener Fehler, von dem nur die Art bekannt ist (Verlauf, eine von Telegram erneut gelieferte Änderung)

failure-kind-timeout = keine Antwort rechtzeitig
failure-kind-unreachable = nicht erreichbar
failure-kind-host-not-found = Rechnername nicht gefunden
failure-kind-auth = SSH-Anmeldung abgelehnt
failure-kind-host-key-unknown = Host-Schlüssel noch nicht vertraut
failure-kind-host-key-mismatch = Host-Schlüssel geändert
failure-kind-ssh-error = SSH-Fehler
failure-kind-unknown-user = Timekpr-nExT kennt den Anmeldenamen nicht
failure-kind-access-denied = der SSH-Benutzer darf Timekpr-nExT nicht benutzen
failure-kind-busy = Timekpr-nExT war beschäftigt
failure-kind-rejected = timekpra hat den Befehl abgelehnt
failure-kind-invalid-request = nicht gesendet: prüfe die Konfiguration
failure-kind-timekpra-not-found = timekpra nicht gefunden
failure-kind-unexpected-output = unerwartete Antwort von timekpra
failure-kind-no-account = kein solches Konto in der Konfiguration
failure-kind-helper-unavailable = das Hilfsprogramm des Bots läuft dort nicht
failure-kind-helper-outdated = das Hilfsprogramm des Bots dort ist zu alt
failure-kind-helper-failed = der D-Bus-Aufruf an Timekpr-nExT schlug fehl
failure-kind-other = Fehler

## Einrichtung im Chat: der Anspruch des ersten Elternteils, /join, eine Gruppe, /computer, /child, /parent, /reload. HTML, wenn nicht „Nur Text“.

# Nur Text.
claim-refused = Das ist nicht der Code.
# Nur Text.
claim-not-saved = Leider konnte der Bot seine Einstellungen nicht speichern. Sieh in sein Protokoll auf dem Rechner, auf dem er läuft, und schick den Code dann noch einmal.
claim-welcome =
    ✅ Du bist jetzt Elternteil dieses Bots. Als Nächstes:
    1. Ein Computer eines Kindes: /computer add desktop 192.168.1.20 (ein Name dafür und seine Adresse in eurem Heimnetz).
    2. Ein weiteres Elternteil schickt mir /join; du bestätigst es mit einem Knopf.
    3. Eure Familiengruppe: füge mich hinzu und schick dort /status.
# Nur Text.
join-asked = Ich habe die Eltern gefragt. Du hörst von mir, sobald eines von ihnen zustimmt.
# Nur Text.
join-is-parent = Du bist schon Elternteil dieses Bots.
join-question = 👤 <b>{ $name }</b> (Telegram-ID { $userId }) hat /join geschickt: zum Elternteil dieses Bots machen? Eltern dürfen die Zeit und Regeln jedes Kindes ändern.
join-approve-button = ✅ Zum Elternteil machen
join-refuse-button = Nein
join-approved = ✅ { $name } ist jetzt Elternteil (bestätigt von { $by }).
join-refused = { $name } wurde nicht Elternteil ({ $by }).
join-welcome = ✅ Du bist jetzt Elternteil dieses Bots. /status zeigt die Zeit der Kinder; /help sagt, was ich sonst kann.
chat-question = Die Gruppe „{ $title }“ für Warnungen und Anfragen nutzen? Eltern können den Bot dann dort bedienen, und Warnungen bei wenig Zeit und Anfragen der Kinder gehen dorthin.
# Nur Text.
chat-write-me-first = Damit ich in dieser Gruppe arbeite, schreibt mir ein Elternteil zuerst privat (mein Profil öffnen, Starten) und schickt dann hier noch einmal /status.
chat-used = ✅ „{ $title }“ wird jetzt genutzt.
chat-not-used = „{ $title }“ wird nicht genutzt.
chat-welcome = ✅ Ich arbeite jetzt in dieser Gruppe: Eltern können mich hier bedienen, und Warnungen und Anfragen kommen hierher.
setup-yes = Ja
setup-confirm-yes = Ja, machen
setup-confirm-no = Nein
setup-question-gone = Diese Frage ist nicht mehr offen.
setup-not-yours = Diese Frage ist für das Elternteil, das gefragt hat.
setup-left-as-is = Bleibt, wie es ist.
setup-saved = ✅ Gespeichert.
setup-reloaded = ✅ Einstellungen neu gelesen: { $machines ->
        [one] ein Computer
       *[other] { $machines } Computer
    }, { $children ->
        [one] ein Kind
       *[other] { $children } Kinder
    }. Der Bot macht damit weiter.
setup-reload-refused =
    ⚠️ Die Einstellungen haben Fehler; der Bot macht mit den bisherigen weiter:
    <pre>{ $problems }</pre>
setup-would-break =
    ⚠️ Nicht gespeichert: die Einstellungen hätten danach Fehler (behebe sie in der Datei und schick /reload):
    <pre>{ $problems }</pre>
setup-not-saved = ⚠️ Nicht gespeichert: { $problem }
setup-missing = ⚠️ Nicht gespeichert: „{ $id }“ steht nicht (mehr) in den Einstellungen.
setup-exists = ⚠️ Nicht gespeichert: „{ $id }“ steht schon in den Einstellungen.
computer-usage =
    Einen Computer eines Kindes hinzufügen: /computer add NAME ADRESSE, z. B. <code>/computer add desktop 192.168.1.20</code> (oder desktop.local, oder 192.168.1.20:2222 für einen anderen SSH-Port).
    Einen entfernen: /computer remove NAME.
computer-add-privately = Computer werden in einem privaten Chat mit mir hinzugefügt: die Zeile zum Ausführen und die Fragen danach sind für dich, nicht für die Gruppe.
computer-bad-name = „{ $machine }“ kann kein Computername sein: Buchstaben, Ziffern, „-“ oder „_“, höchstens 24.
computer-bad-address = „{ $address }“ ist kein Rechnername und keine IP-Adresse (mit :Port, wenn SSH nicht auf Port 22 läuft).
computer-exists = Es gibt schon einen Computer namens { $machine }, unter { $host }. Um ihn neu hinzuzufügen: zuerst /computer remove { $machine }.
computer-unknown = Es gibt keinen Computer „{ $machine }“. Die Computer: { $machines }.
computer-cannot-serve = ⚠️ Die Einrichtungszeile kann nicht bereitgestellt werden: { $problem }
computer-line =
    Um <b>{ $machine }</b> einzurichten, füge diese Zeile in ein Terminal auf diesem Computer ein (sie fragt nach dem Passwort dieses Computers):

    <code>{ $curl }</code>

    Ohne curl:
    <code>{ $wget }</code>

    Die Zeile funktioniert einmal, 15 Minuten lang. Sie installiert das kleine Hilfsprogramm des Bots und seinen Schlüssel, der nur dieses Hilfsprogramm starten kann. Ich merke, wenn sie gelaufen ist; oder tippe auf Fertig.
computer-done-button = ✅ Fertig
computer-looking = Ich sehe nach…
computer-not-yet = { $machine } nimmt den Schlüssel des Bots noch nicht an. Ist die Zeile dort bis zum Ende („done“) gelaufen? Tippe danach noch einmal auf Fertig.
computer-unreachable = { $machine } ist nicht erreichbar: { $problem }
computer-stopped = Hinzufügen von { $machine } abgebrochen. Er bleibt in den Einstellungen: /computer remove { $machine } entfernt ihn.
computer-gave-up = Die Einrichtungszeile für { $machine } ist nicht innerhalb von 15 Minuten gelaufen. Für eine neue: noch einmal /computer add { $machine } mit seiner Adresse.
computer-trust-question =
    🔑 <b>{ $machine }</b> ist eingerichtet. Bevor der Bot ihm vertraut, vergleiche seinen Fingerabdruck mit dem, was dies auf jenem Computer zeigt: <code>ssh-keygen -lf { $file }</code>

    <code>{ $fingerprint }</code>

    Diesem Computer vertrauen?
computer-trust-button = ✅ Vertrauen
computer-trusted = ✅ { $machine } ist vertraut ({ $fingerprint }). Ich lese seine Benutzer…
computer-not-trusted = { $machine } ist nicht vertraut: der Bot nutzt ihn nicht. /computer remove { $machine } entfernt ihn aus den Einstellungen.
computer-logins-unread = ⚠️ Die Benutzer auf { $machine } konnten nicht gelesen werden: { $problem }
computer-no-logins = Timekpr-nExT auf { $machine } kennt keinen Benutzer, der nicht schon eingerichtet ist. Der Benutzer eines Kindes erscheint dort, sobald es sich einmal angemeldet hat; dann noch einmal /computer add { $machine } mit seiner Adresse.
login-question = Wer ist <b>{ $login }</b> auf { $machine }?
login-add-child = Kind „{ $name }“ hinzufügen
login-same-as = Dasselbe wie { $child }
login-not-child = Kein Kind
login-is-child = ✅ { $login } auf { $machine } gehört jetzt zu { $child }. /status zeigt die Zeit.
login-not-a-child = { $login } auf { $machine }: kein Kind.
computer-remove-question = Den Computer <b>{ $machine }</b> samt den Benutzern der Kinder darauf aus den Einstellungen entfernen? Auf dem Computer selbst ändert sich nichts.
computer-removed = ✅ { $machine } ist entfernt.
child-usage = Ein Kind umbenennen: /child rename ID Name, z. B. <code>/child rename mia Mia Sophie</code>.
setup-child-unknown = Es gibt kein Kind „{ $child }“. Die Kinder: { $children }.
child-rename-question = <b>{ $child }</b> ab jetzt „{ $name }“ nennen?
child-renamed = ✅ { $child } heißt jetzt { $name }.
parent-usage = Ein Elternteil entfernen: /parent remove ID. Die Eltern: { $parents }.
parent-unknown = Das ist nicht die ID eines Elternteils. Die Eltern: { $parents }.
parent-last = Das letzte Elternteil kann nicht entfernt werden: niemand könnte den Bot mehr bedienen.
parent-remove-question = Das Elternteil mit der Telegram-ID { $userId } entfernen? Es kann den Bot dann nicht mehr bedienen.
parent-removed = ✅ { $userId } ist kein Elternteil mehr.
