# The validate path does not load libcurl or libarchive and what they bring (issue 13: 3.5 ms
# and about 1,200 symbol bindings of every start); commands that need them load them, and say
# clearly when one is missing.
. "$(dirname "$0")/../lib.sh"
corpus_repo
MSG=$SAMPLES/valid/ech0020-v3-move-in.xml

libs=$(ldd "$OZG")
expect_not_in "$libs" "libcurl" "the binary does not link libcurl"
expect_not_in "$libs" "libgnutls" "nor GnuTLS (through libcurl's librtmp)"
expect_not_in "$libs" "libarchive" "nor libarchive"
files=$(LD_DEBUG=files "$OZG" validate -q "$MSG" 2>&1 >/dev/null)
expect_in "$files" "file=libxml2.so" "the loader's trace works (it names the libraries validate needs)"
expect_not_in "$files" "file=libcurl" "validate never opens libcurl"
expect_not_in "$files" "file=libarchive" "nor libarchive"

# Sending over HTTPS loads it; a missing libcurl is a clear error (exit 3), nothing journaled.
OZG_LIBCURL=$TMP/no/libcurl.so.4 run send "$MSG" --to "https://127.0.0.1:9/inbox" \
  --journal "$TMP/journal.jsonl"
expect_rc 3 "send without libcurl"
expect_in "$err" "$TMP/no/libcurl.so.4 could not be loaded" "says which library"
expect_in "$err" "install the package libcurl4 [NET003]" "says what to install"
[ ! -s "$TMP/journal.jsonl" ] && pass "nothing journaled" || fail "journal: $(cat "$TMP/journal.jsonl")"
OZG_LIBCURL=$TMP/no/libcurl.so.4 run schemas fetch "https://127.0.0.1:9/x.zip"
expect_rc 3 "schemas fetch without libcurl"
expect_in "$err" "[NET003]" "code"
opened=$(LD_DEBUG=files "$OZG" send "$MSG" --to "https://127.0.0.1:9/inbox" --retries 1 \
  --journal "$TMP/j2.jsonl" 2>&1 | grep -c 'file=libcurl.so.4 \[0\];  dynamically loaded' || true)
[ "$opened" -ge 1 ] && pass "send loads libcurl when it needs it" || fail "send did not load libcurl"

finish
