# Every message under the corpus's messages/valid validates (exit 0), eCH and XÖV, with -j 2.
. "$(dirname "$0")/../lib.sh"
corpus_repo
# Except four eCH-0020 v2 test persons of open-ech, whose invented AHV numbers have a wrong check
# digit (CHK701, which the schema cannot see): those are real defects.
n=$(count_xml "$CORPUS/xoev/messages/valid")
run validate -j 2 "$CORPUS/xoev/messages/valid"
expect_rc 0 "xoev valid messages"
expect_in "$err" "$n files: $n valid, 0 invalid; 0 errors" "xoev summary counts all $n files"
n=$(count_xml "$CORPUS/ech/messages/valid")
run validate -j 2 "$CORPUS/ech/messages/valid"
expect_rc 1 "ech valid messages but four wrong VN check digits"
expect_in "$err" "$n files: $((n - 4)) valid, 4 invalid; 4 errors" "ech summary counts all $n files"
[ "$(grep -c '\[CHK701\]$' <<<"$err")" -eq 4 ] && pass "the 4 errors are CHK701" ||
  fail "errors: $(grep 'error:' <<<"$err" | head -5)"
for f in ChangeNameTest_7561234567890 CorrectTest_7561829871370 DeathTest_7566223399590 \
  moveIn__personSecondaryResidence; do
  expect_in "$err" "openech-testPerson/$f.xml: invalid (1 error)" "$f has the wrong VN"
done
run validate -j 2 --rule CHK701=warning "$CORPUS/ech/messages/valid"
expect_rc 0 "all ech valid messages with CHK701 a warning"
expect_in "$err" "$n files: $n valid, 0 invalid; 0 errors, " "ech summary with CHK701=warning"
# The engine-dependent xdomea message is valid for Xerces (boolean fixed value compared by value).
run validate "$CORPUS/xoev/messages/engine-dependent"
expect_rc 0 "xdomea fixed boolean 'true' vs '1'"
finish
