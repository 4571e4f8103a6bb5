# -f html: one self-contained, well-formed page with every diagnostic of the run, its verdicts
# and a summary table (invalid files first); nothing loaded from outside the page.
. "$(dirname "$0")/../lib.sh"
corpus_repo
command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
INV=$SAMPLES/invalid
VALID=$SAMPLES/valid/ech0020-v3-move-in.xml
run validate -f html -o "$TMP/report.html" "$INV" "$VALID"
expect_rc 1 "invalid messages in the run"
[ -s "$TMP/report.html" ] && pass "report written" || fail "no report"
xmllint --noout "$TMP/report.html" 2>"$TMP/xmllint.err" && pass "well-formed (XHTML)" ||
  fail "not well-formed: $(cat "$TMP/xmllint.err")"
html=$(cat "$TMP/report.html")
expect_in "$(head -c 16 "$TMP/report.html")" "<!DOCTYPE html>" "HTML5 doctype first"
expect_not_in "$html" "<link" "no external style sheet"
expect_not_in "$html" " src=" "no external script or image"
expect_not_in "$html" "href=\"http" "no link out of the page"
run validate -f json "$INV" "$VALID"
printf '%s' "$out" > "$TMP/report.json"
missing=$(python3 - "$TMP/report.json" "$TMP/report.html" <<'PY'
import json, sys, xml.etree.ElementTree as ET
report = json.load(open(sys.argv[1]))
ns = {"h": "http://www.w3.org/1999/xhtml"}
page = ET.parse(sys.argv[2]).getroot()
items = ["".join(li.itertext()) for li in page.iterfind(".//h:section//h:li", ns)]
rows = page.findall(".//h:table[@class='summary']/h:tbody/h:tr", ns)
out = []
n = 0
for f in report["files"]:
    for d in f["diagnostics"]:
        n += 1
        if not any(d["code"] in t and d["message"] in t for t in items):
            out.append(d["code"] + " " + d["message"])
if len(items) != n:
    out.append(f"{len(items)} findings on the page, {n} in the JSON report")
if len(rows) != len(report["files"]):
    out.append(f"{len(rows)} summary rows for {len(report['files'])} files")
elif "".join(rows[-1].itertext()).find("ech0020-v3-move-in.xml") < 0:
    out.append("the valid file is not last in the summary")
print("\n".join(out))
PY
)
[ -z "$missing" ] && pass "every diagnostic on the page, summary with invalid files first" ||
  fail "page lacks: $missing"
expect_in "$html" "<mark>" "the column is marked in the source line"
expect_in "$html" "hint: add &lt;testDeliveryFlag&gt; after &lt;action&gt;" "hints escaped"
# In German: the page's words, messages and hints, and its language attribute.
run --lang de validate -f html "$INV/ech0020-v3-move-in-missing-header-field.xml"
expect_in "$out" '<html xmlns="http://www.w3.org/1999/xhtml" lang="de">' "lang attribute"
expect_in "$out" "<title>ozg-Prüfbericht</title>" "German title"
expect_in "$out" "nach 'action' fehlt 'testDeliveryFlag'" "German message"
expect_in "$out" "Tipp: " "German hint"
# One file: no summary table, no script.
run validate -f html "$VALID"
expect_rc 0 "one valid file"
expect_not_in "$out" "<table" "no table for one file"
expect_in "$out" "No findings." "says there is nothing to fix"
finish
