# -f sarif: every report ozg writes is valid against the official SARIF 2.1.0 JSON schema (the
# one the SARIF SDK ships in its npm package, installed by scripts/install-deps into tests/tools),
# with formats checked: file names with spaces, umlauts, '%', '#', '?' and a colon become
# percent-encoded uri-references. Debian's python3-jsonschema (with python3-rfc3987 for the
# uri-reference format) does the checking; the case first proves it rejects a broken report.
. "$(dirname "$0")/../lib.sh"
corpus_repo
SCHEMA=$OZG_SOURCE_DIR/tests/tools/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
PY=/usr/bin/python3  # Debian's, with python3-jsonschema and python3-rfc3987
if [ ! -f "$SCHEMA" ] || ! "$PY" -c 'import jsonschema, rfc3987' 2>/dev/null; then
  fail "the SARIF schema or the validator is missing: run scripts/install-deps"
  finish
fi

# check_sarif FILE LABEL: FILE is valid against the schema, formats included.
check_sarif() {
  local errors
  errors=$("$PY" - "$SCHEMA" "$1" <<'PY'
import json, sys, jsonschema
V = jsonschema.Draft202012Validator
schema = json.load(open(sys.argv[1]))
V.check_schema(schema)
doc = json.load(open(sys.argv[2]))
for e in V(schema, format_checker=V.FORMAT_CHECKER).iter_errors(doc):
    print("/".join(map(str, e.absolute_path)) + ": " + e.message[:200])
PY
) && [ -z "$errors" ] && pass "$2" || fail "$2: ${errors:-the validator failed}"
}

# The checker itself: a report with an unescaped file name and an unknown level must fail.
printf '<a/>' > "$TMP/ok.xml"
run validate -f sarif "$TMP/ok.xml"
printf '%s' "$out" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
d["runs"][0]["results"] = [{"ruleId": "X", "level": "fatal", "message": {"text": "t"},
    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Zuzug Müller.xml"}}}]}]
json.dump(d, open(sys.argv[1], "w"))' "$TMP/broken.sarif"
bad=$("$PY" - "$SCHEMA" "$TMP/broken.sarif" <<'PY'
import json, sys, jsonschema
V = jsonschema.Draft202012Validator
doc = json.load(open(sys.argv[2]))
print(sorted(e.validator for e in V(json.load(open(sys.argv[1])), format_checker=V.FORMAT_CHECKER).iter_errors(doc)))
PY
)
expect_in "$bad" "'enum', 'format'" "the checker rejects an unknown level and an unescaped uri"

# File names a service center really gets, and reports of every kind.
mkdir -p "$TMP/in dir"
for name in "Zuzug Müller 2026.xml" "100% fertig.xml" "Akte #7?.xml" "termin:10.xml" "Zuzug Hélène.xml"; do
  cp "$SAMPLES/invalid/ech0020-v3-move-in-bad-date.xml" "$TMP/in dir/$name"
done
cp "$SAMPLES/valid/ech0020-v3-move-in.xml" "$TMP/in dir/gültig.xml"
run validate -f sarif -o "$TMP/names.sarif" "$TMP/in dir"
expect_rc 1 "invalid files with awkward names"
check_sarif "$TMP/names.sarif" "awkward file names (absolute paths)"
uris=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(a["location"]["uri"] for a in d["runs"][0]["artifacts"]))' "$TMP/names.sarif")
expect_in "$uris" "Zuzug%20M%C3%BCller%202026.xml" "space and umlaut percent-encoded"
expect_in "$uris" "100%25%20fertig.xml" "a percent sign encoded"
expect_in "$uris" "Akte%20%237%3F.xml" "'#' and '?' encoded"
(cd "$TMP/in dir" && "$OZG" validate -f sarif ./*.xml "termin:10.xml" >"$TMP/relative.sarif" 2>/dev/null)
check_sarif "$TMP/relative.sarif" "awkward file names (relative paths)"
expect_in "$(cat "$TMP/relative.sarif")" '"uri": "./termin:10.xml"' "a colon in a relative name is not read as a URI scheme"
expect_not_in "$(cat "$TMP/relative.sarif")" '"uri": "termin:10.xml"' "no relative name with a colon in its first segment"

run validate -f sarif -o "$TMP/samples.sarif" "$SAMPLES/invalid" "$SAMPLES/valid"
check_sarif "$TMP/samples.sarif" "samples (schema, header and well-formedness findings)"
run validate -f sarif -o "$TMP/hostile.sarif" "$DATA/hostile"
check_sarif "$TMP/hostile.sarif" "hostile inputs (files without a line, parse errors)"
run --lang de validate -f sarif -o "$TMP/de.sarif" "$SAMPLES/invalid"
check_sarif "$TMP/de.sarif" "German messages"
run validate -f sarif -o "$TMP/valid.sarif" "$SAMPLES/valid/ech0020-v3-move-in.xml"
expect_rc 0 "a valid file"
check_sarif "$TMP/valid.sarif" "a run without results"
run validate -f sarif -o "$TMP/stdin.sarif" - <"$SAMPLES/invalid/ech0020-v3-move-in-bad-date.xml"
check_sarif "$TMP/stdin.sarif" "a message read from stdin"
cp -a "$OZG_HOME" "$TMP/repo" && export OZG_HOME=$TMP/repo  # the shared repository stays as it is
"$OZG" codelists add "$CORPUS/xoev/codelists" >/dev/null 2>&1 || fail "installing the code lists"
run validate -f sarif -o "$TMP/xoev.sarif" "$CORPUS/xoev"
check_sarif "$TMP/xoev.sarif" "XÖV corpus (code-list findings)"
finish
