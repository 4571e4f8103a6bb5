# German beyond validation (issue 15): the mapping (MAP3xx), signature (SIG4xx), repository
# (REPO0xx) and configuration (CFG0xx) diagnostics and the errors ozg reports as values, each
# checked as the whole line; the texts of other programs stay as they are, inside a German
# sentence; and English stays English (the same runs without a language).
. "$(dirname "$0")/../lib.sh"
export OZG_HOME=$TMP/repo
MSG=$SAMPLES/valid/ech0020-v3-move-in.xml
de() { run --lang de "$@"; }
expect_line() {  # expect_line TEXT LINE LABEL: LINE is one whole line of TEXT
  if printf '%s\n' "$1" | grep -qxF -- "$2"; then pass "$3"; else fail "$3: no line '$2' in: ${1:0:2000}"; fi
}

# MAP301 for a missing mapping, its hint, and the run-time error that ends the transform.
echo '{}' > "$TMP/x.json"
de transform -m "$TMP/none.yaml" "$TMP/x.json"
expect_rc 3 "transform with a missing mapping"
expect_line "$err" "$TMP/none.yaml: Fehler: die Mapping-Datei $TMP/none.yaml wurde nicht gefunden [MAP301]" "MAP301 in German"
expect_line "$err" "    Tipp: prüfen Sie den Pfad; Pfade in 'extends' und 'include' sind relativ zur Datei, die sie nennt" "MAP301 hint in German"
expect_line "$err" "ozg: Fehler: das Mapping $TMP/none.yaml kann nicht geladen werden; nichts wurde transformiert" "MAP301 error value in German"

# MAP301 for broken YAML: yaml-cpp's words inside a German sentence.
printf 'a: [\n' > "$TMP/bad.yaml"
de mapping check "$TMP/bad.yaml"
expect_line "$err" "$TMP/bad.yaml:2:1: Fehler: YAML-Syntaxfehler: end of sequence flow not found [MAP301]" "YAML syntax error in German, yaml-cpp's text as its argument"
# MAP303 and the summary of mapping check.
printf 'ozg-mapping: 1\nsource: {format: json}\ntarget: {format: json}\nrules:\n  - target: a\n    type: colour\n    value: "1"\n' > "$TMP/type.yaml"
de mapping check "$TMP/type.yaml"
expect_rc 1 "mapping check with an unknown type"
expect_in "$err" "Fehler: unbekannter Typ 'colour' [MAP303]" "MAP303 in German"
expect_line "$err" "    Tipp: verwenden Sie string, number oder boolean (JSON-Ziele)" "MAP303 hint in German"
expect_line "$err" "ozg: Fehler: das Mapping $TMP/type.yaml hat 1 Fehler; nichts wurde transformiert" "MAP301 error count in German"

# SIG410: an unreadable key, a run-time error with the file as its argument.
printf -- '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' > "$TMP/bad.key"
de sign --key "$TMP/bad.key" --cert "$TMP/bad.key" "$MSG"
expect_rc 4 "sign with a broken key"
expect_line "$err" "ozg: Fehler: $TMP/bad.key: der private Schlüssel (PEM) kann nicht gelesen werden [SIG410]" "SIG410 in German"
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$TMP/ca.key" \
    -out "$TMP/ca.pem" -days 2 -subj "/CN=ozg test CA" 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$TMP/other.key" \
    -out "$TMP/other.pem" -days 2 -subj "/CN=other" 2>/dev/null
  de verify --trust "$TMP/ca.pem" "$MSG"
  expect_rc 4 "verify an unsigned message"
  expect_in "$err" "Fehler: die Nachricht ist nicht signiert (kein ds:Signature) [SIG401]" "SIG401 in German"
  expect_line "$err" "    Tipp: signieren Sie sie mit 'ozg sign', oder bitten Sie den Absender um die signierte Nachricht" "SIG401 hint in German"
  de sign --key "$TMP/other.key" --cert "$TMP/ca.pem" "$MSG"
  expect_rc 4 "sign with a key of another certificate"
  expect_line "$err" "ozg: Fehler: der private Schlüssel gehört nicht zum Zertifikat $TMP/ca.pem (CN=ozg test CA); nichts signiert [SIG414]" "SIG414 in German, the certificate's name as its argument"
else
  echo "note: openssl not installed; SIG401/SIG414 not checked"
fi

# REPO002 and REPO004 with its hint.
de schemas add "$TMP/nonexistent"
expect_rc 3 "schemas add of a missing folder"
expect_line "$err" "ozg: Fehler: $TMP/nonexistent: Datei oder Ordner nicht gefunden [REPO002]" "REPO002 in German"
de schemas show foo
expect_rc 2 "schemas show of an unknown schema"
expect_line "$err" "ozg: Fehler: kein Schema 'foo' im Repository [REPO004]" "REPO004 in German"
expect_line "$err" "    Tipp: ozg schemas list zeigt Bündel, Namensräume und Dateien" "REPO004 hint in German"
# schemas list, show and remove speak German too.
de schemas list
expect_rc 0 "schemas list of an empty repository"
expect_line "$err" "ozg: Hinweis: das Schema-Repository unter $TMP/repo enthält keine Schemas" "empty repository in German"
mkdir -p "$TMP/xsd"
printf '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"><xs:element name="a"/></xs:schema>\n' > "$TMP/xsd/t-1-0.xsd"
de schemas add "$TMP/xsd" --name t
expect_rc 0 "schemas add of one schema"
de schemas list
expect_line "$out" "1 Schema(s) in 1 Bündel(n)" "schemas list summary in German"
de schemas show urn:t
expect_not_in "$out" "namespace urn:t" "schemas show heading not in English"
expect_line "$out" "Namensraum urn:t: 1 Dokument(e)" "schemas show heading in German"
expect_line "$out" "  verwendet von:  -" "schemas show label in German, padded"
de schemas remove t
expect_line "$out" "1 Schema(s) entfernt" "schemas remove in German"
# Transport and Schematron errors (TRN5xx, SCH2xx) are German too.
de send "$MSG" --to http://example.org/in
expect_rc 2 "send over plain http"
expect_line "$err" "ozg: Fehler: http://example.org/in: unverschlüsseltes http wird abgelehnt; Nachrichten enthalten Personendaten [TRN508]" "TRN508 in German"
expect_line "$err" "    Tipp: verwenden Sie https:// (mit --cert/--key und --ca)" "TRN508 hint in German"
echo '<a/>' > "$TMP/x.sch"
de schematron add "$TMP/x.sch"
expect_rc 3 "schematron add of a file that is no Schematron"
expect_line "$err" "ozg: Fehler: $TMP/x.sch: kein ISO-Schematron-Schema (Elemente im Namensraum http://purl.oclc.org/dsdl/schematron) [SCH220]" "SCH220 in German"
mkdir -p "$TMP/sx/receipts" "$TMP/sx/outbox"
echo '<x' > "$TMP/sx/receipts/r.xml"
de status --journal "$TMP/none.jsonl" --receipts "$TMP/sx/receipts"
expect_in "$err" "ozg: Warnung: $TMP/sx/receipts/r.xml: " "TRN521 in German"
expect_in "$err" "(XML001, Zeile 2) [TRN521]" "TRN521 names the loader's code and line in German"
# The code-list notes, mapping test's lines (PASS/FAIL stay as words for scripts) and the
# Schematron list in German.
OZG_HOME=$TMP/lists de codelists add "$CORPUS/ech/codelists"
expect_line "$out" "  eCH-0072:countries 2010-01-01 aus eCH0072.xml: 288 Staaten (eine vollständige Liste hat mehr als 200), also vollständig" "code-list note in German"
expect_line "$out" "  eCH-0071:municipalities 2010-04-25 aus eCH0071_large.xml: 443 Einträge, 441 am 2010-04-25 gültige Gemeinden (ein vollständiges Verzeichnis hat mehr als 1'500), also unvollständig" "partial register in German"
de codelists show urn:nothing
expect_line "$err" "ozg: Fehler: die Codeliste urn:nothing ist nicht installiert [CL202]" "CL202 in German"
de mapping test "$OZG_SOURCE_DIR/mappings/ech0020-persons-to-csv.yaml"
expect_line "$out" "PASS $OZG_SOURCE_DIR/mappings/ech0020-persons-to-csv.yaml: move-in.xml" "PASS line keeps its word"
expect_line "$out" "2 bestanden, 0 fehlgeschlagen" "mapping test summary in German"
de schematron list
expect_line "$err" "ozg: Hinweis: das Repository unter $TMP/repo enthält keine Schematron-Regeln" "empty Schematron list in German"
# ozg help in German.
de help
expect_line "$out" "Befehle:" "ozg help in German"
expect_line "$out" "'ozg BEFEHL --help' beschreibt einen Befehl; 'man ozg' beschreibt Exit-Codes und Dateien." "help footer line in German"
# codelists add on junk: the summary, the skipped file (Xerces' error in ozg's German words).
echo junk > "$TMP/junk.xml"
de codelists add "$TMP/junk.xml"
expect_rc 3 "codelists add of a file that is no code list"
expect_line "$out" "0 Codeliste(n) hinzugefügt; 0 installiert" "codelists add summary in German"
expect_line "$err" "ozg: Hinweis: übersprungen: $TMP/junk.xml:1:1: ungültige Dokumentstruktur" "skipped file in German"

# CFG002 from a config file (the code's problem inside the file position) and CFG001 from --rule.
printf 'rules:\n  FOO: bar\n' > "$TMP/cfg.yaml"
de validate --config "$TMP/cfg.yaml" "$MSG"
expect_rc 3 "a config file with an unknown code"
expect_line "$err" "ozg: Fehler: $TMP/cfg.yaml:2:3: FOO=bar: unbekannter Code FOO [CFG002]" "CFG002 in German"
expect_line "$err" "    Tipp: 'ozg explain' listet die Codes auf" "CFG002 hint in German"
printf 'rules: [\n' > "$TMP/broken.yaml"
de validate --config "$TMP/broken.yaml" "$MSG"
expect_in "$err" "ozg: Fehler: $TMP/broken.yaml:2:1: YAML-Syntaxfehler: " "CFG002 YAML error in German"
de validate --rule HDR605=loud "$MSG"
expect_rc 2 "--rule with an unknown level"
expect_line "$err" "ozg: Fehler: --rule HDR605=loud: die Stufe muss off, note, warning oder error sein [CFG001]" "CFG001 in German"
de validate --config "$TMP/none.yaml" "$MSG"
expect_line "$err" "ozg: Fehler: $TMP/none.yaml: Datei nicht gefunden [CFG002]" "CFG002 missing file in German"

# The same in English: the words of before, and strerror-like texts untouched.
run --lang en validate --config "$TMP/cfg.yaml" "$MSG"
expect_line "$err" "ozg: error: $TMP/cfg.yaml:2:3: FOO=bar: unknown code FOO [CFG002]" "CFG002 in English"
run --lang en schemas show foo
expect_line "$err" "ozg: error: no schema 'foo' in the repository [REPO004]" "REPO004 in English"
run --lang en sign --key "$TMP/bad.key" --cert "$TMP/bad.key" "$MSG"
expect_line "$err" "ozg: error: $TMP/bad.key: cannot read the private key (PEM) [SIG410]" "SIG410 in English"
run --lang en transform -m "$TMP/none.yaml" "$TMP/x.json"
expect_line "$err" "ozg: error: cannot load mapping $TMP/none.yaml; nothing was transformed" "MAP301 error value in English"
finish
