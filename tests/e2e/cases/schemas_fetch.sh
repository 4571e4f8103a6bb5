# ozg schemas fetch against a local HTTP server on loopback (python3 -m http.server), stopped by
# the test: a zip of schemas, a single .xsd, a 404 and a dead port.
. "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || skip "python3 not installed (scripts/install-deps installs it)"
export OZG_HOME=$TMP/repo
mkdir -p "$TMP/www"
python3 - "$DATA/schemas/testbundle" "$TMP/www/testbundle.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w") as z:
    for name in sorted(os.listdir(src)):
        z.write(os.path.join(src, name), "testbundle/" + name)
PY
cp "$DATA/schemas/testbundle/common-1.xsd" "$TMP/www/"
printf 'not an archive' > "$TMP/www/junk.zip"
python3 -m http.server 0 --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/http.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$TMP"' EXIT
port=""
for _ in $(seq 50); do
  port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$TMP/http.log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: http server did not start"; exit 1; }
base=http://127.0.0.1:$port

# libarchive is loaded only to unpack (lean_start.sh): without it, REPO012 and exit 3.
OZG_LIBARCHIVE=$TMP/no/libarchive.so.13 run schemas fetch "$base/testbundle.zip"
expect_rc 3 "a zip without libarchive"
expect_in "$err" "$TMP/no/libarchive.so.13 could not be loaded" "says which library"
expect_in "$err" "install the package libarchive13 [REPO012]" "says what to install"

run schemas fetch "$base/testbundle.zip"
expect_rc 0 "fetch a zip of schemas"
expect_in "$out" "added 4 schema(s) as bundle 'testbundle'" "zip unpacked and indexed"
run schemas list
expect_in "$out" "testbundle/testbundle/person-1-1.xsd" "fetched schemas listed"
run schemas fetch --name single "$base/common-1.xsd"
expect_rc 0 "fetch a single xsd"
run schemas fetch "$base/missing.zip"
expect_rc 5 "HTTP 404"
expect_in "$err" "$base/missing.zip: HTTP 404 [NET001]" "404 named with URL"
run schemas fetch "$base/junk.zip"
expect_rc 3 "not an archive"
expect_in "$err" "neither an .xsd nor a zip/tar archive of schemas" "junk download refused"
run schemas fetch ftp://127.0.0.1/x.zip
expect_rc 2 "only http/https"
kill $server; wait $server 2>/dev/null
run schemas fetch "$base/testbundle.zip"
expect_rc 5 "dead server"
expect_in "$err" "[NET001]" "connection failure reported"
ls "$OZG_HOME" | grep -q '^\.fetch' && fail "temporary fetch folder left behind" || pass "no temporary files left"
finish
