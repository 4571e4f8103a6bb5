# ozg send -> ozg receive over mutual TLS on loopback, with a test PKI made now: delivery,
# duplicates, conflicts, invalid and oversized messages, the wrong client certificate or none
# (refused in the TLS handshake), plain curl as another client, and a clean stop on SIGTERM.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../transport.sh"
corpus_repo
make_pki
export OZG_JOURNAL=$TMP/journal.jsonl
MSG=$SAMPLES/valid/ech0020-v3-move-in.xml
ID=3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f
SENDER=T4-900001-1  # its senderId sedex://T4-900001-1: the inbox keeps messages per sender
mkdir -p "$TMP/inbox"
start_receiver "$TMP/inbox" "$TMP/recv.log" 0 --max-bytes 20000
URL=https://127.0.0.1:$RECV_PORT/inbox

run send "$MSG" --to "$URL" $(client_opts)
expect_rc 0 "send one valid message"
expect_in "$err" "ozg: 1 message: 1 delivered, 0 failed, 0 refused as invalid (journal $OZG_JOURNAL)" "summary"
cmp -s "$MSG" "$TMP/inbox/$SENDER/$ID.xml" && pass "stored byte for byte under its sender and message id" || fail "inbox copy differs"

run send "$MSG" --to "$URL" $(client_opts) -v
expect_rc 0 "send the same message again"
expect_in "$err" "ozg: delivered $MSG as $ID (HTTP 200, attempt 1)" "answered 200 already received"
[ "$(count_xml "$TMP/inbox")" = 1 ] && pass "duplicate stored once" || fail "duplicate stored twice"

# Another client: curl POST and PUT (the receiver takes both).
curl -sS --cert "$P/client.pem" --key "$P/client.key" --cacert "$P/ca.pem" \
  -X POST --data-binary @"$SAMPLES/valid/ech0020-v2-birth.xml" -H 'Content-Type: application/xml' \
  -o "$TMP/receipt.json" -w '%{http_code}' "$URL/" > "$TMP/code"
[ "$(cat "$TMP/code")" = 201 ] && pass "curl POST answered 201" || fail "curl POST: $(cat "$TMP/code")"
expect_in "$(cat "$TMP/receipt.json")" '"messageId": "B-2024-0001"' "receipt names the message id"
expect_in "$(cat "$TMP/receipt.json")" '"sha256": "'"$(sha256sum < "$SAMPLES/valid/ech0020-v2-birth.xml" | cut -d' ' -f1)"'"' "receipt has the SHA-256"
expect_in "$(cat "$TMP/receipt.json")" '"status": "stored"' "receipt says stored"

# Same id, other content: 409.
sed 's/Muster/Mustermann/' "$MSG" > "$TMP/changed.xml"
run send "$TMP/changed.xml" --to "$URL" $(client_opts)
expect_rc 5 "other content under a used id"
expect_in "$err" "not delivered to $URL after 1 attempt: HTTP 409 (message id already used: a message from sender 'sedex://T4-900001-1' with id '$ID' and other content was received before; a new message needs a new id) [TRN503]" "409 explained"
expect_in "$err" "hint: the peer holds a different message with this id; a new message needs a new id" "409 hint"
cmp -s "$MSG" "$TMP/inbox/$SENDER/$ID.xml" && pass "first copy kept" || fail "first copy replaced"

# Another sender, the same id: another message (eCH-0058 ids are unique per sender). It used to
# get 409 and be lost to the register.
sed -e 's|sedex://T4-900001-1|sedex://T4-900002-1|' -e 's/Muster/Beispiel/' "$MSG" > "$TMP/other-sender.xml"
code=$(curl -sS --cert "$P/client.pem" --key "$P/client.key" --cacert "$P/ca.pem" -T "$TMP/other-sender.xml" \
  -o "$TMP/receipt-b.json" -w '%{http_code}' "$URL/$ID.xml" 2>/dev/null)
[ "$code" = 201 ] && pass "another sender's message with the same id: 201" || fail "another sender, same id: HTTP $code"
expect_in "$(cat "$TMP/receipt-b.json")" '"sender": "sedex://T4-900002-1"' "receipt names the sender"
cmp -s "$TMP/other-sender.xml" "$TMP/inbox/T4-900002-1/$ID.xml" && cmp -s "$MSG" "$TMP/inbox/$SENDER/$ID.xml" &&
  pass "both kept, each under its sender" || fail "inbox: $(find "$TMP/inbox" -name '*.xml')"

# Invalid: refused before sending, or with --force refused by the receiver (422).
BAD=$SAMPLES/invalid/ech0020-v3-move-in-bad-date.xml
run send "$BAD" --to "$URL" $(client_opts)
expect_rc 1 "invalid message refused"
expect_in "$err" "ozg: error: $BAD: not sent: the message is invalid [TRN500]" "refusal named"
expect_in "$err" "[XSD103]" "finding shown"
run send "$BAD" --to "$URL" $(client_opts) --force
expect_rc 5 "invalid message sent with --force"
expect_in "$err" "HTTP 422 (message is invalid: 1 error(s) found by validation; nothing was stored) [TRN503]" "422 from the receiver"
curl -sS --cert "$P/client.pem" --key "$P/client.key" --cacert "$P/ca.pem" -X POST \
  --data-binary @"$BAD" -D "$TMP/headers" -o "$TMP/problem.json" "$URL/" >/dev/null
expect_in "$(cat "$TMP/headers")" "Content-Type: application/problem+json" "RFC 9457 media type"
expect_in "$(cat "$TMP/problem.json")" '"code": "XSD103"' "problem lists the diagnostic"
expect_in "$(cat "$TMP/problem.json")" '"line": 41' "with its line"
# Issue 12.1: the problem document speaks to the remote sender. The receiver's own remedies
# (install a schema) are not the sender's to take: no "ozg schemas add DIR" for a portal.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<x:delivery xmlns:x="urn:example:no-such-standard"><x:a/></x:delivery>\n' > "$TMP/unknown-ns.xml"
curl -sS --cert "$P/client.pem" --key "$P/client.key" --cacert "$P/ca.pem" -X POST \
  --data-binary @"$TMP/unknown-ns.xml" -o "$TMP/problem-ns.json" -w '%{http_code}' "$URL/" > "$TMP/code"
[ "$(cat "$TMP/code")" = 422 ] && pass "unknown namespace answered 422" || fail "unknown namespace: $(cat "$TMP/code")"
expect_in "$(cat "$TMP/problem-ns.json")" '"code": "XSD110"' "problem names XSD110"
expect_in "$(cat "$TMP/problem-ns.json")" '"hint": "the receiver has no schema for namespace urn:example:no-such-standard; ask the receiver'"'"'s operator to install it, or send a version the receiver supports"' "hint worded for the remote sender"
expect_not_in "$(cat "$TMP/problem-ns.json")" "ozg schemas add" "no local command for the remote sender"
expect_not_in "$(cat "$TMP/problem-ns.json")" "--schema" "no local option for the remote sender"

# Oversized: 413.
{ sed '$d' "$MSG"; for i in $(seq 1 400); do echo "<!-- padding padding padding padding padding -->"; done; tail -n 1 "$MSG"; } > "$TMP/big.xml"
run send "$TMP/big.xml" --to "$URL" $(client_opts)
expect_rc 5 "oversized message"
expect_in "$err" "HTTP 413 (message too large: the receiver accepts at most 20000 bytes) [TRN503]" "413 explained"
expect_in "$err" "hint: the message is larger than the peer accepts" "413 hint"

# The wrong client certificate (issued by another CA): the TLS handshake fails with an alert,
# not retried; the receiver's log says why.
run send "$MSG" --to "$URL" --cert "$P/rogue.pem" --key "$P/rogue.key" --ca "$P/ca.pem"
expect_rc 5 "client certificate from another CA"
expect_in "$err" "alert unknown ca" "the alert shown"
expect_in "$err" "[TRN502]" "TLS code"
expect_in "$err" "hint: the server refused our client certificate: --cert must be issued by a CA the server trusts" "TLS hint"
expect_in "$err" "after 1 attempt:" "not retried"
# No client certificate at all: no HTTP answer, nothing stored.
code=$(curl -sS --cacert "$P/ca.pem" -T "$MSG" -o /dev/null -w '%{http_code}' "$URL/$ID.xml" 2>/dev/null)
[ "$code" = 000 ] && pass "client without certificate refused in the handshake" || fail "client without certificate: HTTP $code"
# The server's certificate not trusted (no --ca): verification is never off silently.
run send "$MSG" --to "$URL" --cert "$P/client.pem" --key "$P/client.key"
expect_rc 5 "server certificate not trusted"
expect_in "$err" "hint: the server's certificate is not trusted: give the CA that issued it with --ca" "trust hint"
run send "$MSG" --to "$URL" --cert "$P/client.pem" --key "$P/client.key" --insecure
expect_rc 0 "--insecure delivers"
expect_in "$err" "ozg: warning: --insecure: the server's certificate is NOT verified; anyone on the path can read and change these messages [TRN505]" "--insecure warns"
# Public-key pinning: the right pin passes, a wrong one fails.
PIN=sha256//$(openssl x509 -in "$P/server.pem" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
run send "$MSG" --to "$URL" $(client_opts) --pin "$PIN"
expect_rc 0 "matching --pin"
run send "$MSG" --to "$URL" $(client_opts) --pin "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
expect_rc 5 "wrong --pin"
expect_in "$err" "hint: the server's public key does not match --pin" "pin hint"
# PKCS#12 with the password from a file.
openssl pkcs12 -export -in "$P/client.pem" -inkey "$P/client.key" -out "$P/client.p12" -passout pass:s3cret 2>/dev/null
echo s3cret > "$P/pass"
run send "$MSG" --to "$URL" --p12 "$P/client.p12" --pass-file "$P/pass" --ca "$P/ca.pem"
expect_rc 0 "PKCS#12 client certificate"
echo wrong > "$P/wrongpass"
run send "$MSG" --to "$URL" --p12 "$P/client.p12" --pass-file "$P/wrongpass" --ca "$P/ca.pem"
expect_rc 5 "PKCS#12 with a wrong password"
expect_in "$err" "[TRN510]" "certificate problem named"

# Usage errors.
run send "$MSG" --to "http://127.0.0.1:$RECV_PORT/inbox" $(client_opts)
expect_rc 2 "plain http refused"
expect_in "$err" "plain http is refused; messages carry personal data [TRN508]" "http refusal text"
run send "$MSG" --to "https://" $(client_opts)
expect_rc 2 "URL without host"
expect_in "$err" "ozg: error: --to https://: No host part in the URL [TRN508]" "libcurl's reason"
run send "$MSG" --to "$URL"
expect_rc 2 "no client certificate"
expect_in "$err" "ozg: error: HTTPS delivery needs a client certificate [TRN508]" "certificate required"
run send "$TMP/nope.xml" --to "$URL" $(client_opts)
expect_rc 3 "missing input"

# The journal tells the story.
run status "$ID"
expect_rc 0 "status of the message"
expect_in "$out" "message $ID" "status header"
expect_in "$out" "  state        delivered (HTTP 201)" "delivered once acknowledged"
run status --format json
expect_rc 0 "status as JSON"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(m["delivered"] for m in d["messages"])' <<< "$out" &&
  pass "JSON parses" || fail "JSON status unreadable"

# SIGTERM: exit 0, nothing half-written left.
stop_server "$RECV_PID"
[ "$STOP_RC" = 0 ] && pass "receiver exits 0 on SIGTERM" || fail "receiver exit $STOP_RC on SIGTERM"
expect_in "$(cat "$TMP/recv.log")" "SIGTERM: no new connections; finishing requests in flight" "stop logged"
expect_in "$(cat "$TMP/recv.log")" "201 stored $SENDER/$ID.xml" "request logged"
expect_in "$(cat "$TMP/recv.log")" "(client /O=Gemeinde Beispielwil/CN=portal)" "client certificate logged"
expect_in "$(cat "$TMP/recv.log")" "ozg: 127.0.0.1: TLS handshake refused: client certificate /O=Elsewhere/CN=rogue refused: unable to get local issuer certificate" "refused certificate logged with the reason"
expect_in "$(cat "$TMP/recv.log")" "ozg: 127.0.0.1: TLS handshake refused: no client certificate" "missing certificate logged"
[ -z "$(ls -A "$TMP/inbox/.incoming")" ] && pass "no temporary files left" || fail "leftovers in .incoming"
[ "$(count_xml "$TMP/inbox")" = 3 ] && pass "inbox holds the three accepted messages" || fail "inbox: $(ls "$TMP/inbox")"
finish
