# eCH-0071/0072 registers and check digits: add the corpus's lists, validate self-made variants
# of samples/valid/ech0020-v3-move-in.xml (altered here, at test time), and validate the valid
# eCH corpus with the lists installed.
. "$(dirname "$0")/../lib.sh"
corpus_repo
# A repository of its own (the shared one must stay without lists): the eCH schemas and the lists.
export OZG_HOME=$TMP/repo
run schemas add "$CORPUS/ech/schemas"
expect_rc 0 "eCH schemas"
run codelists add "$CORPUS/ech/codelists"
expect_rc 0 "add the eCH lists"
expect_in "$out" "added 4 code list(s); 3 installed" "cantons (twice), municipalities, countries"
expect_in "$out" "eCH-0071:municipalities 2010-04-25 from eCH0071_large.xml: 443 entries, 441 municipalities in force on 2010-04-25 (a complete register has more than 1,500), so partial" "the abridged register is partial"
expect_in "$out" "eCH-0072:countries 2010-01-01 from eCH0072.xml: 288 countries (a complete list has more than 200), so complete" "the country list is complete"
run codelists list
expect_in "$out" "eCH-0071:municipalities  2010-04-25     443  eCH-0071 municipalities (partial)" "list marks the partial register"
expect_in "$out" "eCH-0072:countries       2010-01-01     288  eCH-0072 countries" "list row of the countries"
run codelists show eCH-0072:countries
expect_in "$out" "8100  CH      CHE     Schweiz" "show prints the countries"
run codelists list -f json
expect_snake_keys "$out" "codelists list -f json"
expect_in "$out" '"partial": true' "json names the partial list"

move_in=$SAMPLES/valid/ech0020-v3-move-in.xml
variant() { sed "$1" "$move_in" >"$TMP/$2.xml"; }
run validate "$move_in"
expect_rc 0 "the sample move-in stays valid"
expect_in "$err" "warning: BFS municipality number '9901' is not in eCH-0071:municipalities version 2010-04-25, which is partial (443 entries), so it may still be right [CL208]" "unknown municipality in a partial register: a warning"

variant 's|<eCH-0008:countryId>8100<|<eCH-0008:countryId>1234<|' country1234
run validate "$TMP/country1234.xml"
expect_rc 1 "a move-in with country 1234"
expect_in "$err" "country1234.xml:75:32: error: country number '1234' is not in eCH-0072:countries version 2010-01-01 (eCH-0072 countries, 288 entries) [CL204]" "CL204 at the countryId"
expect_in "$err" "at /delivery/moveIn/moveInPerson/nationalityData/countryInfo/country/countryId" "path of the countryId"
expect_in "$err" "1 file: 0 valid, 1 invalid; 1 error" "one error"
run validate --no-codelists "$TMP/country1234.xml"
expect_rc 0 "--no-codelists skips the eCH lists too"

variant 's|<eCH-0008:countryIdISO2>CH<|<eCH-0008:countryIdISO2>QQ<|' iso2
run validate "$TMP/iso2.xml"
expect_rc 1 "an unknown ISO country code"
expect_in "$err" "error: ISO country code 'QQ' is not in eCH-0072:countries version 2010-01-01" "CL204 for countryIdISO2"

variant 's|<eCH-0044:vn>7561234567897<|<eCH-0044:vn>7561234567890<|' vn
run validate "$TMP/vn.xml"
expect_rc 1 "a move-in with a wrong VN check digit"
expect_in "$err" "vn.xml:31:21: error: AHV number (VN) '7561234567890' has a wrong check digit [CHK701]" "CHK701 at the vn"
run validate --no-codelists "$TMP/vn.xml"
expect_rc 1 "check digits do not depend on the code lists"
run validate --rule CHK701=warning "$TMP/vn.xml"
expect_rc 0 "--rule CHK701=warning"
run explain CHK701
expect_in "$out" "AHV number with a wrong check digit" "ozg explain CHK701"

# A complete register: an unknown number is an error, and one not in force on the event date a
# warning (Riggisberg, 879, has entries from 2009-01-01 in the register).
export OZG_HOME=$TMP/repo2
"$OZG" schemas add "$CORPUS/ech/schemas" >/dev/null 2>&1
run codelists add --coverage complete "$CORPUS/ech/codelists/eCH0071_large.xml"
expect_in "$out" "441 municipalities in force on 2010-04-25 (a complete register has more than 1,500), so complete (--coverage)" "--coverage complete"
run validate "$move_in"
expect_rc 1 "unknown municipality in a complete register"
expect_in "$err" "error: BFS municipality number '9901' is not in eCH-0071:municipalities version 2010-04-25 (eCH-0071 municipalities, 443 entries) [CL205]" "CL205"
variant 's|<eCH-0007:municipalityId>9901<|<eCH-0007:municipalityId>879<|; s|<eCH-0058:eventDate>2024-02-29<|<eCH-0058:eventDate>2008-06-01<|' abolished
run validate "$TMP/abolished.xml"
expect_rc 0 "a municipality out of force is a warning"
expect_in "$err" "warning: BFS municipality number '879' was not in force on the event date 2008-06-01 [CL206]" "CL206"
expect_in "$err" "hint: in eCH-0071:municipalities version 2010-04-25 it is: Riggisberg 2009-01-01 to 2009-12-31; Riggisberg 2010-01-01 to today" "the periods it was in force"
variant 's|<eCH-0007:municipalityId>9901<|<eCH-0007:municipalityId>879<|; s|<eCH-0058:eventDate>2024-02-29<|<eCH-0058:eventDate>2009-06-01<|' in_force
run validate "$TMP/in_force.xml"
expect_rc 0 "in force on its event date"
expect_not_in "$err" "CL206" "no CL206 in 2009"
expect_not_in "$err" "CL208" "no CL208 against a complete register"

# The valid eCH corpus with the lists installed: the four invented VNs (see corpus_valid) are
# the only errors; municipalities missing from the abridged register are warnings.
export OZG_HOME=$TMP/repo
n=$(count_xml "$CORPUS/ech/messages/valid")
run validate -j 2 -f json -o "$TMP/ech.json" "$CORPUS/ech/messages/valid"
expect_rc 1 "valid eCH corpus with the lists"
summary=$(python3 - "$TMP/ech.json" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
codes = collections.Counter(x["code"] for f in d["files"] for x in f["diagnostics"] if x["severity"] == "error")
t = {k: sum(f["codes"][k] for f in d["files"]) for k in ("checked", "valid", "invalid")}
cl = collections.Counter(x["code"] for f in d["files"] for x in f["diagnostics"] if x["code"].startswith("CL"))
print("files={} invalid={} errors={} checked={checked} valid={valid} invalid_ids={invalid} cl={}".format(
    len(d["files"]), sum(f["verdict"] == "invalid" for f in d["files"]), dict(codes), dict(cl), **t))
PY
)
expect_in "$summary" "files=$n invalid=4 errors={'CHK701': 4} checked=666 valid=588 invalid_ids=78 cl={'CL208': 78}" "eCH ids checked in the corpus: only CL208 warnings"
finish
