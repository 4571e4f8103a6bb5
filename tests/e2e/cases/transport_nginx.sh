# ozg send -> nginx (Debian package) as an independent peer: mutual TLS with
# ssl_verify_client on and a WebDAV PUT location writing to a folder.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../transport.sh"
corpus_repo
make_pki
export OZG_JOURNAL=$TMP/journal.jsonl
NGINX_MAX_BODY=8k start_nginx "$TMP/www"
URL=https://127.0.0.1:$NGINX_PORT/inbox

N=40
make_messages "$TMP/out" "$N"
run send "$TMP/out" --to "$URL" $(client_opts) -j 4
expect_rc 0 "$N messages to nginx"
expect_in "$err" "ozg: $N messages: $N delivered, 0 failed, 0 refused as invalid" "summary"
bad=0
for i in $(seq 1 "$N"); do
  cmp -s "$TMP/out/m$i.xml" "$TMP/www/inbox/msg-$(printf %05d "$i").xml" || bad=$((bad + 1))
done
[ "$bad" = 0 ] && pass "nginx holds every message byte for byte" || fail "$bad messages differ or are missing"
[ "$(grep -c '"httpStatus":201' "$OZG_JOURNAL")" = "$N" ] && pass "journal: $N x HTTP 201" || fail "journal: $(head -3 "$OZG_JOURNAL")"
# Connection reuse: nginx logs its connection number per request; -j 4 needs at most 4.
[ "$(wc -l < "$TMP/nginx/access.log")" = "$N" ] && pass "nginx logged $N requests" || fail "nginx logged $(wc -l < "$TMP/nginx/access.log") requests"
conns=$(awk '{print $1}' "$TMP/nginx/access.log" | sort -u | wc -l)
[ "$conns" -le 4 ] && pass "kept-alive connections: $conns for $N messages" || fail "$conns connections for $N messages"

# Duplicate send: still one file per message.
run send "$TMP/out/m1.xml" --to "$URL" $(client_opts)
expect_rc 0 "send a message again"
[ "$(count_xml "$TMP/www/inbox")" = "$N" ] && pass "duplicate stored once" || fail "nginx holds $(count_xml "$TMP/www/inbox") files"

# nginx checks the client certificate after the handshake and answers 400.
run send "$TMP/out/m1.xml" --to "$URL" --cert "$P/rogue.pem" --key "$P/rogue.key" --ca "$P/ca.pem"
expect_rc 5 "wrong client certificate"
expect_in "$err" "HTTP 400 (400 The SSL certificate error): the server refused the client certificate [TRN502]" "nginx's reason shown"
expect_in "$err" "hint: the server refused our client certificate" "hint"

# A body over client_max_body_size: 413, not retried.
{ sed '$d' "$TMP/out/m2.xml"; for i in $(seq 1 200); do echo "<!-- padding padding padding padding padding -->"; done; tail -n 1 "$TMP/out/m2.xml"; } > "$TMP/big.xml"
run send "$TMP/big.xml" --to "$URL" $(client_opts)
expect_rc 5 "oversized for nginx"
expect_in "$err" "after 1 attempt: HTTP 413 (413 Request Entity Too Large) [TRN503]" "413 from nginx"
finish
