# KoSIT scenarios: `ozg validate --scenarios FILE [--repository DIR]` runs a KoSIT validator
# configuration. The configuration under tests/data/kosit has a scenario for orders (XSD, a
# Schematron compiled to XSLT, a report stylesheet and acceptMatch, a customLevel) and one for
# notes (XSD only: accepted when there are no errors). Broken configurations are made here; the
# corpus's two real configurations (sources with build placeholders, without their resources)
# must load and list, and be refused for validation naming the missing resources.
. "$(dirname "$0")/../lib.sh"
K=$DATA/kosit
M=$K/messages
export OZG_HOME=$TMP/home

# --- the configuration itself: no engine needed ---
run validate --scenarios "$K/scenarios.xml" --list-scenarios
expect_rc 0 "--list-scenarios"
expect_in "$out" "Demo order 1
    match: /d:order
    xsd: resources/order.xsd
    schematron: resources/order-rules.xsl
    report: resources/report.xsl
    accept: /rep:report/rep:assessment[1]/rep:accept[1]
  Demo note 1" "the list names scenarios, matches and resources"
expect_not_in "$out" "missing" "every resource is there"
run validate --scenarios "$K/scenarios.xml" --list-scenarios -f json
expect_rc 0 "--list-scenarios -f json"
expect_snake_keys "$out" "--list-scenarios -f json"
expect_in "$out" '"accept_match": "/rep:report/rep:assessment[1]/rep:accept[1]"' "JSON has the acceptMatch"

run validate --repository "$K" "$M/good.xml"
expect_rc 2 "--repository without --scenarios is a usage error"
run validate --scenarios "$K/scenarios.xml" --schema "$K/resources/order.xsd" "$M/good.xml"
expect_rc 2 "--scenarios with --schema is a usage error"
run validate --scenarios "$K/scenarios.xml"
expect_rc 2 "--scenarios without inputs is a usage error"
expect_in "$err" "ozg: error: missing operand: inputs" "worded as CLI11's errors are"

# Malformed and hostile scenarios files.
printf '<scenarios xmlns="http://www.xoev.de/de/validator/framework/1/scenarios"><name>x</name>' >"$TMP/cut.xml"
run validate --scenarios "$TMP/cut.xml" "$M/good.xml"
expect_rc 3 "a scenarios file that is not well-formed"
expect_in "$err" "[SCH230]" "it is SCH230"
expect_in "$err" "$TMP/cut.xml:1:" "naming the file and line"
printf '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<scenarios xmlns="http://www.xoev.de/de/validator/framework/1/scenarios">&x;</scenarios>\n' >"$TMP/xxe.xml"
run validate --scenarios "$TMP/xxe.xml" "$M/good.xml"
expect_rc 3 "a scenarios file with a DOCTYPE"
expect_in "$err" "[XML003] [SCH230]" "refused by the hardened loader (XML003 inside SCH230)"
expect_not_in "$err" "root:" "no file content leaks"
printf '<scenarios xmlns="urn:other"/>' >"$TMP/other.xml"
run validate --scenarios "$TMP/other.xml" "$M/good.xml"
expect_rc 3 "a document that is no scenarios file"
expect_in "$err" "is not a KoSIT scenarios file" "says what it expected"
sed 's|<match>/d:order</match>||' "$K/scenarios.xml" >"$TMP/nomatch.xml"
run validate --scenarios "$TMP/nomatch.xml" --repository "$K" "$M/good.xml"
expect_rc 3 "a scenario without <match>"
expect_in "$err" "scenario 'Demo order 1' has no <match> [SCH230]" "names the scenario"
run validate --scenarios "$TMP/nomatch.xml" "$M/good.xml"
expect_rc 3 "the repository defaults to the scenarios file's folder"

# Resources outside the repository, or missing.
mkdir -p "$TMP/repo/resources"
cp "$K"/resources/* "$TMP/repo/resources/"
cp "$K/resources/order.xsd" "$TMP/outside.xsd"
sed 's|resources/order.xsd|../outside.xsd|' "$K/scenarios.xml" >"$TMP/repo/up.xml"
run validate --scenarios "$TMP/repo/up.xml" "$M/good.xml"
expect_rc 3 "a resource reached with ../"
expect_in "$err" "up.xml:18:9: error: scenario 'Demo order 1': resource 'Order schema' at '../outside.xsd' leaves the repository $TMP/repo [SCH232]" "SCH232 names scenario, resource and line"
sed 's|resources/order.xsd|/etc/passwd|' "$K/scenarios.xml" >"$TMP/repo/abs.xml"
run validate --scenarios "$TMP/repo/abs.xml" "$M/good.xml"
expect_rc 3 "an absolute resource location"
expect_in "$err" "at '/etc/passwd' is an absolute path [SCH232]" "absolute paths are refused"
sed 's|resources/order.xsd|http://example.org/order.xsd|' "$K/scenarios.xml" >"$TMP/repo/uri.xml"
run validate --scenarios "$TMP/repo/uri.xml" "$M/good.xml"
expect_rc 3 "a remote resource location"
expect_in "$err" "is a URI, not a path inside the repository [SCH232]" "URIs are refused"
ln -s "$TMP/outside.xsd" "$TMP/repo/resources/link.xsd"
sed 's|resources/order.xsd|resources/link.xsd|' "$K/scenarios.xml" >"$TMP/repo/link.xml"
run validate --scenarios "$TMP/repo/link.xml" "$M/good.xml"
expect_rc 3 "a symbolic link out of the repository"
expect_in "$err" "[SCH232]" "links are followed before the check"
cat >"$TMP/repo/resources/evil.xsl" <<'EOF'
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="../../outside.xsl"/>
</xsl:stylesheet>
EOF
sed 's|resources/order-rules.xsl|resources/evil.xsl|' "$K/scenarios.xml" >"$TMP/repo/inc.xml"
run validate --scenarios "$TMP/repo/inc.xml" "$M/good.xml"
expect_rc 3 "a stylesheet including a file outside the repository"
expect_in "$err" "evil.xsl line 2 includes '../../outside.xsl', which leaves the repository" "the include is refused"
rm "$TMP/repo/resources/note.xsd"
cp "$K/scenarios.xml" "$TMP/repo/scenarios.xml"
run validate --scenarios "$TMP/repo/scenarios.xml" "$M/good.xml"
expect_rc 3 "a missing resource"
expect_in "$err" "scenario 'Demo note 1': resource 'Note schema' is missing: no file $TMP/repo/resources/note.xsd [SCH231]" "SCH231 names the missing file"

# The corpus's configurations are sources (placeholders, no resources folder): they load and
# list; validating with them names what is missing.
C=$CORPUS/xoev/schematron/kosit-validator
if [ -d "$C" ]; then
  C=$(cd "$C" && pwd)  # as ozg names the repository: absolute, without ..
  run validate --scenarios "$C/xgewerbeanzeige-scenarios.xml" --list-scenarios
  expect_rc 0 "corpus XGewerbeanzeige configuration lists"
  expect_in "$out" "(3 scenarios, " "three scenarios (the commented-out one is not one)"
  expect_in "$out" "  XGewerbeanzeige 2.2
    match: /xga:*
    xsd: resources/xgewerbeanzeige-2.2/xgewerbeanzeige.xsd  (missing or refused)" "resources are marked missing"
  expect_in "$out" "unexpanded build placeholders: @build.date@" "the placeholder is named"
  run validate --scenarios "$C/xrechnung-scenarios.xml" --list-scenarios -f json
  expect_rc 0 "corpus XRechnung configuration lists as JSON"
  n=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["scenarios"]))' <<<"$out")
  [ "$n" = 11 ] && pass "XRechnung has 11 scenarios" || fail "XRechnung scenarios: $n"
  expect_in "$out" '"@xrechnung.version@"' "its placeholders are listed"
  run validate --scenarios "$C/xrechnung-scenarios.xml" "$M/good.xml"
  expect_rc 3 "validating with the unbuilt XRechnung configuration"
  expect_in "$err" "resource 'Schematron rules for Invoice - CIUS XRechnung (UBL)' is missing: no file $C/resources/xrechnung/@xrechnung.version@/xsl/XRechnung-UBL-validation.xsl (its location holds the unexpanded build placeholder @xrechnung.version@) [SCH231]" "the missing resource and its placeholder are named"
  expect_in "$err" "holds the unexpanded build placeholder @xrechnung.spec.id@ [SCH236]" "a placeholder in a match is SCH236"
  expect_in "$err" "hint: this file is the source of a configuration" "the hint says what to use"
  run validate --scenarios "$C/xgewerbeanzeige-scenarios.xml" "$M/good.xml"
  expect_rc 3 "validating with XGewerbeanzeige without its resources"
  expect_in "$err" "resource 'Standard-Prüfbericht' is missing" "names the missing report"
fi

# --- running the scenarios: needs the engine ---
jar=${OZG_SAXON_JAR:-/usr/share/java/Saxon-HE.jar}
jvm=${OZG_LIBJVM:-/usr/lib/jvm/default-java/lib/server/libjvm.so}
out=$(OZG_LIBJVM=$TMP/none/libjvm.so "$OZG" validate --scenarios "$K/scenarios.xml" "$M/good.xml" 2>&1) && rc=0 || rc=$?
expect_rc 3 "without a Java VM no scenario can be chosen"
expect_in "$out" "error: no scenario can be chosen without the XPath 2.0 engine: install default-jre-headless libsaxonhe-java" "says why"
expect_in "$out" "[SCH210]" "with the engine's code"
{ [ -f "$jar" ] && [ -f "$jvm" ]; } || { echo "SKIP: the engine checks (no $jvm or $jar)"; finish; }

S=(validate --scenarios "$K/scenarios.xml")
run "${S[@]}" "$M/good.xml"
expect_rc 0 "a matching valid order is accepted"
expect_in "$err" "good.xml: accepted; scenario 'Demo order 1' (acceptMatch); schema resources/order.xsd" "the report names scenario and acceptance"
run "${S[@]}" "$M/note.xml"
expect_rc 0 "a note (no report, no acceptMatch) without errors is accepted"
expect_in "$err" "note.xml: accepted; scenario 'Demo note 1'; schema resources/note.xsd" "accepted by its errors"
run "${S[@]}" "$M/bad-xsd.xml"
expect_rc 1 "an order breaking its XSD is rejected"
expect_in "$err" "[XSD103]" "the schema error is reported"
expect_in "$err" "Schematron not checked (Order rules): the schema step failed [SCH211]" "the rules are skipped"
expect_in "$err" "bad-xsd.xml: rejected (1 error); scenario 'Demo order 1'; schema" "rejected, without acceptMatch"
run "${S[@]}" "$M/bad-rule.xml"
expect_rc 1 "an order breaking a Schematron rule is rejected"
expect_in "$err" "bad-rule.xml:4:11: error: The amount of an order must be positive. [ORD-01] [SCH201]
    at /d:order[1]/d:amount[1]" "the rule's id, text, SVRL location and line"
expect_in "$err" "[SCH234]" "and the acceptMatch rejects it"
run "${S[@]}" "$M/large.xml"
expect_rc 0 "customLevel lowers a rule to a warning"
expect_in "$err" "large.xml:4:11: warning: An order of 1000 or more needs a second signature. [ORD-02] [SCH201]" "ORD-02 is a warning"
expect_in "$err" "large.xml: accepted (0 errors, 1 warning)" "and the order accepted"
run "${S[@]}" "$M/reject.xml"
expect_rc 1 "acceptMatch rejects an order without errors"
expect_in "$err" "reject.xml: error: rejected by scenario 'Demo order 1': acceptMatch /rep:report/rep:assessment[1]/rep:accept[1] does not hold on its report (resources/report.xsl) [SCH234]" "SCH234 names the acceptMatch"
run "${S[@]}" "$M/other.xml"
expect_rc 1 "no scenario matches"
expect_in "$err" "other.xml: error: no scenario of $K/scenarios.xml matches this document (root {urn:ozg:test:kosit:note:1}note) [SCH233]" "SCH233 names root and namespace"
expect_in "$err" "other.xml: rejected (1 error); no scenario" "rejected"
sed 's|<match>/d:order</match>|<match>/*</match>|' "$K/scenarios.xml" >"$TMP/repo2.xml"
run validate --scenarios "$TMP/repo2.xml" --repository "$K" "$M/note.xml"
expect_rc 1 "two matching scenarios"
expect_in "$err" "2 scenarios match this document (root {urn:ozg:test:kosit:note:1}note): 'Demo order 1', 'Demo note 1'; KoSIT takes a document that matches exactly one [SCH233]" "ambiguity is SCH233"
sed 's|<match>/d:order</match>|<match>/d:order[</match>|' "$K/scenarios.xml" >"$TMP/badxp.xml"
run validate --scenarios "$TMP/badxp.xml" --repository "$K" "$M/good.xml"
expect_rc 3 "a match that does not compile"
expect_in "$err" "badxp.xml:14:5: error: scenario 'Demo order 1': the XPath expression '/d:order[' does not compile" "names the line, scenario and expression"
expect_in "$err" "[SCH230]" "as SCH230"

# A stylesheet that reads from the network (here a server on loopback) gets nothing: the
# VM's URL connections all fail, and the document is rejected (KoSIT: acceptance undefined).
mkdir -p "$TMP/net/resources" "$TMP/srv"
cp "$K"/resources/* "$TMP/net/resources/"
cp "$K/scenarios.xml" "$TMP/net/"
echo '<x>from the network</x>' >"$TMP/srv/x.xml"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$TMP/srv" >"$TMP/srv.log" 2>&1 &
srv=$!
for _ in $(seq 50); do grep -q " port " "$TMP/srv.log" && break; sleep 0.1; done
port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$TMP/srv.log" | head -1)
cat >"$TMP/net/resources/order-rules.xsl" <<XSL
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
  <xsl:template match="/">
    <svrl:schematron-output><svrl:failed-assert id="NET" location="/"><svrl:text><xsl:value-of select="doc('http://127.0.0.1:$port/x.xml')"/></svrl:text></svrl:failed-assert></svrl:schematron-output>
  </xsl:template>
</xsl:stylesheet>
XSL
run validate --scenarios "$TMP/net/scenarios.xml" "$M/good.xml"
kill "$srv" 2>/dev/null
wait "$srv" 2>/dev/null
[ -n "$port" ] && pass "a loopback server on port $port" || fail "no test server: $(cat "$TMP/srv.log")"
expect_rc 1 "a stylesheet reading from the network"
expect_in "$err" "http://127.0.0.1:$port/x.xml: Connection refused" "its request never leaves the VM"
expect_in "$err" "[SCH213]" "as SCH213"
expect_in "$err" "good.xml: rejected (1 error); scenario 'Demo order 1'; schema" "and the document is rejected"
expect_not_in "$(cat "$TMP/srv.log")" "GET" "the server was never asked"
expect_not_in "$err" "from the network" "nothing of it arrives"

run "${S[@]}" -f json "$M/good.xml" "$M/other.xml" "$M/reject.xml"
expect_rc 1 "-f json: one rejected file fails the run"
expect_snake_keys "$out" "validate --scenarios -f json"
sc=$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(";".join("%s=%s/%s/%s" % (f["file"].rsplit("/", 1)[1], f["scenario"]["name"], f["scenario"]["acceptance"], f["scenario"]["by_accept_match"]) for f in d["files"]), d["summary"]["accepted"], d["summary"]["rejected"])' <<<"$out")
[ "$sc" = "good.xml=Demo order 1/accepted/True;other.xml=None/rejected/False;reject.xml=Demo order 1/rejected/True 1 2" ] &&
  pass "JSON has each file's scenario and acceptance, and the totals" || fail "JSON scenarios: $sc"
run "${S[@]}" "$M/good.xml" "$M/note.xml" "$M/large.xml"
expect_rc 0 "all accepted: exit 0"
expect_in "$err" "3 files: 3 accepted, 0 rejected; 0 errors, 1 warning;" "the summary counts acceptances"
# A file that never reaches a scenario (empty, a DOCTYPE, not well-formed) is rejected too, and
# fails the run: it used to be counted nowhere, and the run exited 0.
printf '' > "$TMP/empty.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE o [<!ENTITY a "x">]>\n<o>&a;</o>\n' > "$TMP/doctype.xml"
printf '<o><unclosed></o>\n' > "$TMP/broken.xml"
for f in empty doctype broken; do
  run "${S[@]}" "$TMP/$f.xml"
  expect_rc 1 "$f.xml is rejected"
  expect_in "$err" "$f.xml: rejected (1 error)" "$f.xml: the verdict line says rejected"
  expect_in "$err" "1 file: 0 accepted, 1 rejected" "$f.xml: counted as rejected"
done
run "${S[@]}" "$TMP/empty.xml" "$M/good.xml"
expect_rc 1 "one rejected file among accepted ones fails the run"
expect_in "$err" "2 files: 1 accepted, 1 rejected" "both counted"

# JUnit counts acceptances: the rejected file is the one failure.
run "${S[@]}" -f junit "$M/good.xml" "$M/reject.xml"
expect_rc 1 "-f junit with one rejected file"
expect_in "$out" '<testsuite name="ozg validate" tests="2" failures="1"' "one failure in the suite"
expect_in "$out" 'message="rejected, 1 error"' "the failure says rejected"
finish
