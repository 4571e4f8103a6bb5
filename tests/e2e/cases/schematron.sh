# Schematron: `ozg schematron add|list|remove`, and the rules of the corpus's XSchule,
# XHochschule and XBerufsbildung run by `ozg validate` after the schema step. Every corpus
# message is clean; messages made here from corpus messages by sed (schema-valid, each
# breaking a rule) give the expected rule ids, the same as Saxon running ozg's compiled rules
# as a separate `java` process; without a Java VM validation notes that the rules were not run.
. "$(dirname "$0")/../lib.sh"
need_corpus
X=$CORPUS/xoev
[ -d "$X/schematron/xschule" ] || skip "no Schematron in the corpus at $X"
export OZG_HOME=$TMP/repo
"$OZG" schemas add "$X/schemas" >/dev/null 2>&1 || { fail "schemas add"; finish; }

jar=${OZG_SAXON_JAR:-/usr/share/java/Saxon-HE.jar}
jvm=${OZG_LIBJVM:-/usr/lib/jvm/default-java/lib/server/libjvm.so}
engine=yes
{ [ -f "$jar" ] && [ -f "$jvm" ] && command -v java >/dev/null; } || engine=no

# --- without an engine: the note, or an error with --strict-schematron ---
run schematron add --no-compile "$X/schematron/xschule/1.2/xschule-schematron.sch"
expect_rc 0 "schematron add xschule (not compiled)"
expect_in "$out" "added Schematron 'xschule-schematron' (1 file(s), version 1.2) for http://xschule.digital/def/xschule/1.2/xsd" "add names file count, version and namespace"
msg=$X/messages/valid/xschule/1.2/XSchule_Abiturzeugnis_RP_01.xml
out=$(OZG_LIBJVM=$TMP/none/libjvm.so "$OZG" validate "$msg" 2>&1) && rc=0 || rc=$?
expect_rc 0 "without a Java VM the message is still valid"
expect_in "$out" "note: Schematron not checked: install default-jre-headless libsaxonhe-java (no Java VM at $TMP/none/libjvm.so" "the note names the packages and the missing VM"
expect_in "$out" "[SCH210]" "the note has its code"
out=$(OZG_LIBJVM=$TMP/none/libjvm.so "$OZG" validate --strict-schematron "$msg" 2>&1) && rc=0 || rc=$?
expect_rc 1 "--strict-schematron without a Java VM"
expect_in "$out" "error: Schematron not checked" "--strict-schematron makes it an error"
out=$(OZG_LIBJVM=$TMP/none/libjvm.so "$OZG" validate --no-schematron --strict-schematron "$msg" 2>&1) && rc=0 || rc=$?
expect_rc 0 "--no-schematron does not run the rules"
expect_not_in "$out" "SCH210" "--no-schematron: no note"
out=$(OZG_SAXON_JAR=$TMP/none.jar "$OZG" validate "$msg" 2>&1) && rc=0 || rc=$?
expect_in "$out" "Schematron not checked: install default-jre-headless libsaxonhe-java (no Saxon-HE at $TMP/none.jar)" "a missing Saxon jar is named"

run schematron list
expect_rc 0 "schematron list"
expect_in "$out" "xschule-schematron  1.2      http://xschule.digital/def/xschule/1.2/xsd" "list shows name, version and namespace"
run schematron list -f json
expect_snake_keys "$out" "schematron list -f json"
run schematron remove urn:nothing
expect_rc 2 "remove of nothing installed"
expect_in "$err" "[SCH221]" "remove names SCH221"
run schematron add "$X/schematron/xbildung/1.2/xbildung-schematron.sch"
expect_rc 2 "a file whose rules name no namespace"
expect_in "$err" "[SCH222]" "SCH222 asks for --namespace"
run schematron add "$X/codelists/urn_xschule-digital_xschule_codeliste_halbjahr_1.0.xml"
expect_rc 3 "a code list is not Schematron"
expect_in "$err" "[SCH220]" "SCH220"

[ "$engine" = yes ] || { echo "SKIP: the engine checks (no $jvm or $jar)"; finish; }

# --- with the engine ---
for s in xschule/1.2/xschule-schematron xhochschule/1.2/xhochschule-schematron \
         xberufsbildung/0.6/xberufsbildung-schematron; do
  run schematron add "$X/schematron/$s.sch"
  expect_rc 0 "schematron add $s (compiled)"
done
[ -n "$(ls "$OZG_HOME/cache/schematron/")" ] && pass "the generated XSLT is cached" ||
  fail "no cached XSLT in $OZG_HOME/cache/schematron"

# Every corpus message of the three standards is clean.
valid=()
for s in xschule/1.2 xhochschule/1.2 xberufsbildung/0.6; do
  while IFS= read -r f; do valid+=("$f"); done < <(find "$X/messages/valid/$s" -name '*.xml' | sort)
done
run validate -f json "${valid[@]}"
expect_rc 0 "all ${#valid[@]} corpus messages are valid with their Schematron"
n=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
bad = [x["file"] for x in d["files"] if [s["status"] for s in x.get("schematron", [])] != ["checked"]]
sch = [x for f in d["files"] for x in f["diagnostics"] if x["code"].startswith("SCH")]
print(len(d["files"]), len(bad), len(sch))')
[ "$n" = "${#valid[@]} 0 0" ] && pass "each was checked against its one Schematron file, no finding" ||
  fail "files/not checked/SCH findings: $n"
expect_snake_keys "$out" "validate -f json with Schematron"
expect_in "$out" '"name": "xschule-schematron"' "the JSON report names the Schematron file"
expect_in "$out" '"version": "1.2"' "and its version"

# Schema-valid messages that break rules, made from corpus messages.
mkdir -p "$TMP/broken"
sed 's/urn:xschule-digital:xschule:codeliste:abiturfachdigital/urn:xschule-digital:xschule:codeliste:abiturfachdigitalX/g' \
  "$X/messages/valid/xschule/1.2/XSchule_Abiturzeugnis_RP_01.xml" >"$TMP/broken/abitur.xml"
sed 's|<xbd:note>1,3<|<xbd:note>sehr gut<|' \
  "$X/messages/valid/xhochschule/1.2/Hochschulabschlusszeugnis.xml" >"$TMP/broken/zeugnis.xml"
sed '0,/37(2)_bbig<\/code>/s||~wert_nicht_in_liste</code>|' \
  "$X/messages/valid/xberufsbildung/0.6/XBBD_Pruefungszeugnis_LAK_BW_01.xml" >"$TMP/broken/pruefung.xml"
declare -A expected=(
  [abitur]="XSC-0002-0100-MUSS-Kurs-Pruefung-AbiturfachDigital"
  [zeugnis]="SCH-XHS-0018-Benotungsschema SCH-XHS-0019-BenotungsschemaGesamtnoteundAbschlussarbeit SCH-XHS-0019-BenotungsschemaGesamtnoteundAbschlussarbeit"
  [pruefung]="XBBD-1000-0001-WNIL_RA"
)
declare -A rules=([abitur]=xschule/1.2/xschule-schematron [zeugnis]=xhochschule/1.2/xhochschule-schematron
                  [pruefung]=xberufsbildung/0.6/xberufsbildung-schematron)
for m in abitur zeugnis pruefung; do
  run validate -f json "$TMP/broken/$m.xml"
  expect_rc 1 "$m: invalid by its Schematron"
  got=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)["files"][0]
print(" ".join(x["rule"] for x in d["diagnostics"] if x["code"] == "SCH201"))')
  [ "$got" = "${expected[$m]}" ] && pass "$m: the expected rule ids" ||
    fail "$m: rule ids '$got', expected '${expected[$m]}'"
  # The same rules run by Saxon in a separate process (the XSLT from ozg's compiler).
  java -cp "$jar" net.sf.saxon.Transform -s:"$X/schematron/${rules[$m]}.sch" \
    -xsl:"$OZG_SOURCE_DIR/xoev/schematron/sch2xslt.xsl" -o:"$TMP/$m.xsl" 2>"$TMP/java.err" ||
    fail "$m: java compile: $(cat "$TMP/java.err")"
  ref=$(java -cp "$jar" net.sf.saxon.Transform -s:"$TMP/broken/$m.xml" -xsl:"$TMP/$m.xsl" \
          -it:'{urn:ozg:schematron}lines' 2>"$TMP/java.err" | cut -f2 | tr '\n' ' ')
  [ "${ref% }" = "$got" ] && pass "$m: the same verdict as Saxon in its own process" ||
    fail "$m: java says '${ref% }', ozg '$got' $(cat "$TMP/java.err")"
done

# The text report: the rule's own text and id, with line, column and path.
run validate "$TMP/broken/abitur.xml"
expect_in "$err$out" "error: Alle eingebrachten Abiturfächer und Prüfungen müssen mit einem xsc:fach aus der Abiturfach-Digital-Liste versehen sein. [XSC-0002-0100-MUSS-Kurs-Pruefung-AbiturfachDigital] [SCH201]" "text report: German text, rule id, code"
expect_in "$err$out" "at /schueler.abiturzeugnis.0002" "text report: the path"
line=$(printf '%s\n%s' "$err" "$out" | grep -o 'abitur.xml:[0-9]*:[0-9]*: error: Alle' | head -1)
[ -n "$line" ] && [ "$line" != "abitur.xml:0:0: error: Alle" ] && pass "text report: line and column ($line)" ||
  fail "no line:col in: ${err:0:600}"
run validate -f sarif "$TMP/broken/abitur.xml"
expect_in "$out" '"schematronRule": "XSC-0002-0100-MUSS-Kurs-Pruefung-AbiturfachDigital"' "SARIF carries the rule id"
expect_in "$out" '"startLine"' "SARIF has the line"
run validate -f junit "$TMP/broken/abitur.xml"
expect_in "$out" "XSC-0002-0100-MUSS-Kurs-Pruefung-AbiturfachDigital" "JUnit names the rule"

# A schema error: the rules are skipped, and the report says so.
sed 's|<xsc:kurs>|<xsc:kursX>|' "$X/messages/valid/xschule/1.2/XSchule_Abiturzeugnis_RP_01.xml" >"$TMP/broken/schema.xml"
run validate "$TMP/broken/schema.xml"
expect_rc 1 "a schema error"
expect_in "$err$out" "note: Schematron not checked (xschule-schematron): the schema step failed [SCH211]" "skipped because the schema step failed"

# A batch with two workers (two threads in one JVM): 132 clean copies and the broken ones.
mkdir -p "$TMP/batch"
for i in $(seq 1 11); do
  for f in "$X"/messages/valid/xschule/1.2/*.xml; do cp "$f" "$TMP/batch/$i-$(basename "$f")"; done
done
cp "$TMP/broken/abitur.xml" "$TMP/broken/zeugnis.xml" "$TMP/broken/pruefung.xml" "$TMP/batch/"
run validate -j 2 -f json "$TMP/batch"
expect_rc 1 "batch -j 2"
n=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["summary"]["files"], d["summary"]["invalid"],
      sum(1 for f in d["files"] for x in f["diagnostics"] if x["code"] == "SCH201"))')
[ "$n" = "135 3 5" ] && pass "batch -j 2: 135 files, 3 invalid, 5 findings" || fail "batch: $n"

run schematron remove xhochschule-schematron
expect_rc 0 "schematron remove"
expect_in "$out" "removed 1 Schematron file(s)" "remove says how many"
run validate "$TMP/broken/zeugnis.xml"
expect_rc 0 "without its Schematron the message is valid again"
finish
