# Issues 10.9 / 13.4: validation's memory is bounded by --max-value-mb, whatever the input.
# Xerces holds every text node, attribute value, comment or CDATA section whole while it checks
# it; a value beyond the limit is XML011 at the element that holds it, and nothing after it is
# read. (Peak RSS itself is measured by bench/validate, case (c), not here.)
. "$(dirname "$0")/../lib.sh"
corpus_repo
M=$SAMPLES/valid/ech0020-v3-move-in.xml
# make OUT KIND MIB: the move-in with a value of MIB MiB in the first officialName (line 36,
# whose start tag is at column 9).
make() {
  python3 - "$M" "$1" "$2" "$3" <<'PY'
import sys
src, out, kind, mib = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
s = open(src, encoding='utf-8').read()
tag = '<eCH-0044:officialName>'
i = s.index(tag) + len(tag) - 1   # the '>' of the start tag
j = s.index('<', i)               # the end tag
n = int(mib * (1 << 20))
attrs, text = '', s[i + 1:j]
if kind == 'text':          # one text node
    text = 'M' * n
elif kind == 'split':       # text split by empty comments: no run of it is long
    text = '<!---->'.join(['M' * 65536] * (n // 65536))
elif kind == 'comment':     # a comment full of '<'
    text = 'Muster<!--' + '<a' * (n // 2) + '-->'
elif kind == 'attribute':   # an attribute value on the start tag
    attrs = ' x="' + 'a' * n + '"'
open(out, 'w', encoding='utf-8').write(s[:i] + attrs + '>' + text + s[j:])
PY
}

make "$TMP/text5.xml" text 5
run validate "$TMP/text5.xml"
expect_rc 1 "a 5 MiB text node (default limit 4 MiB)"
expect_in "$err" "text5.xml:36:9: error: more than 4 MiB without markup from here on" "XML011 located at the start tag that holds the text"
expect_in "$err" "[XML011]" "code XML011"
expect_in "$err" "raise the limit with --max-value-mb 16" "the hint names the option"
expect_in "$err" "text5.xml: invalid (1 error)" "one error: nothing Xerces says after the stop"
run validate --max-value-mb 8 "$TMP/text5.xml"
expect_not_in "$err" "[XML011]" "--max-value-mb 8 accepts it"
expect_in "$err" "[XSD103]" "and the value is checked against its type (officialName is at most 100 characters)"

make "$TMP/text3.xml" text 3
run validate "$TMP/text3.xml"
expect_not_in "$err" "[XML011]" "3 MiB of text is below the default limit"

make "$TMP/attr5.xml" attribute 5
run validate "$TMP/attr5.xml"
expect_rc 1 "a 5 MiB attribute value"
expect_in "$err" "attr5.xml:36:9: error: more than 4 MiB without markup from here on" "XML011 at the start tag"

# Values that the byte check cannot see end through the bounded memory of the parser.
make "$TMP/split.xml" split 40
run validate "$TMP/split.xml"
expect_rc 1 "40 MiB of text in one element, split by comments"
expect_in "$err" "error: a value here (text, attribute value, comment or CDATA section) is longer than 4 MiB" "XML011 from the parser's memory bound"
expect_in "$err" "split.xml: invalid (1 error)" "exactly one error"
make "$TMP/comment.xml" comment 40
run validate "$TMP/comment.xml"
expect_rc 1 "a 40 MiB comment full of '<'"
expect_in "$err" "[XML011]" "XML011 for the comment"

# After a refused value the next file of the same run is validated as usual (the parser that
# ran out of its bound is replaced), in input order, with one worker and with two.
cp "$M" "$TMP/zz-valid.xml"
for j in 1 2; do
  run validate -j $j "$TMP/split.xml" "$TMP/zz-valid.xml" "$TMP/split.xml" "$TMP/zz-valid.xml"
  expect_rc 1 "-j $j: two refused, two valid"
  expect_in "$err" "4 files: 2 valid, 2 invalid" "-j $j: the valid files after a refusal still pass"
done

# Standard input is spooled and checked the same way.
run validate - < "$TMP/text5.xml"
expect_rc 1 "stdin: a 5 MiB text node"
expect_in "$err" "<stdin>:36:9: error: more than 4 MiB without markup" "stdin: XML011 located"

# inspect reads headers with the same limits.
out=$("$OZG" inspect "$TMP/attr5.xml" 2>&1) && rc=0 || rc=$?
expect_rc 1 "inspect a 5 MiB attribute value"
expect_in "$out" "[XML011]" "inspect: XML011"
# The hint's option is there on every command that validates, and raises the limit there too.
out=$("$OZG" inspect --max-value-mb 8 "$TMP/text5.xml" 2>&1) && rc=0 || rc=$?
expect_not_in "$out" "[XML011]" "inspect --max-value-mb 8 reads the 5 MiB text node"
for cmd in inspect send receive transform; do
  "$OZG" $cmd --help 2>/dev/null | grep -q -- '--max-value-mb' && pass "$cmd --help offers --max-value-mb" ||
    fail "$cmd has no --max-value-mb although XML011's hint names it"
done

run explain XML011
expect_rc 0 "XML011 is explained"
finish
