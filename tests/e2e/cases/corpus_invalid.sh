# Every message under messages/invalid is reported invalid (exit 1) with located diagnostics.
. "$(dirname "$0")/../lib.sh"
corpus_repo
for part in ech xoev; do
  dir=$CORPUS/$part/messages/invalid
  n=$(count_xml "$dir")
  run validate --format json -o "$TMP/$part.json" "$dir"
  expect_rc 1 "$part invalid messages"
  report=$(cat "$TMP/$part.json")
  expect_in "$report" "\"invalid\": $n," "$part: all $n files invalid"
  expect_in "$report" "\"valid\": 0," "$part: none valid"
  # Each file individually: exit 1 and a first diagnostic with file:line:col or an element path.
  while IFS= read -r f; do
    run validate -q "$f"
    [ "$rc" -eq 1 ] || fail "$f: exit $rc, expected 1"
    first=$(printf '%s\n' "$err" | head -n 2)
    if ! printf '%s' "$first" | grep -Eq "^$f:[0-9]+:[0-9]+: error: |^    at /"; then
      fail "$f: first diagnostic not located: $first"
    fi
  done < <(find "$dir" -type f -iname '*.xml' | sort)
done
# The known defects are named by their codes.
run validate "$CORPUS/xoev/messages/invalid/xwasser/1.0.0/xwasser_quality_report_minimal.xml"
expect_in "$err" "error: ID attribute 'ID14aeb6cd-bc5e-443f-890c-cbdfe6f50c86' is referenced but was never declared [XSD105]" "dangling IDREF found (xmllint misses it)"
run validate "$CORPUS/ech/messages/invalid/eCH-0090-v1/sedex-message-handler/envl_Test_XXE.xml"
expect_in "$err" "[XML001]" "XXE probe rejected as not well-formed"
finish
