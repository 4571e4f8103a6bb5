# Version, help, typo suggestions, stdin, missing files, output files written atomically.
. "$(dirname "$0")/../lib.sh"
export OZG_HOME=$TMP/repo
run --version
expect_rc 0 "--version"
expect_in "$out" "ozg " "version printed"
run valdate x.xml
expect_rc 2 "typo in command"
expect_in "$err" "Did you mean 'validate'?" "nearest command suggested"
cat > "$TMP/any.xml" <<'XML'
<a xmlns="urn:ozg:test:person:1"/>
XML
run validate "$TMP/any.xml"
expect_rc 3 "empty repository is a configuration problem"
expect_in "$err" "the schema repository at $OZG_HOME is empty [XSD110]" "empty repository named"
run schemas add "$DATA/schemas/testbundle"
expect_rc 0 "add test schemas"
cat > "$TMP/ok.xml" <<'XML'
<delivery xmlns="urn:ozg:test:person:1">
  <header><senderId xmlns="urn:ozg:test:common:1">T1-1-1</senderId><messageId xmlns="urn:ozg:test:common:1">m</messageId></header>
  <person id="a"><name>A</name><birthDate>2001-02-03</birthDate></person>
</delivery>
XML
sed 's/2001-02-03/2001-02-30/' "$TMP/ok.xml" > "$TMP/bad.xml"
out=$("$OZG" validate - < "$TMP/ok.xml" 2>&1) && rc=0 || rc=$?
expect_rc 0 "stdin"
run validate -v - < "$TMP/bad.xml"
expect_rc 1 "invalid on stdin"
expect_in "$err" "<stdin>:3:" "stdin named in diagnostics"
run validate "$TMP/ok.xml" "$TMP/missing.xml"
expect_rc 3 "missing input file"
expect_in "$err" "$TMP/missing.xml: error: no such file [XML007]" "missing file diagnostic"
run validate --format junit -o "$TMP/report.xml" "$TMP/ok.xml" "$TMP/bad.xml"
expect_rc 1 "junit run exits by verdict"
expect_in "$(cat "$TMP/report.xml")" '<testsuite name="ozg validate" tests="2" failures="1" errors="0"' "junit report written"
ls -A "$TMP" | grep -q '^\.report' && fail "temporary report left behind" || pass "no temporary report left"
# A report to a FIFO (as to /dev/stdout or /dev/null) is written into it, never renamed over it.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" > "$TMP/from-fifo" &
reader=$!
run validate --format json -o "$TMP/fifo" "$TMP/ok.xml"
wait $reader
expect_rc 0 "report into a FIFO"
[ -p "$TMP/fifo" ] && pass "the FIFO is still a FIFO" || fail "the FIFO was replaced by a file"
expect_in "$(cat "$TMP/from-fifo")" '"valid": 1' "report arrived through the FIFO"
run validate -o "$TMP/report.txt" "$TMP/bad.xml"
expect_rc 1 "text report to a file"
expect_in "$(cat "$TMP/report.txt")" "$TMP/bad.xml:3:" "text report written to -o"
expect_in "$(cat "$TMP/report.txt")" "1 file: 0 valid, 1 invalid" "summary in the text report"
run help schemas add
expect_in "$out" "ozg schemas add" "help for a nested command"
run validate --format sarif -o "$TMP/nodir/report.sarif" "$TMP/ok.xml"
expect_rc 3 "unwritable report path"
[ ! -e "$TMP/nodir/report.sarif" ] && pass "no partial report" || fail "partial report written"
run validate --format sarif "$TMP/bad.xml"
expect_rc 1 "sarif on stdout"
expect_in "$out" '"version": "2.1.0"' "sarif version"
expect_in "$out" '"ruleId": "XSD103"' "sarif result rule"
finish
