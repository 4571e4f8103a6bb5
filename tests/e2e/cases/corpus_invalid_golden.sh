# What a user sees for each of the 21 invalid eCH corpus messages, in English and in German,
# compared with golden files (OZG_UPDATE_GOLDEN=1 rewrites them; review the diff).
. "$(dirname "$0")/../lib.sh"
corpus_repo
for lang in en de; do
  golden=$OZG_SOURCE_DIR/tests/e2e/golden/corpus-invalid.$lang.txt
  actual=""
  n=0
  while IFS= read -r f; do
    run --lang "$lang" validate --max-errors 5 "$f"
    [ "$rc" -eq 1 ] || fail "$f: exit $rc, expected 1"
    actual+=$(printf '%s\n' "$err" | sed -e "s|$CORPUS|CORPUS|g" -e 's/; [0-9.]* s$/; T s/')$'\n'
    n=$((n + 1))
  done < <(find "$CORPUS/ech/messages/invalid" -name '*.xml' | LC_ALL=C sort)
  [ "$n" -eq 21 ] && pass "$lang: 21 messages" || fail "$lang: $n messages, expected 21"
  if [ "${OZG_UPDATE_GOLDEN:-}" = 1 ]; then printf '%s' "$actual" > "$golden"; fi
  if diff -u "$golden" <(printf '%s' "$actual"); then pass "$lang: matches $golden"; else fail "$lang: differs from $golden"; fi
done
finish
