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
finish
