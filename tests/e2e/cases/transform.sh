# ozg transform and ozg mapping on the shipped mappings and on broken ones: exit codes,
# diagnostics with their locations, and no output file unless the result is complete and valid.
. "$(dirname "$0")/../lib.sh"
corpus_repo
M=$OZG_SOURCE_DIR/mappings
PORTAL=$M/portal-zuzug-to-ech0020-v3.yaml
params=(-p senderId=T1-123456-1 -p recipientId=T1-654321-1 -p municipalityId=9901
        -p municipalityName=Beispielwil -p canton=ZH)

run mapping check "$M"
expect_rc 0 "mapping check on the shipped mappings"
expect_in "$err" "portal-zuzug-to-ech0020-v3.yaml: ok; target paths checked against ech/eCH-0020-3-0.xsd" "target paths checked"

run mapping test "$M"
expect_rc 0 "shipped examples pass"
expect_in "$out" "PASS $M/examples/beispielwil/zuzug.yaml: evangelical-free.json" "overlay example runs"
expect_in "$(printf '%s\n' "$out" | tail -n 1)" " passed, 0 failed" "closing line"

# Issue 11.15: the shipped examples read only files inside mappings/ (they read ../samples, so a
# copied mappings/ folder failed 'mapping test' while 'mapping check' said ok).
cp -r "$M" "$TMP/maps"
run mapping test "$TMP/maps"
expect_rc 0 "mapping test on a copy of mappings/"
expect_in "$(printf '%s\n' "$out" | tail -n 1)" " passed, 0 failed" "every example passes in the copy"
# An example path that leads out of the mapping's folder is refused when the mapping is loaded.
mkdir -p "$TMP/exout/m"
printf '{"a": "x"}\n' >"$TMP/exout/in.json"
printf 'source: {format: json}\ntarget: {format: json}\nrules: [{target: a, from: a}]\nexamples:\n  - {input: ../in.json, output: out.json}\n' >"$TMP/exout/m/m.yaml"
run mapping test "$TMP/exout/m/m.yaml"
expect_rc 1 "example input outside the folder"
expect_in "$err" "$TMP/exout/m/m.yaml:5:13: error: example input '../in.json' leads outside $(cd "$TMP/exout/m" && pwd -P), the folder the mapping may read [MAP322]" "the example path is refused with MAP322"
run mapping check "$TMP/exout/m/m.yaml"
expect_rc 1 "mapping check refuses it too"
expect_in "$err" "[MAP322]" "mapping check names MAP322"

# An example whose expected output no longer matches fails with a readable diff; a missing
# expected file is named with the command that writes it.
P=$TMP/maps/ech0020-persons-to-csv
sed -i 's/,Muster,Anna,/,Muster,Annette,/' "$P/v3-move-in.csv"
rm "$P/v2-birth.csv"
run mapping test "$TMP/maps/ech0020-persons-to-csv.yaml"
expect_rc 1 "changed expected output"
expect_in "$out" "FAIL $TMP/maps/ech0020-persons-to-csv.yaml: move-in.xml: output differs from $P/v3-move-in.csv [MAP316]" "names example and file"
expect_in "$out" "- move-in.xml,3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f,2024-03-01T09:30:00,moveIn,7561234567897,LOC.BEISPIELWIL,100042,Muster,Annette," "expected line in the diff"
expect_in "$out" "+ move-in.xml,3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f,2024-03-01T09:30:00,moveIn,7561234567897,LOC.BEISPIELWIL,100042,Muster,Anna," "actual line in the diff"
expect_in "$out" "v2-birth.csv is missing (write it with 'ozg mapping test --update')" "missing expected file"
expect_in "$(printf '%s\n' "$out" | tail -n 1)" "0 passed, 2 failed" "both examples counted as failed"

# Issue 11.15: an overlay's misspelt value map ('religon:' for 'religion:') was accepted and did
# nothing; mapping check and transform refuse it.
printf 'extends: portal-zuzug-to-ech0020-v3.yaml\nvaluemaps:\n  religon:\n    values: {evangelical-free: "812"}\n' >"$TMP/maps/typo-overlay.yaml"
run mapping check "$TMP/maps/typo-overlay.yaml"
expect_rc 1 "mapping check on an overlay with a misspelt value map"
expect_in "$err" "$TMP/maps/typo-overlay.yaml:3:3: error: value map 'religon' is not in the mapping this file extends, and no rule uses it [MAP308]" "the map is named at its line"
expect_in "$err" "hint: did you mean 'religion'? an overlay's value map adds to the base's map of the same name" "did you mean"

# The portal mapping: one valid delivery per person, each accepted by ozg validate.
run transform -m "$PORTAL" "${params[@]}" "$M/portal-zuzug-to-ech0020-v3/family.json" -o "$TMP/out/"
expect_rc 0 "portal form transformed"
[ "$(ls "$TMP/out" | tr '\n' ' ')" = "family-1.xml family-2.xml family-3.xml " ] &&
  pass "one delivery per person" || fail "outputs: $(ls "$TMP/out")"
run validate "$TMP/out"
expect_rc 0 "outputs validate against eCH-0020-3-0.xsd"
ls -A "$TMP/out" | grep -q '^\.' && fail "temporary file left in the output folder" || pass "no temporary files"

# Standard input to standard output.
out=$("$OZG" transform -m "$PORTAL" "${params[@]}" - <"$M/portal-zuzug-to-ech0020-v3/single-foreigner.json" 2>"$TMP/stderr") && rc=0 || rc=$?
expect_rc 0 "stdin to stdout"
expect_in "$out" "<eCH-0011:residencePermit>07</eCH-0011:residencePermit>" "L permit mapped to 07"

# A parameter missing is a usage error, before any input is read.
run transform -m "$PORTAL" "$M/portal-zuzug-to-ech0020-v3/family.json" -o "$TMP/none.xml"
expect_rc 2 "missing parameters"
expect_in "$err" "error: parameter 'senderId' is required and not given [MAP307]" "names the parameter"
expect_in "$err" "hint: pass --param senderId=VALUE or set OZG_SENDER_ID" "says how to give it"

# Data errors: located in the input, naming the rule; nothing written.
cat >"$TMP/no-name.json" <<'EOF'
{"submissionId": "X-1", "moveDate": "2026-01-31",
 "applicant": {"id": "p1", "firstName": "Anna", "sex": "female", "dateOfBirth": "12.04.1985",
               "maritalStatus": "single", "nationality": "CH"},
 "previousAddress": {"town": "Bern", "country": "CH"},
 "newAddress": {"street": "Dorfstrasse", "zipCode": "8999", "town": "Beispielwil"}}
EOF
run transform -m "$PORTAL" "${params[@]}" "$TMP/no-name.json" -o "$TMP/no-name.xml"
expect_rc 1 "required value missing"
expect_in "$err" "$TMP/no-name.json:2:2: error: required value missing: 'lastName' is empty or selects nothing (rule at $PORTAL:" "located in the input, names the rule"
expect_in "$err" "[MAP310]" "MAP310"
expect_in "$err" "    at /applicant" "JSON path of the context"
[ -e "$TMP/no-name.xml" ] && fail "output written despite errors" || pass "no output on data errors"

# Issue 11.15: a member that is there but wrong is located at the member (key line:column, path
# /applicant/lastName), not at its object (2:2 at /applicant) as before.
cat >"$TMP/badform.json" <<'EOF'
{"submissionId": "X-1", "moveDate": "2026-01-31",
 "applicant": {"id": "p1", "firstName": "Anna", "lastName": "",
               "sex": "female", "dateOfBirth": "31.02.1985",
               "maritalStatus": "single", "nationality": "CH"},
 "previousAddress": {"town": "Bern", "country": "CH"},
 "newAddress": {"street": "Dorfstrasse", "zipCode": "8999", "town": "Beispielwil"}}
EOF
run transform -m "$PORTAL" "${params[@]}" "$TMP/badform.json" -o "$TMP/badform.xml"
expect_rc 1 "empty lastName, impossible date"
expect_in "$err" "$TMP/badform.json:2:49: error: required value missing: 'lastName' is empty or selects nothing (rule at $PORTAL:100:17) [MAP310]
    at /applicant/lastName" "empty member located at its key"
expect_in "$err" "$TMP/badform.json:3:33: error: date(): '31.02.1985' is not a calendar date (rule at $PORTAL:103:17) [MAP312]
    at /applicant/dateOfBirth" "function error located at the member it read"

sed 's/"single"/"complicated"/' "$TMP/no-name.json" | sed 's/"firstName"/"lastName": "Muster", "firstName"/' >"$TMP/bad-code.json"
run transform -m "$PORTAL" "${params[@]}" "$TMP/bad-code.json" -o "$TMP/bad-code.xml"
expect_rc 1 "unmapped code"
expect_in "$err" "value 'complicated' is not in value map 'marital-status'" "names value and map"
expect_in "$err" "[MAP311]" "MAP311"

# Broken mappings: each problem with its own code and YAML position; exit 3, nothing read.
printf 'target: {root: r}\nrules:\n  - target: a\n    from: [x\n' >"$TMP/bad.yaml"
run transform -m "$TMP/bad.yaml" "$TMP/no-name.json"
expect_rc 3 "bad YAML"
expect_in "$err" "$TMP/bad.yaml:5:1: error: YAML syntax error" "YAML error located"
printf 'extends: b.yaml\n' >"$TMP/a.yaml"
printf 'extends: a.yaml\n' >"$TMP/b.yaml"
run transform -m "$TMP/a.yaml" "$TMP/no-name.json"
expect_rc 3 "extends cycle"
expect_in "$err" "'extends' cycle: a.yaml -> b.yaml -> a.yaml [MAP304]" "cycle named"
printf 'source: {format: json}\ntarget: {root: r}\nrules:\n  - {target: a, from: "uper(x)"}\n' >"$TMP/fn.yaml"
run transform -m "$TMP/fn.yaml" "$TMP/no-name.json"
expect_rc 3 "unknown function"
expect_in "$err" "$TMP/fn.yaml:4:23: error: unknown function 'uper()' in 'uper(x)' [MAP306]" "function located"
expect_in "$err" "hint: did you mean 'upper'?" "nearest function"

# A YAML alias bomb: 9 levels of 10 aliases, under a kilobyte, read as 10^9 rules (it ran out
# of memory, exit 70). Refused at the alias that passes the bound, in bounded memory and time.
{
  printf 'target: {root: r}\nrules:\n  - &a0 {target: x, value: v}\n'
  for i in 1 2 3 4 5 6 7 8 9; do
    printf '  - &a%d {target: x, rules: [*a%d' "$i" $((i - 1))
    for _ in 1 2 3 4 5 6 7 8 9; do printf ', *a%d' $((i - 1)); done
    printf ']}\n'
  done
} >"$TMP/bomb.yaml"
# (An ASan build reserves terabytes of address space: there, only the time is bounded.)
asan=0
ldd "$OZG" 2>/dev/null | grep -q libasan && asan=1
out=$( ( ((asan)) || ulimit -v 500000; timeout 60 "$OZG" transform -m "$TMP/bomb.yaml" "$TMP/no-name.json") 2>"$TMP/stderr") && rc=0 || rc=$?
err=$(cat "$TMP/stderr")
expect_rc 3 "alias bomb refused within 500 MB and 60 s"
expect_in "$err" "$TMP/bomb.yaml:8:29: error: alias *a4 makes the mapping larger than 100000 YAML nodes: an alias counts as a copy of all the nodes of its anchor [MAP321]" "bomb located at the alias"
printf 'target: {root: r}\nrules:\n  - &r {target: x, rules: [*r]}\n' >"$TMP/loop.yaml"
run transform -m "$TMP/loop.yaml" "$TMP/no-name.json"
expect_rc 3 "alias inside its own anchor refused (it crashed)"
expect_in "$err" "$TMP/loop.yaml:3:28: error: alias *r stands for a node that contains it: the structure would never end [MAP321]" "loop located"

# A mapping reads only files in its folder (or package): absolute paths, '..' and symbolic links
# out of it are refused before anything is opened, and nothing of the file shows (the lines of
# /etc/shadow used to be quoted under MAP302).
mkdir -p "$TMP/pkg/sub"
printf 'SECRET-MARKER-4711: root:x:0:0\n' >"$TMP/outside.yaml"
ln -s ../../outside.yaml "$TMP/pkg/sub/link.yaml"
real_sub=$(cd "$TMP/pkg/sub" && pwd -P)
for ref in "include: [$TMP/outside.yaml]" "include: [../../outside.yaml]" "include: [link.yaml]" \
           "extends: ../../outside.yaml" "target: {root: r, schema: ../../outside.yaml}"; do
  case $ref in target:*) tgt="" ;; *) tgt='target: {root: r}' ;; esac
  printf '%s\n%s\nsource: {format: json}\nrules: [{target: a, from: firstName}]\n' "$ref" "$tgt" >"$TMP/pkg/sub/m.yaml"
  run transform --no-validate -m "$TMP/pkg/sub/m.yaml" "$TMP/no-name.json"
  expect_rc 3 "$ref refused"
  expect_in "$err" "[MAP322]" "$ref: MAP322"
  expect_not_in "$err$out" "SECRET-MARKER" "$ref: nothing of the file shown"
done
expect_in "$err" "$TMP/pkg/sub/m.yaml:1:27: error: target.schema '../../outside.yaml' leads outside $real_sub, the folder the mapping may read [MAP322]" "located at the path"
expect_in "$err" "hint: a mapping reads only files in its own folder and below, or in its package (the nearest folder above it with an ozg-package.yaml); copy the file there" "says what to do"

# Regular expressions are RE2 (linear time): this one on 34 characters ran for minutes with
# std::regex. $1 in the replacement still works.
printf '{"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "date": "12.04.1985"}\n' >"$TMP/re.json"
cat >"$TMP/re.yaml" <<'EOF'
source: {format: json}
target: {format: json}
rules:
  - {target: ok, from: "if(matches(name, '^([A-Za-z]+\\s?)+$'), 'yes', 'no')"}
  - {target: date, from: "regex-replace(date, '^(..)\\.(..)\\.(....)$', '$3-$2-$1')"}
EOF
out=$(timeout 20 "$OZG" transform -m "$TMP/re.yaml" "$TMP/re.json" 2>"$TMP/stderr") && rc=0 || rc=$?
err=$(cat "$TMP/stderr")
expect_rc 0 "catastrophic pattern finishes within 20 s"
[ "$out" = "$(printf '{\n  "ok": "no",\n  "date": "1985-04-12"\n}')" ] && pass "regex results" || fail "regex output: $out"

# An expression that is quadratic in its input is stopped (20,000 items: 800 million steps).
printf '{"a": [1%s]}\n' "$(printf ',1%.0s' $(seq 19999))" >"$TMP/items.json"
printf 'source: {format: json}\ntarget: {format: json}\nrules:\n  - {target: n, from: "count(//a[count(//a) > 0])"}\n' >"$TMP/quadratic.yaml"
run transform -m "$TMP/quadratic.yaml" "$TMP/items.json" -o "$TMP/items-out.json"
expect_rc 1 "quadratic expression stopped"
expect_in "$err" "$TMP/items.json:1:1: error: 'count(//a[count(//a) > 0])' takes more than 100000000 XPath steps on this input (rule at $TMP/quadratic.yaml:4:5) [MAP323]" "names the rule"
[ -e "$TMP/items-out.json" ] && fail "output written despite MAP323" || pass "no output"

# CSV injection: names from a schema-valid message that a spreadsheet would run as formulas get
# a leading ' (quoted where CSV needs it); --csv-keep-formulas writes them as they are.
sed -e '36s|>Muster<|>=HYPERLINK("http://x.example/","Muster")<|' \
    -e "37s|>Anna<|>@SUM(1+1)*cmd\|' /C calc'!A0<|" \
    "$SAMPLES/valid/ech0020-v3-move-in.xml" >"$TMP/formulas.xml"
run validate "$TMP/formulas.xml"
expect_rc 0 "the message with formulas is schema-valid"
row='formulas.xml,3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f,2024-03-01T09:30:00,moveIn,7561234567897,LOC.BEISPIELWIL,100042'
header='file,messageId,messageDate,event,vn,personIdCategory,personId,officialName,firstName,sex,dateOfBirth,municipalityId'
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/formulas.xml" -o "$TMP/formulas.csv"
expect_rc 0 "CSV with formulas"
printf '%s\n%s,"'"'"'=HYPERLINK(""http://x.example/"",""Muster"")",'"'"'@SUM(1+1)*cmd|'"'"' /C calc'"'"'!A0,2,1985-04-12,9901\n' "$header" "$row" >"$TMP/formulas.expected"
cmp -s "$TMP/formulas.csv" "$TMP/formulas.expected" && pass "formulas neutralised, bytes as expected" ||
  fail "CSV: $(diff "$TMP/formulas.expected" "$TMP/formulas.csv")"
run transform --csv-keep-formulas -m "$M/ech0020-persons-to-csv.yaml" "$TMP/formulas.xml" -o "$TMP/kept.csv"
expect_rc 0 "--csv-keep-formulas"
printf '%s\n%s,"=HYPERLINK(""http://x.example/"",""Muster"")",@SUM(1+1)*cmd|'"'"' /C calc'"'"'!A0,2,1985-04-12,9901\n' "$header" "$row" >"$TMP/kept.expected"
cmp -s "$TMP/kept.csv" "$TMP/kept.expected" && pass "kept as they are with --csv-keep-formulas" ||
  fail "CSV: $(diff "$TMP/kept.expected" "$TMP/kept.csv")"

# A target path the schema does not have, and a required element nobody produces.
sed 's|{target: eCH-0058:messageType,|{target: eCH-0058:mesageType,|' "$PORTAL" >"$M/.e2e-typo.yaml"
trap 'rm -f "$M/.e2e-typo.yaml"; rm -rf "$TMP"' EXIT
run mapping check "$M/.e2e-typo.yaml"
expect_rc 1 "target path not in schema"
expect_in "$err" "target 'eCH-0058:mesageType': eCH-0058:mesageType is not allowed in eCH-0020:delivery/eCH-0020:deliveryHeader by ech/eCH-0020-3-0.xsd [MAP313]" "path checked against the schema"
expect_in "$err" "hint: allowed here: eCH-0058:messageType" "nearest allowed element first"
expect_in "$err" "required element eCH-0058:messageType in eCH-0020:delivery/eCH-0020:deliveryHeader is produced by no rule [MAP314]" "required element"

# The same typo at run time: the output is invalid and not written; --no-validate writes it.
run transform -m "$M/.e2e-typo.yaml" "${params[@]}" "$M/portal-zuzug-to-ech0020-v3/single-foreigner.json" -o "$TMP/typo.xml"
expect_rc 1 "invalid output"
expect_in "$err" "[MAP315]" "not valid against the target schema"
expect_in "$err" "at /delivery/deliveryHeader/mesageType" "schema finding with its path"
# Issue 11.8: the findings are located in the output, named as such, not in $TMP/typo.xml, which
# was never written.
expect_in "$err" "<output 1 of $M/portal-zuzug-to-ech0020-v3/single-foreigner.json>:16:25: error: no declaration found for element 'eCH-0058:mesageType' [XSD107]" "located in the output, which is named as such"
expect_not_in "$err" "$TMP/typo.xml:" "no location in a file that does not exist"
expect_in "$err" "hint: the lines above are lines of that output; fix the mapping (or the input), or write the output with --no-validate to inspect it" "says what the lines refer to"
[ -e "$TMP/typo.xml" ] && fail "invalid output written" || pass "invalid output not written"
run transform --no-validate -m "$M/.e2e-typo.yaml" "${params[@]}" "$M/portal-zuzug-to-ech0020-v3/single-foreigner.json" -o "$TMP/typo.xml"
expect_rc 0 "--no-validate writes it"
grep -q '<eCH-0058:mesageType>' "$TMP/typo.xml" && pass "unvalidated output present" || fail "no output with --no-validate"

# No target schema installed: refused with a hint, or written in rule order with --no-validate.
out=$(OZG_HOME=$TMP/empty-repo "$OZG" transform -m "$PORTAL" "${params[@]}" "$M/portal-zuzug-to-ech0020-v3/single-foreigner.json" 2>"$TMP/stderr") && rc=0 || rc=$?
err=$(cat "$TMP/stderr")
expect_rc 3 "no target schema"
expect_in "$err" "no schema in the repository declares the target root {http://www.ech.ch/xmlns/eCH-0020/3}delivery [XSD110]" "says which schema is missing"
expect_in "$err" "or pass --no-validate" "points to --no-validate"
out=$(OZG_HOME=$TMP/empty-repo "$OZG" transform --no-validate -m "$PORTAL" "${params[@]}" "$M/portal-zuzug-to-ech0020-v3/single-foreigner.json" 2>"$TMP/stderr") && rc=0 || rc=$?
err=$(cat "$TMP/stderr")
expect_rc 0 "--no-validate without the schema"
expect_in "$err" "elements are written in rule order, not checked" "says the output is unordered and unchecked"

# The persons mapping looks the reporting municipality up once per delivery; without one, every
# row is still written, with the column empty.
sed '/<eCH-0020:reportingMunicipality>/,/<\/eCH-0020:reportingMunicipality>/d' \
  "$SAMPLES/valid/ech0020-v3-move-in.xml" >"$TMP/no-municipality.xml"
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/no-municipality.xml"
expect_rc 0 "delivery without a reporting municipality"
[ "$out" = "$(head -n 1 "$M/ech0020-persons-to-csv/v3-move-in.csv")
no-municipality.xml,3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f,2024-03-01T09:30:00,moveIn,7561234567897,LOC.BEISPIELWIL,100042,Muster,Anna,2,1985-04-12," ] &&
  pass "row with an empty municipalityId" || fail "CSV: $out"

# Issue 11.9: a sedex folder holds an envelope beside each delivery. The envelopes were counted
# as transformed, with no rows and no note; they are skipped with a note (MAP324) and counted as
# skipped. Only envelopes: nothing to do (exit 3). An envelope named on the command line: MAP320.
mkdir -p "$TMP/sedex" "$TMP/envelopes"
cp "$SAMPLES/valid/ech0020-v3-move-in.xml" "$TMP/sedex/data_1.xml"
cp "$SAMPLES/valid/ech0090-envelope.xml" "$TMP/sedex/envl_1.xml"
cp "$SAMPLES/valid/ech0020-v2-birth.xml" "$TMP/sedex/data_2.xml"
cp "$SAMPLES/valid/ech0090-envelope.xml" "$TMP/sedex/envl_2.xml"
cp "$SAMPLES/valid/ech0090-envelope.xml" "$TMP/envelopes/envl_1.xml"
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/sedex" -o "$TMP/sedex.csv"
expect_rc 0 "sedex folder to CSV"
expect_in "$err" "$TMP/sedex/envl_1.xml:4:1: note: skipped: this mapping reads eCH-0020 deliveries (v1 to v3); this input is eCH-0090 v1 <envelope> (namespace http://www.ech.ch/xmlns/eCH-0090/1) [MAP324]" "the envelope is skipped with a note"
expect_in "$err" "$TMP/sedex/envl_2.xml:4:1: note: skipped:" "every envelope"
[ "$(printf '%s\n' "$err" | tail -n 1)" = "4 inputs: 2 transformed, 0 failed, 2 skipped (not read by the mapping)" ] &&
  pass "summary counts the envelopes as skipped" || fail "summary: $(printf '%s\n' "$err" | tail -n 1)"
[ "$(cut -d, -f1 "$TMP/sedex.csv" | tr '\n' ' ')" = "file data_1.xml data_2.xml " ] &&
  pass "rows of the deliveries only" || fail "CSV: $(cat "$TMP/sedex.csv")"
run transform -q -m "$M/ech0020-persons-to-csv.yaml" "$TMP/sedex" -o "$TMP/sedex-q.csv"
expect_rc 0 "sedex folder to CSV, -q"
[ -z "$err" ] && pass "-q: no note per skipped envelope, no summary" || fail "-q printed: ${err:0:500}"
cmp -s "$TMP/sedex.csv" "$TMP/sedex-q.csv" && pass "-q: the same CSV" || fail "-q: another CSV"
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/envelopes" -o "$TMP/envelopes.csv"
expect_rc 3 "a folder of envelopes only"
expect_in "$err" "ozg: error: none of the files found (1) is a document this mapping reads; nothing was transformed" "says there is nothing to transform"
[ -e "$TMP/envelopes.csv" ] && fail "CSV written for no delivery" || pass "no CSV"
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/sedex/envl_1.xml"
expect_rc 1 "an envelope named on the command line"
expect_in "$err" "$TMP/sedex/envl_1.xml:4:1: error: this mapping reads eCH-0020 deliveries (v1 to v3); this input is eCH-0090 v1 <envelope> (namespace http://www.ech.ch/xmlns/eCH-0090/1) [MAP320]" "refused with MAP320"

# Issue 11.15: the summary line is printed for one input too (-q suppresses it).
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/sedex/data_1.xml"
expect_rc 0 "one input"
[ "$err" = "1 input: 1 transformed, 0 failed" ] && pass "summary for one input" || fail "stderr: $err"
run transform -q -m "$M/ech0020-persons-to-csv.yaml" "$TMP/sedex/data_1.xml"
[ -z "$err" ] && pass "-q: no summary" || fail "stderr with -q: $err"
"$OZG" transform --help >"$TMP/help.txt" 2>&1
expect_in "$(cat "$TMP/help.txt")" "no summary line ('N inputs: N transformed, N failed' on standard error)" "--help says what -q suppresses"
expect_in "$(tr -s ' \n' ' ' <"$OZG_SOURCE_DIR/man/ozg-transform.1")" 'No summary line .RB ( "N inputs: N transformed, N failed" on standard error), and no note for a file found in a folder that the mapping does not read' "the man page says the same"

# One CSV for a folder; a broken input means no CSV at all.
mkdir -p "$TMP/in"
cp "$SAMPLES/valid/ech0020-v3-move-in.xml" "$SAMPLES/valid/ech0020-v2-birth.xml" "$TMP/in/"
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/in" -o "$TMP/persons.csv"
expect_rc 0 "persons CSV"
[ "$(wc -l <"$TMP/persons.csv")" -eq 3 ] && pass "header and one row per reported person (the mother is a related person)" || fail "CSV: $(cat "$TMP/persons.csv")"
printf '<broken' >"$TMP/in/zz-broken.xml"
run transform -m "$M/ech0020-persons-to-csv.yaml" "$TMP/in" -o "$TMP/persons2.csv"
expect_rc 1 "broken input in the folder"
expect_in "$err" "zz-broken.xml:1:7: error:" "parse error located"
expect_in "$err" "$TMP/persons2.csv not written: 1 of 3 inputs failed" "CSV withheld"
[ -e "$TMP/persons2.csv" ] && fail "partial CSV written" || pass "no partial CSV"
# mapping check does not read a YAML file larger than a mapping may be just to see whether it
# is one: it is refused as a mapping (MAP321) instead of being loaded whole, or skipped.
mkdir -p "$TMP/bigdir"
python3 -c 'import sys; sys.stdout.write("values:\n" + "".join("  k%d: v\n" % i for i in range(500000)))' > "$TMP/bigdir/huge.yaml"
out=$(timeout 60 "$OZG" mapping check "$TMP/bigdir" 2>&1) && rc=0 || rc=$?
[ "$rc" -ne 0 ] && pass "mapping check on a folder with a 5 MiB YAML file fails (exit $rc)" || fail "mapping check: exit 0: $out"
expect_in "$out" "[MAP321]" "the oversized file is named MAP321"
# mapping check walks folders with the walker of every command: an unreadable subfolder is
# reported (XML007, exit 3), not skipped. (As root, run ozg as nobody: root reads every folder.)
as_user() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
mkdir -p "$TMP/mtree/ok" "$TMP/mtree/locked"
cp "$M/ech0020-v3-move-in-to-json.yaml" "$TMP/mtree/ok/a.yaml"
chmod 755 "$TMP" "$TMP/mtree" "$TMP/mtree/ok"
chmod 644 "$TMP/mtree/ok/a.yaml"
chmod 000 "$TMP/mtree/locked"
out=$(OZG_HOME=$TMP/mtree/ok as_user "$OZG" mapping check "$TMP/mtree" 2>&1) && rc=0 || rc=$?
expect_rc 3 "mapping check with an unreadable subfolder"
expect_in "$out" "$TMP/mtree/locked: cannot read the folder: Permission denied [XML007]" "the folder is named"
chmod 755 "$TMP/mtree/locked"
finish
