# Every message under the corpus's messages/valid validates (exit 0), eCH and XÖV, with -j 2.
. "$(dirname "$0")/../lib.sh"
corpus_repo
for part in ech xoev; do
  n=$(count_xml "$CORPUS/$part/messages/valid")
  run validate -j 2 "$CORPUS/$part/messages/valid"
  expect_rc 0 "$part valid messages"
  expect_in "$err" "$n files: $n valid, 0 invalid; 0 errors" "$part summary counts all $n files"
done
# The engine-dependent xdomea message is valid for Xerces (boolean fixed value compared by value).
run validate "$CORPUS/xoev/messages/engine-dependent"
expect_rc 0 "xdomea fixed boolean 'true' vs '1'"
finish
