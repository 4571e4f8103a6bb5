# Issue 11.11: "-" is standard input or output in every command.
. "$(dirname "$0")/../lib.sh"
corpus_repo
M=$SAMPLES/valid/ech0020-v3-move-in.xml
cd "$TMP"
run validate -o - "$M"
expect_rc 0 "validate -o -"
expect_in "$out" "1 file: 1 valid" "the report went to standard output"
[ -e "$TMP/-" ] && fail "a file named '-' was created" || pass "no file named '-'"
run validate -f json -o - "$M"
expect_in "$out" '"valid": 1' "JSON report on standard output"
run validate -o "$TMP" "$M"
expect_rc 3 "-o names a folder"
expect_in "$err" "is a folder; the report is one file: give its name" "said what to give instead"
run inspect - < "$M"
expect_rc 0 "inspect -"
expect_in "$out" "file        <stdin> (5,418 bytes" "inspect reads standard input"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/k.pem" -out "$TMP/c.pem" -days 2 \
  -subj "/CN=stdin test" 2>/dev/null
out=$("$OZG" sign --key "$TMP/k.pem" --cert "$TMP/c.pem" - < "$M" 2>"$TMP/sign.err") && rc=0 || rc=$?
expect_rc 0 "sign - (standard input to standard output)"
printf '%s\n' "$out" > "$TMP/signed.xml"
out=$("$OZG" verify --trust "$TMP/c.pem" - < "$TMP/signed.xml" 2>&1) && rc=0 || rc=$?
expect_rc 0 "verify -"
expect_in "$out" "<stdin>: signature good, signed by CN=stdin test" "verify reads standard input"
finish
