# The shipped samples: valid ones validate against the official schemas, each invalid one fails
# with the code its name promises.
. "$(dirname "$0")/../lib.sh"
corpus_repo
run validate "$SAMPLES/valid"
expect_rc 0 "samples/valid"
expect_in "$err" "$(count_xml "$SAMPLES/valid") files: $(count_xml "$SAMPLES/valid") valid" "all samples valid"
while read -r file code; do
  run validate "$SAMPLES/invalid/$file"
  expect_rc 1 "$file"
  expect_in "$err" "[$code]" "$file reports $code"
done <<'LIST'
ech0020-v3-move-in-bad-date.xml XSD103
ech0020-v3-move-in-missing-header-field.xml XSD102
ech0020-v3-move-in-unexpected-element.xml XSD101
not-well-formed.xml XML001
unknown-namespace.xml XSD110
LIST
finish
