# Code lists: add the corpus's 302 genericode lists, show one, and check the coded values of the
# XÖV corpus messages in the same pass as the schema (numbers are those of the corpus).
. "$(dirname "$0")/../lib.sh"
need_corpus
export OZG_HOME=$TMP/repo
run codelists add "$CORPUS/xoev/codelists"
expect_rc 0 "add the corpus code lists"
expect_in "$out" "added 302 code list(s); 302 installed" "all lists indexed"
run codelists list --uri erreichbarkeit
expect_in "$out" "urn:de:xoev:codeliste:erreichbarkeit  4.1          15  erreichbarkeit" "list row"
run codelists show urn:de:xoev:codeliste:erreichbarkeit --version 4.1
expect_in "$out" "01    E-Mail" "show prints rows"
run codelists show urn:de:xoev:codeliste:erreichbarkeit --version 9
expect_rc 2 "unknown version"
expect_in "$err" "installed versions: 4.1 4 3 2 1" "unknown version lists the installed ones"
run codelists show urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags --format json
expect_in "$out" '"SCHLUESSEL": "01001000"' "the 3 MB AGS list as JSON"
run codelists add "$DATA/hostile/empty.xml"
expect_rc 3 "a file that is no code list"

run schemas add "$CORPUS/xoev"
run validate --format json -o "$TMP/codes.json" "$CORPUS/xoev/messages/valid"
expect_rc 1 "code-list defects make corpus messages invalid"
totals=$(python3 - "$TMP/codes.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = {k: sum(f["codes"][k] for f in d["files"]) for k in ("checked", "valid", "invalid", "no_list")}
print("checked={checked} valid={valid} invalid={invalid} no_list={no_list}".format(**t))
PY
)
expect_in "$totals" "checked=1103 valid=1041 invalid=62 no_list=303" "code values checked in the XÖV corpus"
run validate "$CORPUS/xoev/messages/valid/xdomea/3.0.0/toolkit_0c117eca_Aussonderung.Anbieteverzeichnis.0501.xml"
expect_in "$err" "error: code '002' is not in code list urn:de:xoev:codeliste:erreichbarkeit version 3 (erreichbarkeit, 9 codes) [CL201]" "a code with the list fixed in the schema"
expect_in "$err" "hint: nearest valid codes: '02' '01' '03'" "nearest codes suggested"
run validate --no-codelists "$CORPUS/xoev/messages/valid"
expect_rc 0 "schema-valid without the code-list check"
run validate --strict-codelists "$CORPUS/xoev/messages/valid/xhochschule"
expect_in "$err" "error: code list" "strict: missing lists are errors"
finish
