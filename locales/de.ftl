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
command-history = Änderungen und Warnungen von heute: /history [Kind] [Tage]
command-report = Ein Diagramm der Bildschirmzeit: /report [Kind] [week|month]
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

## Knöpfe unter /status und Warnungen

button-pause = ⏸ { $child } anhalten
button-resume = ▶ { $child } fortsetzen
button-refresh = 🔄 Aktualisieren
button-let-it-end = Ablaufen lassen
