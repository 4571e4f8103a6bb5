# Diagnostics in the user's language: German from LANG even where the system has no de_CH
# locale (only C.UTF-8 here), --lang over the environment, English by default, JSON with the
# English text beside the translated one, and a German catalog with every template translated.
. "$(dirname "$0")/../lib.sh"
corpus_repo
golden=$OZG_SOURCE_DIR/tests/e2e/golden/samples-invalid.de.txt

actual=""
for f in "$OZG_SOURCE_DIR"/samples/invalid/*.xml; do
  out=$(cd "$OZG_SOURCE_DIR" && env -u LC_ALL -u LANGUAGE LANG=de_CH.UTF-8 "$OZG" validate \
        "samples/invalid/$(basename "$f")" 2>&1) && rc=0 || rc=$?
  [ "$rc" -eq 1 ] || fail "$f: exit $rc, expected 1"
  actual+=$(printf '%s\n' "$out" | sed -e 's/; [0-9.]* s$/; T s/')$'\n'
done
if [ "${OZG_UPDATE_GOLDEN:-}" = 1 ]; then printf '%s' "$actual" > "$golden"; fi
if diff -u "$golden" <(printf '%s' "$actual"); then pass "German text matches golden"; else fail "German text differs from $golden"; fi
expect_in "$actual" "Fehler: Element 'deliveryHeader' ist unvollständig: nach 'action' fehlt 'testDeliveryFlag'" "missing child named in German"
expect_in "$actual" "Tipp: Fügen Sie <testDeliveryFlag> nach <action> ein" "German hint"

MSG=$OZG_SOURCE_DIR/samples/invalid/ech0020-v3-move-in-missing-header-field.xml
out=$(env -u LC_ALL -u LANGUAGE LANG=de_CH.UTF-8 "$OZG" --lang fr validate "$MSG" 2>&1) || true
expect_in "$out" "erreur: " "--lang fr wins over LANG=de_CH"
expect_in "$out" "1 fichier: 0 valides, 1 invalides" "French summary"
out=$(env -u LC_ALL -u LANGUAGE -u LC_MESSAGES -u LANG "$OZG" validate "$MSG" 2>&1) || true
expect_in "$out" "error: element 'deliveryHeader' is incomplete" "English without a language set"
out=$(env -u LANGUAGE LANG=de_CH.UTF-8 LC_ALL=C "$OZG" validate "$MSG" 2>&1) || true
expect_in "$out" "error: element" "LC_ALL=C overrides LANG"
out=$(LANGUAGE=de "$OZG" --lang en validate "$MSG" 2>&1) || true
expect_in "$out" "1 file: 0 valid, 1 invalid" "--lang en"
out=$("$OZG" --lang=de validate "$MSG" 2>&1) || true
expect_in "$out" "1 Datei: 0 gültig, 1 ungültig" "--lang=de"
out=$("$OZG" validate --lang de "$MSG" 2>&1) || true
expect_in "$out" "1 Datei: 0 gültig, 1 ungültig" "--lang after the command"

json=$(LANGUAGE=de "$OZG" validate -f json "$MSG") || true
expect_in "$json" "\"message\": \"Element 'deliveryHeader' ist unvollständig" "JSON message in German"
expect_in "$json" "\"message_en\": \"element 'deliveryHeader' is incomplete" "JSON message_en in English"
expect_snake_keys "$json" "JSON keys"

run --lang xx validate "$MSG"
expect_rc 2 "unknown --lang"

# Every template the sources mark is translated to German (scripts/update-po adds new ones).
stats=$(msgfmt --check --statistics -o /dev/null "$OZG_SOURCE_DIR/po/de.po" 2>&1)
expect_not_in "$stats" "untranslated" "no untranslated German entry"
expect_not_in "$stats" "fuzzy" "no fuzzy German entry"
finish
