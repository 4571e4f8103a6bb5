# One JSON key convention: every -f json output uses snake_case keys (documented in ozg(1)).
# ozg status -f json used messageId, statusCode, statusInfo, eventDate, httpStatus and
# receiptCode where inspect says message_id.
. "$(dirname "$0")/../lib.sh"
export OZG_HOME=$TMP/repo
run schemas add "$DATA/schemas/testbundle"
expect_rc 0 "add test schemas"
run codelists add "$DATA/codelists"
expect_rc 0 "add test code lists"
cat > "$TMP/ok.xml" <<'XML'
<delivery xmlns="urn:ozg:test:person:1">
  <header><senderId xmlns="urn:ozg:test:common:1">T1-1-1</senderId><messageId xmlns="urn:ozg:test:common:1">m-1</messageId></header>
  <person id="a"><name>A</name><birthDate>2001-02-03</birthDate></person>
</delivery>
XML
sed 's/2001-02-03/2001-02-30/' "$TMP/ok.xml" > "$TMP/bad.xml"
run validate -f json "$TMP/ok.xml" "$TMP/bad.xml"
expect_rc 1 "validate -f json"
expect_snake_keys "$out" "validate -f json"
run inspect -f json "$TMP/ok.xml" "$TMP/bad.xml" "$TMP/missing.xml"
expect_rc 3 "inspect -f json"
expect_snake_keys "$out" "inspect -f json"
run schemas list -f json
expect_rc 0 "schemas list -f json"
expect_snake_keys "$out" "schemas list -f json"
run codelists list -f json
expect_rc 0 "codelists list -f json"
expect_snake_keys "$out" "codelists list -f json"
uri=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["uri"])' <<< "$out")
run codelists show "$uri" -f json
expect_rc 0 "codelists show -f json"
expect_snake_keys "$out" "codelists show -f json"
mkdir -p "$TMP/dest"
run send "$TMP/ok.xml" --to "file:$TMP/dest" --journal "$TMP/j.jsonl"
expect_rc 0 "send into a folder"
run status --journal "$TMP/j.jsonl" -f json
expect_rc 0 "status -f json"
expect_snake_keys "$out" "status -f json"
expect_in "$out" '"message_id": "m-1"' "status -f json names the message id"
# The journal file keeps its documented keys (ozg-send(1), JOURNAL).
expect_in "$(cat "$TMP/j.jsonl")" '"messageId":"m-1"' "journal line keys unchanged"
finish
