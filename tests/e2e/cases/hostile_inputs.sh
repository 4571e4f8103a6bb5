# Hostile inputs are refused with their own codes, never crash, hang or touch the network.
. "$(dirname "$0")/../lib.sh"
corpus_repo
H=$DATA/hostile
check() {  # check EXIT CODE FILE [ARGS...]
  local want_rc=$1 code=$2 file=$3
  shift 3
  run validate "$@" "$H/$file"
  expect_rc "$want_rc" "$file $*"
  [ -z "$code" ] || expect_in "$err" "[$code]" "$file $* reports $code"
}
check 1 XML003 xxe-external-entity.xml
check 1 XML009 xxe-external-entity.xml --allow-doctype
expect_not_in "$err" "root:x:0" "nothing from /etc/passwd in the output"
check 1 XML003 billion-laughs.xml
check 1 XML006 billion-laughs.xml --allow-doctype
check 1 XML006 billion-laughs-element-content.xml --allow-doctype
check 1 XML005 deep-nesting.xml
check 1 XML004 latin1-declared-utf8.xml
check 1 XML004 unsupported-encoding.xml
check 1 XML002 empty.xml
check 1 XML002 whitespace-only.xml
check 0 XML008 malformed-schemalocation.xml
check 0 "" remote-schemalocation.xml
# Without any network at all, the remote schemaLocation changes nothing (where namespaces work).
if unshare -rn true 2>/dev/null; then
  out=$(unshare -rn "$OZG" validate "$H/remote-schemalocation.xml" 2>&1) && rc=0 || rc=$?
  expect_rc 0 "remote schemaLocation validated with no network namespace"
else
  echo "note: unshare -rn not permitted here; offline run not repeated"
fi
finish
