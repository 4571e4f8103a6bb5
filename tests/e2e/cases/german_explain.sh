# German beyond the content model: every code's title in 'ozg explain' (a new code without a
# German title fails here), explanations, well-formedness errors Xerces reports, header rules,
# the schema-selection messages, and French for the same.
. "$(dirname "$0")/../lib.sh"

# Every title is translated: each line of the German list differs from the English one.
run explain
expect_rc 0 "explain lists the codes"
en=$out
run --lang de explain
expect_rc 0 "German list"
de=$out
[ "$(printf '%s\n' "$en" | wc -l)" -eq "$(printf '%s\n' "$de" | wc -l)" ] || fail "lists differ in length"
untranslated=$(paste -d '\n' <(printf '%s\n' "$en") <(printf '%s\n' "$de") | paste - - | awk -F'\t' '$1 == $2 {print $1}')
[ -z "$untranslated" ] && pass "every code has a German title" || fail "codes without a German title: $untranslated"
expect_in "$de" "XSD102  fehlendes Element" "German title"
run --lang fr explain
fr=$out
untranslated=$(paste -d '\n' <(printf '%s\n' "$en") <(printf '%s\n' "$fr") | paste - - | awk -F'\t' '$1 == $2 {print $1}')
[ -z "$untranslated" ] && pass "every code has a French title" || fail "codes without a French title: $untranslated"
run --lang de explain xsd110
expect_rc 0 "explain XSD110 in German"
expect_in "$out" "XSD110: kein Schema für den Namensraum" "German title of one code"
expect_in "$out" "Kein Schema im Repository hat den Namensraum des Wurzelelements als targetNamespace." "German explanation"
run --lang de explain XYZ999
expect_rc 2 "unknown code"
expect_in "$err" "ozg: Fehler: unbekannter Code 'XYZ999'" "unknown code in German"
run explain XYZ999
expect_in "$err" "ozg: error: unknown code 'XYZ999'; 'ozg explain' lists them all" "unknown code in English, as before"

# Well-formedness: Xerces' English text in English, a template in German and French.
printf '<?xml version="1.0"?>\n<a><b></a>\n' > "$TMP/mismatch.xml"
run validate "$TMP/mismatch.xml"
expect_rc 1 "mismatched end tag"
expect_in "$err" "mismatch.xml:2:8: error: expected end of tag 'b' [XML001]" "English is Xerces' text"
run --lang de validate "$TMP/mismatch.xml"
expect_in "$err" "mismatch.xml:2:8: Fehler: Ende-Tag 'b' erwartet [XML001]" "German mismatched tag"
expect_in "$err" "Fehler: Wurzelelement 'a' hat keinen Namensraum, daher kann kein Schema gewählt werden [XSD111]" "German XSD111"
expect_in "$err" "Tipp: deklarieren Sie den Namensraum der Nachricht am Wurzelelement" "German XSD111 hint"
run --lang fr validate "$TMP/mismatch.xml"
expect_in "$err" "erreur: fin de la balise 'b' attendue [XML001]" "French mismatched tag"
printf '<?xml version="1.0"?>\n<a></a>text\n' > "$TMP/after.xml"
run --lang de validate "$TMP/after.xml"
expect_in "$err" "Fehler: Kommentar oder Verarbeitungsanweisung erwartet [XML001]" "German text after the root"
: > "$TMP/empty.xml"
run --lang de validate "$TMP/empty.xml"
expect_in "$err" "Fehler: die Eingabe ist leer [XML002]" "German empty input"
expect_in "$err" "Tipp: prüfen Sie, ob das erzeugende System die ganze Nachricht geschrieben hat" "German XML002 hint"
run --lang de validate "$TMP/missing.xml"
expect_in "$err" "Fehler: Datei nicht gefunden [XML007]" "German missing file"

# Header rules and schema selection, on a real message.
corpus_repo
v2=$CORPUS/ech/messages/valid/eCH-0020-v2/openech-testPerson/BirthTest_7561829871378.xml
run --lang de validate --rule HDR607=error "$v2"
expect_rc 1 "test delivery refused"
expect_in "$err" "Fehler: dies ist eine Testlieferung [HDR607]" "German HDR607"
expect_in "$err" "Tipp: Testlieferungen werden hier abgewiesen (--rule HDR607); senden Sie eine produktive Nachricht" "German HDR607 hint"
run --lang fr validate --rule HDR607=error "$v2"
expect_in "$err" "ceci est une livraison de test [HDR607]" "French HDR607"
sed -e 's|xmlns:e20="http://www.ech.ch/xmlns/eCH-0020/2"|xmlns:e20="http://www.ech.ch/xmlns/eCH-0020/99"|' "$v2" > "$TMP/unknown-ns.xml"
run --lang de validate "$TMP/unknown-ns.xml"
expect_in "$err" "Fehler: kein Schema für den Namensraum http://www.ech.ch/xmlns/eCH-0020/99 installiert [XSD110]" "German XSD110"

# Other commands' summaries: inspect, status, sign's usage errors.
run --lang de inspect "$v2"
expect_rc 0 "inspect in German"
expect_in "$out" "Nachrichten-ID  1" "inspect label, column widened for the German labels"
expect_in "$out" "Test            ja (true)" "inspect yes/no in German"
expect_in "$out" "Ergebnis        gültig gegen ech/eCH-0020-2-3.xsd" "inspect verdict in German"
run inspect "$v2"
expect_in "$out" "message id  1" "inspect in English, as before"
printf '{"time":"2026-01-01T00:00:00Z","messageId":"abc-1","sha256":"00","destination":"https://x/in","file":"m.xml","attempt":2,"verdict":"failed","code":"TRN501","error":"connection refused","seconds":1}\n' > "$TMP/journal.jsonl"
run --lang de status --journal "$TMP/journal.jsonl"
expect_in "$out" "abc-1  fehlgeschlagen nach 2 Versuchen: connection refused [TRN501]  -> https://x/in" "status line in German"
expect_in "$out" "    Vorgehen: die Gegenstelle ist ausgefallen oder nicht erreichbar" "status advice in German"
run --lang de status --journal "$TMP/journal.jsonl" abc-1
expect_in "$out" "  Status    fehlgeschlagen nach 2 Versuchen" "status detail in German"
run --lang de status -f json --journal "$TMP/journal.jsonl"
expect_in "$out" "\"state\": \"failed after 2 attempts: connection refused [TRN501]\"" "status JSON stays English"
: > "$TMP/empty.jsonl"
run --lang de status --journal "$TMP/empty.jsonl"
expect_in "$out" "keine Nachrichten in $TMP/empty.jsonl" "no messages, in German"
run --lang de sign "$v2"
expect_rc 2 "sign without a key"
expect_in "$err" "ozg: Fehler: geben Sie --key und --cert an, oder --p12" "sign usage error in German"
run --lang de validate --format xml "$TMP/missing.xml"
expect_rc 2 "bad --format"
expect_in "$err" "ozg: Fehler: --format: xml ist nicht zulässig; erlaubt sind {text,json,junit,sarif,html}" "CLI11 set error in German"
run --lang de validate --max-errors 0 "$TMP/missing.xml"
expect_in "$err" "ozg: Fehler: --max-errors: erwartet wird eine positive Zahl, angegeben wurde 0" "range error in German"
run --lang de validate --bogus "$TMP/missing.xml"
expect_in "$err" "ozg: Fehler: Dieses Argument wurde nicht erwartet: --bogus" "extra argument in German"
mkdir -p "$TMP/reports"
run --lang de validate -o "$TMP/reports" "$TMP/mismatch.xml"
expect_rc 3 "-o names a folder"
expect_in "$err" "ozg: Fehler: -o $TMP/reports ist ein Ordner; der Bericht ist eine Datei: geben Sie ihren Namen an, z. B. -o $TMP/reports/report.txt [REPO006]" "-o folder error in German"
run --lang fr validate "$TMP/missing.xml"
expect_in "$err" "fichier introuvable [XML007]" "French missing file"
finish
