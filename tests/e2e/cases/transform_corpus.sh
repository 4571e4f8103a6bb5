# Every official eCH-0020 v2 corpus message through the shipped ech0020-v2-to-v3 mapping: each
# result validates against eCH-0020-3-0.xsd (checked again by ozg validate, and by xmllint as an
# independent validator), and the persons report lists every reported person.
. "$(dirname "$0")/../lib.sh"
corpus_repo
M=$OZG_SOURCE_DIR/mappings
V2=$CORPUS/ech/messages/valid/eCH-0020-v2
n=$(count_xml "$V2")
[ "$n" -ge 26 ] || fail "expected the 26 corpus v2 messages, found $n"

# Four open-ech test persons have invented AHV numbers with a wrong check digit (CHK701, see
# corpus_valid): the mapping copies them, so the outputs are checked with that rule a warning.
run transform --rule CHK701=warning -m "$M/ech0020-v2-to-v3.yaml" "$V2" -o "$TMP/v3/"
expect_rc 0 "all v2 corpus messages transformed"
expect_in "$err" "$n inputs: $n transformed, 0 failed" "count"
[ "$(count_xml "$TMP/v3")" -eq "$n" ] && pass "$n outputs" || fail "outputs: $(count_xml "$TMP/v3")"
run validate -v --rule CHK701=warning "$TMP/v3"
expect_rc 0 "outputs are valid v3 deliveries"
expect_in "$err" "schema ech/eCH-0020-3-0.xsd" "validated against eCH-0020-3-0.xsd"
if command -v xmllint >/dev/null; then
  find "$TMP/v3" -name '*.xml' -print0 | XML_CATALOG_FILES=$CORPUS/ech/schemas/catalog.xml xargs -0 \
    xmllint --nonet --noout --schema "$CORPUS/ech/schemas/eCH-0020-3-0.xsd" 2>"$TMP/xmllint.txt" &&
    pass "xmllint agrees" || fail "xmllint: $(grep -v validates "$TMP/xmllint.txt" | head -5)"
fi

# The v3 results and the v2 originals name the same persons.
"$OZG" transform -m "$M/ech0020-persons-to-csv.yaml" "$V2" -o "$TMP/v2.csv" 2>/dev/null
"$OZG" transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/v3" -o "$TMP/v3.csv" 2>/dev/null
cut -d, -f5,8,9,10 "$TMP/v2.csv" | sort >"$TMP/v2.persons"
cut -d, -f5,8,9,10 "$TMP/v3.csv" | sort >"$TMP/v3.persons"
[ "$(wc -l <"$TMP/v2.persons")" -gt "$n" ] && pass "persons listed" || fail "persons: $(wc -l <"$TMP/v2.persons")"
diff -q "$TMP/v2.persons" "$TMP/v3.persons" >/dev/null && pass "same vn, names and sex in v2 and v3" ||
  fail "persons differ: $(diff "$TMP/v2.persons" "$TMP/v3.persons" | head -5)"
# Issue 11.9: the v2 -> v3 mapping on a v1 delivery or an envelope says what it reads.
v1=$(find "$CORPUS/ech/messages/valid/eCH-0020-v1" -name 'data_*.xml' | sort | head -1)
run transform -m "$OZG_SOURCE_DIR/mappings/ech0020-v2-to-v3.yaml" "$v1"
expect_rc 1 "a v1 delivery to the v2 mapping"
expect_in "$err" "error: this mapping reads eCH-0020 v2 deliveries (http://www.ech.ch/xmlns/eCH-0020/2); this input is eCH-0020 v1 <delivery> (namespace http://www.ech.ch/xmlns/eCH-0020/1) [MAP320]" "what it reads and what the input is"
expect_not_in "$err" "is not covered" "no talk of uncovered v2 events"
run transform -m "$OZG_SOURCE_DIR/mappings/ech0020-v2-to-v3.yaml" "$(dirname "$v1")/envl_${v1##*/data_}"
expect_in "$err" "this input is eCH-0090 v1 <envelope>" "an envelope is named as such"
finish
