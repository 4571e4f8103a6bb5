# ozg send to a sedex outbox (data_<id>.xml + a generated eCH-0090 v2 envl_<id>.xml, checked
# against the corpus schema) and to a folder; ozg status explaining sedex receipts.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../transport.sh"
corpus_repo
export OZG_JOURNAL=$TMP/journal.jsonl
make_messages "$TMP/out" 4
mkdir -p "$TMP/outbox"

run send "$TMP/out/m1.xml" --to "sedex:$TMP/outbox"
expect_rc 2 "no sedex message type in an eCH-0058 v5 header"
expect_in "$err" "ozg: error: $TMP/out/m1.xml: cannot make the sedex envelope: messageType 'http://www.ech.ch/xmlns/eCH-0020/3' is not a sedex message type (an integer 0..2699999) [TRN507]" "field and value named"
expect_in "$err" "hint: the envelope needs it; give --message-type N" "option named"
[ -z "$(ls -A "$TMP/outbox")" ] && pass "nothing written" || fail "outbox: $(ls "$TMP/outbox")"

run send "$TMP/out" --to "sedex:$TMP/outbox" --message-type 10 --envelope-from-header -v
expect_rc 0 "four messages into the outbox"
expect_in "$err" "ozg: queued $TMP/out/m1.xml as data_msg-00001.xml + envl_msg-00001.xml in $TMP/outbox (delivered when the adapter's receipt says 100)" "queued, not delivered"
expect_in "$err" "ozg: 4 messages: 0 delivered, 4 queued for sedex, 0 failed, 0 refused as invalid" "summary"
[ "$(ls -A "$TMP/outbox" | wc -l)" = 8 ] && pass "8 files, no temporary ones" || fail "outbox: $(ls -A "$TMP/outbox")"
cmp -s "$TMP/out/m2.xml" "$TMP/outbox/data_msg-00002.xml" && pass "payload unchanged" || fail "payload differs"
expect_in "$(cat "$TMP/outbox/envl_msg-00001.xml")" "<eCH-0090:senderId>T4-900001-1</eCH-0090:senderId>" "sender from the header (sedex:// removed)"
expect_in "$(cat "$TMP/outbox/envl_msg-00001.xml")" "<eCH-0090:eventDate>2024-03-01T09:30:00</eCH-0090:eventDate>" "event date from the header"
run validate -v "$TMP/outbox"
expect_rc 0 "outbox valid: envelopes against eCH-0090 v2, data against eCH-0020, pairs consistent"
expect_in "$err" "envl_msg-00001.xml: valid; schema ech/eCH-0090-2-0.xsd" "envelope checked against eCH-0090 v2"

run send "$TMP/out/m1.xml" --to "sedex:$TMP/outbox" --message-type 10 -v
expect_rc 0 "the same message again"
expect_in "$err" "(already waiting there)" "not written twice"
sed 's/Muster/Mustermann/' "$TMP/out/m1.xml" > "$TMP/changed.xml"
run send "$TMP/changed.xml" --to "sedex:$TMP/outbox" --message-type 10
expect_rc 5 "other content under a queued id"
expect_in "$err" "data_msg-00001.xml already exists with other content [TRN506]" "conflict named"

run send "$TMP/out/m1.xml" --to "sedex:$TMP/missing" --message-type 10
expect_rc 5 "outbox missing"
expect_in "$err" "ozg: error: $TMP/missing: no such folder [TRN506]" "missing outbox named"

# Receipts explain what happened. They belong to the outbox beside them (the adapter's layout
# <base>/outbox, <base>/receipts): receipts from elsewhere mark nothing of this outbox.
run status --receipts "$DATA/receipts"
expect_not_in "$out" "msg-00001  delivered (sedex receipt 100)  -> sedex:$TMP/outbox" "another outbox's receipts do not apply"
expect_in "$out" "msg-00001  delivered (sedex receipt 100)  -> sedex:$DATA/outbox" "they stand on their own"
cp -r "$DATA/receipts" "$TMP/receipts"
run status --receipts "$TMP/receipts"
expect_rc 0 "status with receipts"
expect_in "$err" "ozg: warning: $TMP/receipts/notes.xml: not an eCH-0090 receipt [TRN521]" "foreign file skipped"
# Issue 11.4: the send to the missing outbox failed; no receipt hides that.
expect_in "$out" "msg-00001  failed after 1 attempt: $TMP/missing: no such folder [TRN506]  -> sedex:$TMP/missing" "the failed send stays failed"
expect_in "$out" "msg-00001  delivered (sedex receipt 100)  -> sedex:$TMP/outbox" "100 delivered"
expect_in "$out" "msg-00002  not delivered: sedex receipt 201 (duplicate message id)  -> sedex:$TMP/outbox
    what to do: do not resend: a message with this id was already sent; a new message needs a new id" "201 explained"
expect_in "$out" "msg-00003  not delivered: sedex receipt 301 (unknown recipient id)  -> sedex:$TMP/outbox
    what to do: fix the address: the recipientId is not a sedex participant (check --recipient-id)" "301 explained"
expect_in "$out" "msg-00004  not delivered: sedex receipt 401 (OSCI hub not reachable (network))  -> sedex:$TMP/outbox
    what to do: retry later" "401 explained"
expect_in "$out" "lost-4711  not delivered: sedex receipt 320 (never fetched by the recipient)  -> sedex:$TMP/outbox
    what to do: the recipient did not take the message in time; contact the recipient, then send again" "320 explained"
run status msg-00003 --receipts "$TMP/receipts"
expect_in "$out" "  2026-01-05T10:02:00+01:00  sedex receipt 301 (unknown recipient id): Unknown recipient  [receipt_msg-00003.xml]" "receipt line"
run status --receipts "$TMP/receipts" --format json msg-00001
python3 -c 'import json,sys; m=json.load(sys.stdin)["messages"][0]; assert m["delivered"] and m["receipts"][0]["status_code"] == 100' <<< "$out" &&
  pass "JSON: delivered by receipt 100" || fail "JSON: $out"
expect_snake_keys "$out" "status -f json with receipts"
run status nope-1
expect_rc 1 "unknown id"
expect_in "$err" "ozg: error: no record of message nope-1 in $OZG_JOURNAL [TRN520]" "unknown id named"
run status --since 2x
expect_rc 2 "bad --since"
run status --since 1h
expect_rc 0 "--since"
expect_in "$out" "msg-00004  queued in the sedex outbox, no receipt yet" "queued without receipt"
run validate "$DATA"/receipts/receipt_*.xml
expect_rc 0 "the receipt fixtures are valid eCH-0090"

# file: a folder as the destination.
mkdir -p "$TMP/drop"
run send "$TMP/out/m1.xml" "$TMP/out/m2.xml" --to "file:$TMP/drop"
expect_rc 0 "folder delivery"
cmp -s "$TMP/out/m1.xml" "$TMP/drop/msg-00001.xml" && pass "stored under the id" || fail "drop: $(ls -A "$TMP/drop")"
run send "$TMP/out/m1.xml" --to "file:$TMP/drop" -v
expect_rc 0 "again"
expect_in "$err" "ozg: delivered $TMP/out/m1.xml as $TMP/drop/msg-00001.xml (already there)" "idempotent"
run send "$TMP/changed.xml" --to "file:$TMP/drop"
expect_rc 5 "other content under the id"
expect_in "$err" "msg-00001.xml already exists with other content (same message id, different bytes) [TRN506]" "conflict"
[ "$(ls -A "$TMP/drop" | wc -l)" = 2 ] && pass "no temporary files" || fail "drop: $(ls -A "$TMP/drop")"

# --sign: the signed copy is what is validated and sent.
make_pki
mkdir -p "$TMP/signed"
SIGN=(--sign --sign-key "$P/client.key" --sign-cert "$P/client.pem")
run send "$TMP/out/m3.xml" --to "file:$TMP/signed" "${SIGN[@]}"
expect_rc 1 "signed eCH-0020 message no longer fits its schema"
expect_in "$err" "not sent: the message is invalid [TRN500]" "refused"
expect_in "$err" "note: the signed copy was validated; most eCH schemas have no place for ds:Signature" "reason given"
# Issue 11.8: the finding is located in the signed copy, and says so (its lines are not the input's).
expect_in "$err" "$TMP/out/m3.xml (signed copy):" "the location names the signed copy"
run send "$TMP/out/m3.xml" --to "file:$TMP/signed" "${SIGN[@]}" --force
expect_rc 0 "signed and sent with --force"
run verify --trust "$P/ca.pem" "$TMP/signed/msg-00003.xml"
expect_rc 0 "what arrived verifies"
expect_in "$err" "signature good, signed by CN=portal,O=Gemeinde Beispielwil" "signer"
run send "$TMP/out/m3.xml" --to "file:$TMP/signed" --sign --sign-key "$P/missing.key" --sign-cert "$P/client.pem"
expect_rc 4 "unusable signing key"
expect_in "$err" "[SIG410]" "signing failure named"
finish
