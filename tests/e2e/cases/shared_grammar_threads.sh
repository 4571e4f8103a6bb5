# Issue 13.2: all -j workers validate against one shared grammar per schema. Xerces completes
# parts of a grammar lazily (content models, the character maps of pattern facets); ozg builds
# them before sharing, and helgrind then finds no race between the workers, compiled or read
# from the grammar cache, and the reports equal those of -j 1. (Only races count: helgrind also
# remarks on a condition variable signalled after unlocking, which is correct.)
. "$(dirname "$0")/../lib.sh"
need_corpus
command -v valgrind >/dev/null || skip "valgrind not installed (scripts/install-deps installs it)"
# Valgrind cannot run a binary built with AddressSanitizer (scripts/test-asan).
if nm -D "$OZG" 2>/dev/null | grep -q __asan_init; then skip "helgrind cannot run a sanitizer build"; fi
R=$TMP/repo
"$OZG" --repo "$R" schemas add "$CORPUS/ech/schemas" >/dev/null 2>&1 || fail "schemas add"
export OZG_HOME=$R
# eCH-0020 v2 and v3 messages, valid and invalid (patterns, enumerations, content models).
mkdir -p "$TMP/in"
i=0
for f in "$CORPUS"/ech/messages/valid/eCH-0020-v2/*/*.xml "$SAMPLES"/invalid/ech0020-*.xml \
         "$SAMPLES"/valid/ech0020-v3-*.xml; do
  i=$((i + 1)); cp "$f" "$TMP/in/$(printf %03d $i).xml"
done
"$OZG" validate -j 1 -f json "$TMP/in" 2>/dev/null | grep -v '"seconds"' > "$TMP/j1.json"
for state in miss hit; do
  [ "$state" = miss ] && rm -rf "$R/cache"
  rc=0
  valgrind --tool=helgrind --suppressions="$OZG_SOURCE_DIR/tests/helgrind.supp" \
    --log-file="$TMP/helgrind-$state.log" "$OZG" validate -j 2 -f json "$TMP/in" \
    > "$TMP/j2-$state.json" 2>/dev/null || rc=$?
  races=$(grep -c "Possible data race" "$TMP/helgrind-$state.log")
  [ "$races" -eq 0 ] && pass "no race between two workers on one grammar (cache $state)" ||
    fail "helgrind: $races race(s) with the grammar cache $state: $(grep -A4 'Possible data race' "$TMP/helgrind-$state.log" | head -12)"
  [ "$rc" -eq 1 ] && pass "exit 1 for the invalid messages under helgrind (cache $state)" ||
    fail "exit $rc under helgrind (cache $state), expected 1"
  grep -v '"seconds"' "$TMP/j2-$state.json" | cmp -s - "$TMP/j1.json" &&
    pass "the -j 2 report equals the -j 1 report (cache $state)" ||
    fail "the -j 2 report differs from -j 1 (cache $state)"
done
finish
