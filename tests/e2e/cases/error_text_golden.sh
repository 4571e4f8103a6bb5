# The whole text report of one invalid corpus message, compared with a golden file
# (OZG_UPDATE_GOLDEN=1 rewrites it).
. "$(dirname "$0")/../lib.sh"
corpus_repo
golden=$OZG_SOURCE_DIR/tests/e2e/golden/ech0045-invalid.txt
f=$CORPUS/ech/messages/invalid/eCH-0045-v4/voting-stimmunterlagen-online-service/eCH-0045-testfile2-invalid.xml
run validate --max-errors 3 "$f"
expect_rc 1 "invalid eCH-0045 message"
actual=$(printf '%s\n' "$err" | sed -e "s|$CORPUS|CORPUS|g" -e 's/; [0-9.]* s$/; T s/')
if [ "${OZG_UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$(dirname "$golden")"
  printf '%s\n' "$actual" > "$golden"
fi
if diff -u "$golden" <(printf '%s\n' "$actual"); then pass "text report matches golden"; else fail "text report differs from $golden"; fi

# Every invalid sample: what a user sees, with the element named where it goes wrong.
golden=$OZG_SOURCE_DIR/tests/e2e/golden/samples-invalid.txt
actual=""
for f in "$OZG_SOURCE_DIR"/samples/invalid/*.xml; do
  run validate "$f"
  [ "$rc" -eq 1 ] || fail "$f: exit $rc, expected 1"
  actual+=$(printf '%s\n' "$err" | sed -e "s|$OZG_SOURCE_DIR/||g" -e 's/; [0-9.]* s$/; T s/')$'\n'
done
if [ "${OZG_UPDATE_GOLDEN:-}" = 1 ]; then printf '%s' "$actual" > "$golden"; fi
if diff -u "$golden" <(printf '%s' "$actual"); then pass "samples/invalid match golden"; else fail "samples/invalid differ from $golden"; fi
finish
