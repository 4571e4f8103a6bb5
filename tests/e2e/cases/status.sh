# ozg status tells which bytes were delivered and what was refused (issue 11.3, 11.5) and
# survives a journal whose last line was torn by a crash (issue 10.14).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../transport.sh"
corpus_repo
make_messages "$TMP/out" 1
J=$TMP/j3.jsonl
sed 's/Muster/Mustermann/' "$TMP/out/m1.xml" > "$TMP/out/m1-other.xml"
mkdir -p "$TMP/d3"
run send "$TMP/out/m1.xml" --to "file:$TMP/d3" --journal "$J"
expect_rc 0 "first send into the folder"
run send "$TMP/out/m1-other.xml" --to "file:$TMP/d3" --journal "$J"
expect_rc 5 "other content under the same id is refused"
expect_in "$err" "[TRN506]" "refusal coded"
sha1=$(sha256sum "$TMP/out/m1.xml" | cut -d' ' -f1)
sha2=$(sha256sum "$TMP/out/m1-other.xml" | cut -d' ' -f1)
run status --journal "$J" msg-00001
expect_rc 0 "status of the id"
expect_in "$out" "  sha256       $sha1
  file         $TMP/out/m1.xml
  destination  file:$TMP/d3
  state        delivered (stored in the folder)" "the delivered bytes are named"
expect_in "$out" "  sha256       $sha2
  file         $TMP/out/m1-other.xml
  destination  file:$TMP/d3
  state        failed after 1 attempt:" "the refused second message is named"
expect_not_in "$(printf '%s\n' "$out" | grep -A3 "$TMP/out/m1-other.xml")" "state        delivered" "the refused one is not called delivered"
run status --journal "$J" --format json msg-00001
python3 -c 'import json,sys; m=json.load(sys.stdin)["messages"]; assert [x["delivered"] for x in m] == [True, False], m; assert m[1]["sha256"] == sys.argv[1]' "$sha2" <<< "$out" &&
  pass "JSON: two records, only the first delivered" || fail "JSON: $out"

# 11.5: a journal that does not exist is an error, not "no messages".
run status --journal "$TMP/nonexistent/j.jsonl"
expect_rc 3 "missing journal"
expect_in "$err" "no journal at $TMP/nonexistent/j.jsonl [TRN509]" "missing journal named"

# 10.14: a torn last line does not swallow the next record.
printf '{"time":"2026-01-01T00:00:00Z","message_id":"torn' >> "$J"
make_messages "$TMP/more" 2
run send "$TMP/more/m2.xml" --to "file:$TMP/d3" --journal "$J"
expect_rc 0 "send after a torn journal line"
run status --journal "$J" msg-00002
expect_rc 0 "the record after the torn line is found"
expect_in "$out" "state        delivered (stored in the folder)" "and it says delivered"
expect_in "$err" "1 unreadable line(s) skipped" "the torn line is reported"
finish
