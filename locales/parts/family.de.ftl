# Bitten der Kinder (/time, /ask und die Antwort der Eltern), /pause und /resume, /history. Deutsch.
# Wird in de.ftl übernommen, sobald alle Bereiche ihre Texte verschoben haben.

## Namen, zu denen nichts passt (/add, /pause, /resume, /history, /report). Nur Text.

child-unknown = Ein Kind namens „{ $name }“ kenne ich nicht. Kinder: { $children }.
child-unknown-machine = { $child } hat keinen Computer namens „{ $name }“. Computer von { $child }: { $machines }.

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
history-mark-done = ✅
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
