# Faults between ozg send and its peer: nobody listening, a peer that answers 503 twice, and a
# receiver killed (SIGKILL) while uploads are in flight and started again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../transport.sh"
corpus_repo
make_pki
export OZG_JOURNAL=$TMP/journal.jsonl
MSG=$SAMPLES/valid/ech0020-v3-move-in.xml
ID=3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f

# 1. Peer down: every attempt fails, exit 5, nothing marked delivered.
DOWN=$(free_port)
run send "$MSG" --to "https://127.0.0.1:$DOWN/inbox" $(client_opts) --retries 3 --retry-delay 0.05
expect_rc 5 "peer down"
expect_in "$err" "attempt 1 failed: Failed to connect to 127.0.0.1 port $DOWN" "first attempt reported"
expect_in "$err" "not delivered to https://127.0.0.1:$DOWN/inbox after 3 attempts: Failed to connect to 127.0.0.1 port $DOWN" "gave up after 3 attempts"
expect_in "$err" "[TRN501]" "code"
expect_in "$err" "hint: the peer is down or unreachable; run the same command again later" "hint"
[ "$(grep -c '"verdict":"retrying"' "$OZG_JOURNAL")" = 2 ] && pass "two retries journaled" || fail "journal: $(cat "$OZG_JOURNAL")"
[ "$(grep -c '"verdict":"failed"' "$OZG_JOURNAL")" = 1 ] && pass "one failure journaled" || fail "journal: $(cat "$OZG_JOURNAL")"
grep -q '"verdict":"delivered"' "$OZG_JOURNAL" && fail "marked delivered" || pass "nothing marked delivered"
run status "$ID"
expect_rc 0 "status after the failure"
expect_in "$out" "  state        failed after 3 attempts: Failed to connect to 127.0.0.1 port $DOWN" "status says failed"
expect_in "$out" "  what to do   the peer is down or unreachable; run the same command again later" "status says what to do"
run status
expect_in "$out" "$ID  failed after 3 attempts" "listed as failed"

# 2. 503 twice (the first with Retry-After: 1), then 201: delivered exactly once.
STUB=$(free_port)
mkdir -p "$TMP/stub"
python3 "$DATA/../e2e/stub_server.py" "$STUB" "$P/server.pem" "$P/server.key" "$P/ca.pem" "$TMP/stub" 2 > "$TMP/stub.log" 2>&1 &
SERVERS+=($!)
for i in $(seq 1 100); do grep -q ready "$TMP/stub.log" && break; sleep 0.1; done
: > "$OZG_JOURNAL"
run send "$MSG" --to "https://127.0.0.1:$STUB/inbox" $(client_opts) --retry-delay 0.05
expect_rc 0 "503 twice, then 201"
expect_in "$err" "attempt 1 failed: HTTP 503 [TRN504]; retrying in 1.0 s" "Retry-After honoured"
expect_in "$err" "attempt 2 failed: HTTP 503 [TRN504]; retrying in" "second 503"
expect_in "$err" "ozg: 1 message: 1 delivered, 0 failed" "delivered"
[ "$(wc -l < "$TMP/stub/requests.log")" = 3 ] && pass "three PUTs" || fail "requests: $(cat "$TMP/stub/requests.log")"
[ "$(grep -c "PUT /inbox/$ID.xml key=$ID" "$TMP/stub/requests.log")" = 3 ] && pass "same URL and Idempotency-Key each time" || fail "requests: $(cat "$TMP/stub/requests.log")"
[ "$(count_xml "$TMP/stub")" = 1 ] && cmp -s "$MSG" "$TMP/stub/$ID.xml" && pass "stored exactly once" || fail "stub holds $(ls "$TMP/stub")"
[ "$(grep -c '"verdict":"delivered"' "$OZG_JOURNAL")" = 1 ] && [ "$(grep -c '"httpStatus":503' "$OZG_JOURNAL")" = 2 ] &&
  pass "journal: two 503s, one delivery" || fail "journal: $(cat "$OZG_JOURNAL")"

# 3. The receiver is killed while uploads are in flight, then started again: the client
# retries; the inbox ends with exactly one complete copy of each message and nothing else.
N=60
make_messages "$TMP/out" "$N"
SENDER=T4-900001-1  # the messages' senderId sedex://T4-900001-1: the inbox keeps them under it
mkdir -p "$TMP/inbox"
PORT=$(free_port)
start_receiver "$TMP/inbox" "$TMP/recv1.log" "$PORT" -q
: > "$OZG_JOURNAL"
"$OZG" send "$TMP/out" --to "https://127.0.0.1:$PORT/inbox" $(client_opts) -j 2 --retries 30 --retry-delay 0.1 -q 2> "$TMP/send.err" &
SEND_PID=$!
for i in $(seq 1 300); do [ "$(count_xml "$TMP/inbox")" -ge 5 ] && break; sleep 0.05; done
kill -KILL "$RECV_PID"
wait "$RECV_PID" 2>/dev/null
killed_at=$(count_xml "$TMP/inbox")
sleep 0.5
start_receiver "$TMP/inbox" "$TMP/recv2.log" "$PORT" -q
wait "$SEND_PID" && send_rc=0 || send_rc=$?
[ "$send_rc" = 0 ] && pass "send completes after the restart (killed with $killed_at of $N stored)" || fail "send exit $send_rc: $(cat "$TMP/send.err")"
[ "$(count_xml "$TMP/inbox")" = "$N" ] && pass "inbox holds $N messages" || fail "inbox holds $(count_xml "$TMP/inbox")"
bad=0
for i in $(seq 1 "$N"); do
  cmp -s "$TMP/out/m$i.xml" "$TMP/inbox/$SENDER/msg-$(printf %05d "$i").xml" || bad=$((bad + 1))
done
[ "$bad" = 0 ] && pass "every stored copy is complete and identical" || fail "$bad copies differ or are missing"
[ -z "$(find "$TMP/inbox" -mindepth 1 ! -path "$TMP/inbox/$SENDER" ! -path "$TMP/inbox/$SENDER/*.xml" ! -name .incoming)" ] &&
  pass "no other files in the inbox" || fail "extra files: $(find "$TMP/inbox" -mindepth 1)"
[ "$(grep -c '"verdict":"delivered"' "$OZG_JOURNAL")" = "$N" ] && pass "journal: each delivered once" || fail "journal delivered count $(grep -c '"verdict":"delivered"' "$OZG_JOURNAL")"
stop_server "$RECV_PID"
[ -z "$(ls -A "$TMP/inbox/.incoming")" ] && pass "no partial upload left" || fail "left in .incoming: $(ls -A "$TMP/inbox/.incoming")"

# 4. SIGTERM while uploads are in flight: the receiver finishes them and exits 0; every message
# the sender journaled as delivered is in the inbox, complete.
make_messages "$TMP/out2" 40
mkdir -p "$TMP/inbox2"
start_receiver "$TMP/inbox2" "$TMP/recv3.log" 0 -q
: > "$OZG_JOURNAL"
"$OZG" send "$TMP/out2" --to "https://127.0.0.1:$RECV_PORT/inbox" $(client_opts) -j 2 --retries 1 -q 2> "$TMP/send2.err" &
SEND_PID=$!
for i in $(seq 1 300); do [ "$(count_xml "$TMP/inbox2")" -ge 5 ] && break; sleep 0.05; done
stop_server "$RECV_PID"
wait "$SEND_PID" 2>/dev/null
[ "$STOP_RC" = 0 ] && pass "SIGTERM under load: exit 0" || fail "SIGTERM under load: exit $STOP_RC"
lost=0
for id in $(sed -n 's/.*"messageId":"\([^"]*\)".*"verdict":"delivered".*/\1/p' "$OZG_JOURNAL"); do
  n=${id#msg-}
  cmp -s "$TMP/out2/m$((10#$n)).xml" "$TMP/inbox2/$SENDER/$id.xml" || lost=$((lost + 1))
done
delivered=$(grep -c '"verdict":"delivered"' "$OZG_JOURNAL")
[ "$lost" = 0 ] && [ "$delivered" -ge 5 ] && pass "all $delivered acknowledged messages are stored" || fail "$lost acknowledged messages missing ($delivered acknowledged)"
[ -z "$(ls -A "$TMP/inbox2/.incoming")" ] && pass "nothing half-written after SIGTERM" || fail "left in .incoming: $(ls -A "$TMP/inbox2/.incoming")"
finish
