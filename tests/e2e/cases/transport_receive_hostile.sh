# ozg receive against hostile and careless clients on loopback, one numbered section per attack.
# The attack clients are made here (python3, curl, openssl s_client); 127.0.0.2 plays the
# attacker's address where one is needed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../transport.sh"
command -v python3 >/dev/null || skip "python3 not installed"
corpus_repo
make_pki
export OZG_JOURNAL=$TMP/journal.jsonl
MSG=$SAMPLES/valid/ech0020-v3-move-in.xml
ID=3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f

# slow.py SRC PORT N INTERVAL HOLD: opens N connections from SRC and sends each one byte of a
# TLS ClientHello every INTERVAL seconds, for HOLD seconds or until the server has closed them
# all. Prints "connected N" once connected, and at the end how many the server closed within
# a second, how many are still open and the longest any lived.
cat > "$TMP/slow.py" <<'PY'
import select, socket, sys, time
src, port, n, interval, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
hello = bytes.fromhex("160301020001") + bytes(600)  # a 512-byte record announced, never sent
conns = []
for _ in range(n):
    s = socket.socket()
    s.bind((src, 0))
    try:
        s.connect(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    conns.append([s, time.monotonic(), None])
print("connected", len(conns), flush=True)
start, sent = time.monotonic(), 0
while time.monotonic() - start < hold and any(c[2] is None for c in conns):
    for c in conns:
        if c[2] is None:
            try:
                c[0].send(hello[sent:sent + 1])
            except OSError:
                c[2] = time.monotonic()
    sent += 1
    end = time.monotonic() + interval
    while end - time.monotonic() > 0:
        live = [c for c in conns if c[2] is None]
        if not live:
            break
        ready, _, _ = select.select([c[0] for c in live], [], [], end - time.monotonic())
        for c in live:
            if c[0] in ready:
                try:
                    data = c[0].recv(4096)
                except OSError:
                    data = b""
                if not data:
                    c[2] = time.monotonic()
now = time.monotonic()
quick = sum(1 for c in conns if c[2] is not None and c[2] - c[1] < 1.0)
alive = sum(1 for c in conns if c[2] is None)
longest = max([(c[2] or now) - c[1] for c in conns] or [0])
print(f"closed_within_1s={quick} open_at_end={alive} longest={longest:.1f}", flush=True)
PY
# wait_for_line FILE TEXT: up to 10 s for TEXT to appear in FILE.
wait_for_line() {
  local i
  for i in $(seq 1 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
# stop_within SECONDS PID: SIGTERM, then wait at most SECONDS; sets STOP_RC (124: still running,
# killed).
stop_within() {
  local i
  kill -TERM "$2" 2>/dev/null
  for i in $(seq 1 $(($1 * 10))); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$2" 2>/dev/null; then
    kill -KILL "$2"; wait "$2" 2>/dev/null; STOP_RC=124
  else
    wait "$2" && STOP_RC=0 || STOP_RC=$?
  fi
}
# upload URL FILE: curl PUT with the client certificate; prints "CODE SECONDS".
upload() {
  curl -sS --max-time 10 --cert "$P/client.pem" --key "$P/client.key" --cacert "$P/ca.pem" \
    -T "$2" -o /dev/null -w '%{http_code} %{time_total}' "$1" 2>/dev/null
}
fast() { awk -v t="$1" -v max="$2" 'BEGIN { exit !(t < max) }'; }

# 1. Slowloris without a certificate: more trickling connections than worker threads do not
# hold up a client with a certificate, and SIGTERM ends the receiver at once.
mkdir -p "$TMP/in1"
start_receiver "$TMP/in1" "$TMP/recv1.log" 0
python3 "$TMP/slow.py" 127.0.0.1 "$RECV_PORT" 12 2 30 > "$TMP/slow1.out" &
SLOW=$!
wait_for_line "$TMP/slow1.out" "connected 12" && pass "12 slow connections open" || fail "slow client: $(cat "$TMP/slow1.out")"
sleep 1
read -r code secs < <(upload "https://127.0.0.1:$RECV_PORT/$ID.xml" "$MSG")
[ "${code:-}" = 201 ] && fast "$secs" 3 && pass "upload under slowloris: 201 in ${secs}s" ||
  fail "upload under slowloris: HTTP ${code:-none} after ${secs:-?}s"
stop_within 5 "$RECV_PID"
[ "$STOP_RC" = 0 ] && pass "SIGTERM with 12 slow connections open: exit 0 within 5 s" ||
  fail "SIGTERM with slow connections open: exit $STOP_RC (124: still running after 5 s)"
wait "$SLOW"
cmp -s "$MSG" "$TMP/in1/T4-900001-1/$ID.xml" && pass "message stored" || fail "message not stored"

# 2. The deadline for the handshake and the request header is a total, not per byte.
mkdir -p "$TMP/in2"
start_receiver "$TMP/in2" "$TMP/recv2.log" 0 --header-timeout 2
python3 "$TMP/slow.py" 127.0.0.1 "$RECV_PORT" 1 0.3 10 > "$TMP/slow2.out"
longest=$(sed -n 's/.*longest=\([0-9.]*\).*/\1/p' "$TMP/slow2.out")
fast "${longest:-99}" 3.5 && ! fast "${longest:-0}" 1.5 &&
  pass "a byte every 0.3 s: closed after ${longest}s (--header-timeout 2)" ||
  fail "trickling connection: $(tail -n 1 "$TMP/slow2.out")"
expect_in "$(cat "$TMP/recv2.log")" "ozg: 127.0.0.1: closed: TLS handshake and request header not complete within 2 s" "timeout logged"
stop_server "$RECV_PID"

# 3. 200 trickling connections from one address: beyond 16 they are closed at once, and a
# client from another address is served.
mkdir -p "$TMP/in3"
start_receiver "$TMP/in3" "$TMP/recv3.log" 0
python3 "$TMP/slow.py" 127.0.0.2 "$RECV_PORT" 200 2 30 > "$TMP/slow3.out" &
SLOW=$!
wait_for_line "$TMP/slow3.out" "connected" || fail "flood client did not connect: $(cat "$TMP/slow3.out")"
sleep 1
read -r code secs < <(upload "https://127.0.0.1:$RECV_PORT/$ID.xml" "$MSG")
[ "${code:-}" = 201 ] && fast "$secs" 3 && pass "upload during a flood of 200: 201 in ${secs}s" ||
  fail "upload during a flood: HTTP ${code:-none} after ${secs:-?}s"
stop_within 5 "$RECV_PID"
[ "$STOP_RC" = 0 ] && pass "SIGTERM during the flood: exit 0 within 5 s" || fail "SIGTERM during the flood: exit $STOP_RC"
wait "$SLOW"
expect_in "$(cat "$TMP/slow3.out")" "closed_within_1s=184 " "184 of 200 connections closed at once"
expect_in "$(cat "$TMP/recv3.log")" "ozg: 127.0.0.2: connection refused: 16 connections from this address are open (--max-per-client 16)" "refusal logged"

# 4. A chunked body beyond --max-bytes from a client with a certificate: 413, nothing stored.
mkdir -p "$TMP/in4"
start_receiver "$TMP/in4" "$TMP/recv4.log" 0 --max-bytes 1048576
code=$(head -c 67108864 /dev/zero | curl -sS --max-time 20 --cert "$P/client.pem" --key "$P/client.key" \
  --cacert "$P/ca.pem" -H 'Expect:' -T - -o "$TMP/problem4.json" -w '%{http_code}' \
  "https://127.0.0.1:$RECV_PORT/$ID.xml" 2>"$TMP/curl4.err")
[ "$code" = 413 ] && pass "64 MiB chunked, --max-bytes 1 MiB: 413" || fail "chunked 64 MiB: HTTP $code $(cat "$TMP/curl4.err")"
expect_in "$(cat "$TMP/problem4.json")" '"detail": "the receiver accepts at most 1048576 bytes"' "problem names the limit"
expect_in "$(cat "$TMP/recv4.log")" "PUT /$ID.xml 413 too large (chunked body beyond 1048576 bytes) (client /O=Gemeinde Beispielwil/CN=portal)" "413 logged"
# With Expect: 100-continue and a length over the limit, the answer comes before the body.
head -c 2000000 /dev/zero > "$TMP/zeros"
code=$(curl -sS --max-time 20 --cert "$P/client.pem" --key "$P/client.key" --cacert "$P/ca.pem" \
  -H 'Expect: 100-continue' -T "$TMP/zeros" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$RECV_PORT/$ID.xml")
[ "$code" = 413 ] && pass "Content-Length over the limit: 413" || fail "Content-Length over the limit: HTTP $code"
stop_server "$RECV_PID"
[ "$(count_xml "$TMP/in4")" = 0 ] && [ -z "$(ls -A "$TMP/in4/.incoming")" ] && pass "nothing stored, nothing left in .incoming" ||
  fail "after 413: $(find "$TMP/in4")"

# 5. No client certificate: the TLS handshake fails, so no request and no body is read.
mkdir -p "$TMP/in5"
start_receiver "$TMP/in5" "$TMP/recv5.log" 0
curl -sS --max-time 10 --cacert "$P/ca.pem" -T "$MSG" -o /dev/null -w '%{http_code}' \
  "https://127.0.0.1:$RECV_PORT/$ID.xml" > "$TMP/code5" 2> "$TMP/curl5.err" && rc=0 || rc=$?
[ "$rc" != 0 ] && [ "$(cat "$TMP/code5")" = 000 ] && pass "TLS 1.3 without a certificate: no HTTP answer (curl exit $rc)" ||
  fail "TLS 1.3 without a certificate: curl exit $rc, HTTP $(cat "$TMP/code5")"
expect_in "$(cat "$TMP/curl5.err")" "alert certificate required" "the client is told: certificate required"
curl -sS --max-time 10 --tls-max 1.2 --cacert "$P/ca.pem" -T "$MSG" -o /dev/null -w '%{http_code}' \
  "https://127.0.0.1:$RECV_PORT/$ID.xml" > "$TMP/code5" 2> "$TMP/curl5b.err" && rc=0 || rc=$?
[ "$rc" = 35 ] && pass "TLS 1.2 without a certificate: the handshake fails (curl exit 35)" ||
  fail "TLS 1.2 without a certificate: curl exit $rc, HTTP $(cat "$TMP/code5") $(cat "$TMP/curl5b.err")"
stop_server "$RECV_PID"
expect_in "$(cat "$TMP/recv5.log")" "ozg: 127.0.0.1: TLS handshake refused: no client certificate" "refusal logged"
expect_not_in "$(cat "$TMP/recv5.log")" "PUT" "no request read"
[ "$(count_xml "$TMP/in5")" = 0 ] && pass "nothing stored" || fail "stored without a certificate"

# 6. A second receiver on the port of a running one: TRN511, exit 3; the first gets every message.
mkdir -p "$TMP/inA" "$TMP/inB"
PORT=$(free_port)
start_receiver "$TMP/inA" "$TMP/recvA.log" "$PORT" -q
timeout 10 "$OZG" receive --listen "127.0.0.1:$PORT" --inbox "$TMP/inB" --cert "$P/server.pem" \
  --key "$P/server.key" --client-ca "$P/ca.pem" -q 2> "$TMP/recvB.log" &
B=$!
sleep 1
make_messages "$TMP/out6" 10
run send "$TMP/out6" --to "https://127.0.0.1:$PORT/inbox" $(client_opts) -j 2 -q
expect_rc 0 "10 messages sent"
wait "$B" && rc=0 || rc=$?
[ "$rc" = 3 ] && pass "second receiver on the same port: exit 3" || fail "second receiver: exit $rc (124: it kept running)"
expect_in "$(cat "$TMP/recvB.log")" "ozg: error: cannot listen on 127.0.0.1:$PORT: Address already in use [TRN511]" "TRN511 names the port"
expect_in "$(cat "$TMP/recvB.log")" "hint: another process listens on this port; stop it or choose another with --listen" "hint"
[ "$(count_xml "$TMP/inA")" = 10 ] && [ "$(count_xml "$TMP/inB")" = 0 ] && pass "the first receiver has all 10" ||
  fail "first inbox $(count_xml "$TMP/inA"), second $(count_xml "$TMP/inB")"
stop_server "$RECV_PID"

# 7. Control characters from the client are escaped in the log.
mkdir -p "$TMP/in7"
umask 027
start_receiver "$TMP/in7" "$TMP/recv7.log" 0
umask 022
code=$(curl -sS --cert "$P/client.pem" --key "$P/client.key" --cacert "$P/ca.pem" -X POST \
  --data-binary @"$MSG" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$RECV_PORT/in%1b%5b31mred%00.xml")
[ "$code" = 201 ] && pass "POST to a path with ESC and NUL: 201" || fail "POST with ESC: HTTP $code"
# 8. The umask is respected: 027 gives 0640.
[ "$(stat -c %a "$TMP/in7/T4-900001-1/$ID.xml" 2>/dev/null)" = 640 ] && pass "umask 027: stored as 0640" ||
  fail "umask 027: mode $(stat -c %a "$TMP/in7/T4-900001-1/$ID.xml" 2>/dev/null)"
stop_server "$RECV_PID"
expect_in "$(cat "$TMP/recv7.log")" 'POST /in\x1b[31mred\x00.xml 201 stored' "ESC and NUL shown as \\x1b and \\x00"
[ "$(tr -d '\033\000' < "$TMP/recv7.log" | wc -c)" = "$(wc -c < "$TMP/recv7.log")" ] &&
  pass "no raw ESC or NUL in the log" || fail "raw control characters in the log"

# 9. TLS 1.2 only with forward secrecy (ECDHE/DHE with AEAD); TLS 1.3 as OpenSSL has it. An
# RSA server certificate, so that static-RSA suites could be chosen at all.
openssl req -new -newkey rsa:2048 -nodes -keyout "$P/rsa.key" -out "$P/rsa.csr" \
  -subj "/O=ozg tests/CN=127.0.0.1" 2>/dev/null
openssl x509 -req -in "$P/rsa.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial -days 2 \
  -extfile "$P/server.ext" -out "$P/rsa.pem" 2>/dev/null
mkdir -p "$TMP/in9"
"$OZG" receive --listen 127.0.0.1:0 --inbox "$TMP/in9" --cert "$P/rsa.pem" --key "$P/rsa.key" \
  --client-ca "$P/ca.pem" 2>"$TMP/recv9.log" &
RECV_PID=$!
SERVERS+=("$RECV_PID")
wait_for_line "$TMP/recv9.log" "listening on" || fail "RSA receiver did not start: $(cat "$TMP/recv9.log")"
RECV_PORT=$(sed -n 's|^ozg: listening on https://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/recv9.log")
tls() {  # ARGS...: s_client with the client certificate; prints the cipher or "refused".
  openssl s_client -connect "127.0.0.1:$RECV_PORT" -cert "$P/client.pem" -key "$P/client.key" \
    -CAfile "$P/ca.pem" "$@" < /dev/null > "$TMP/s_client.out" 2>&1 &&
    sed -n 's/^New, .*, Cipher is \(.*\)/\1/p' "$TMP/s_client.out" | head -n 1 || echo refused
}
for suite in AES128-SHA AES256-SHA256 AES128-GCM-SHA256; do
  [ "$(tls -tls1_2 -cipher "$suite")" = refused ] && pass "TLS 1.2 $suite (no forward secrecy) refused" ||
    fail "TLS 1.2 $suite accepted"
done
for suite in ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-CHACHA20-POLY1305 DHE-RSA-AES256-GCM-SHA384; do
  [ "$(tls -tls1_2 -cipher "$suite")" = "$suite" ] && pass "TLS 1.2 $suite accepted" ||
    fail "TLS 1.2 $suite: $(tail -n 5 "$TMP/s_client.out")"
done
[ "$(tls -tls1_2 -cipher ECDHE-RSA-AES128-SHA)" = refused ] && pass "TLS 1.2 ECDHE with CBC refused" ||
  fail "TLS 1.2 ECDHE-RSA-AES128-SHA accepted"
case "$(tls -tls1_3)" in TLS_*) true ;; *) false ;; esac && pass "TLS 1.3 accepted" || fail "TLS 1.3: $(tail -n 5 "$TMP/s_client.out")"
stop_server "$RECV_PID"
finish
