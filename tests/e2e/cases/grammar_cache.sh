# Issue 13.1: compiled grammars are cached in the repository (cache/grammars/), built by
# `schemas add` and on a miss. Reports are byte-identical with a hit, a miss, -j 1 and -j 2; an
# entry that does not match the files as they are now is rebuilt, never trusted.
. "$(dirname "$0")/../lib.sh"
need_corpus
R=$TMP/repo
"$OZG" --repo "$R" schemas add "$CORPUS/ech/schemas" >/dev/null 2>&1
export OZG_HOME=$R
n=$(find "$R/cache/grammars" -name '*.grammar' 2>/dev/null | wc -l)
[ "$n" -gt 10 ] && pass "schemas add caches the compiled grammars ($n)" || fail "schemas add cached $n grammars"

# Inputs: valid and invalid eCH-0020 messages of two versions, 150 files: enough for two
# workers (one per 8 files).
mkdir -p "$TMP/in"
i=0
for f in "$CORPUS"/ech/messages/valid/eCH-0020-v2/*/*.xml "$SAMPLES"/invalid/ech0020-*.xml \
         "$SAMPLES"/valid/ech0020-v3-move-in.xml; do
  for c in 1 2 3 4 5; do i=$((i + 1)); cp "$f" "$TMP/in/$(printf %03d $i)-$(basename "$f")"; done
done
report() {  # report NAME ARGS...: the JSON report without timings
  local name=$1; shift
  "$OZG" validate -f json "$@" "$TMP/in" 2>/dev/null | grep -v '"seconds"' > "$TMP/$name.json" || true
}
rm -rf "$R/cache"
report miss -j 1
[ -n "$(ls "$R/cache/grammars" 2>/dev/null)" ] && pass "a miss fills the cache" || fail "a miss wrote no cache entry"
report hit1 -j 1
report hit2 -j 2
rm -rf "$R/cache"
report miss2 -j 2
for r in hit1 hit2 miss2; do
  cmp -s "$TMP/miss.json" "$TMP/$r.json" && pass "report identical: miss -j 1 and $r" ||
    fail "reports differ: miss -j 1 and $r: $(diff "$TMP/miss.json" "$TMP/$r.json" | head -5)"
done
grep -q '"invalid"' "$TMP/miss.json" && grep -q '"valid"' "$TMP/miss.json" &&
  pass "the compared reports hold valid and invalid files" || fail "reports without verdicts"

# A corrupt entry is a miss: same report, and the entry is rewritten.
for g in "$R"/cache/grammars/*.grammar; do
  head -c 300 "$g" > "$g.cut" && mv "$g.cut" "$g"
done
report corrupt -j 1
cmp -s "$TMP/miss.json" "$TMP/corrupt.json" && pass "truncated cache entries: same report" ||
  fail "truncated cache entries changed the report"
bad=0
for g in "$R"/cache/grammars/*.grammar; do [ "$(wc -c < "$g")" -gt 300 ] || bad=$((bad + 1)); done
[ "$bad" -eq 0 ] && pass "truncated entries are rewritten" || fail "$bad truncated entries left"
printf 'garbage' > "$(ls "$R"/cache/grammars/*.grammar | head -n 1)"
report garbage -j 2
cmp -s "$TMP/miss.json" "$TMP/garbage.json" && pass "garbage cache entry: same report" ||
  fail "a garbage cache entry changed the report"

# The hit is real: an entry schema damaged behind the index's back, with its size and time
# kept, still validates from the cache ...
X=$(find "$R/schemas" -name 'eCH-0020-3-0.xsd' | head -n 1)
cp -p "$X" "$TMP/orig.xsd"
M=$SAMPLES/valid/ech0020-v3-move-in.xml
run validate -q "$M"
expect_rc 0 "the v3 move-in is valid (cache filled)"
size=$(wc -c < "$X")
head -c "$size" /dev/zero | tr '\0' x > "$X"
touch -r "$TMP/orig.xsd" "$X"
run validate -q "$M"
expect_rc 0 "cache hit: the damaged schema file is not read"
# ... and one whose time changed is a miss: the file is compiled as it is now.
touch "$X"
run validate "$M"
expect_rc 3 "changed schema file: the cache entry is stale and the file is compiled"
expect_in "$err" "[XSD112]" "the damaged schema does not compile"
cp -p "$TMP/orig.xsd" "$X"
touch "$X"
run validate -q "$M"
expect_rc 0 "restored: valid again"

# A repository the user cannot write validates without a cache.
if [ "$(id -u)" = 0 ]; then
  rm -rf "$R/cache"
  chmod -R a+rX "$R" "$TMP/in"
  chmod 755 "$TMP"
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env OZG_HOME="$R" "$OZG" validate -q "$M" 2>&1) && rc=0 || rc=$?
  expect_rc 0 "read-only repository: validates, without a cache"
  [ ! -d "$R/cache" ] && pass "and writes nothing" || fail "a cache was written into a read-only repository"
fi
finish
