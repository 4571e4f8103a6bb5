# ozg schemas add/list/show/remove on the official schemas; one broken schema breaks no other.
. "$(dirname "$0")/../lib.sh"
need_corpus
export OZG_HOME=$TMP/repo
run schemas add "$CORPUS/ech/schemas"
expect_rc 0 "add eCH schemas"
expect_in "$out" "added 109 schema(s) as bundle 'ech' with 1 catalog(s)" "add reports files and catalog"
expect_in "$err" "ozg: warning: ech/eCH-0020-1-2.xsd does not compile: ech/eCH-0020-1-2.xsd: import of 'http://www.ech.ch/xmlns/eCH-0021/2/eCH-0021-2-2.xsd' (namespace http://www.ech.ch/xmlns/eCH-0021/2) cannot be resolved from the local schema repository" "the broken schema is named with its missing import"
run schemas list eCH-0020
expect_rc 0 "list"
expect_in "$out" "ech/eCH-0020-1-2.xsd" "list shows the broken file"
expect_in "$out" "1 do not compile" "list counts the broken file"
run schemas show http://www.ech.ch/xmlns/eCH-0020/1
expect_rc 0 "show namespace"
expect_in "$out" "<delivery> validates with ech/eCH-0020-1-1.xsd (newest of 3 schemas declaring delivery; skipped (does not compile): eCH-0020-1-2.xsd)" "show explains the choice"
run schemas show eCH-0020-2-3.xsd
expect_in "$out" "import:   http://www.ech.ch/xmlns/eCH-0044/1/eCH-0044-1-1.xsd" "show lists imports"
expect_in "$out" "-> ech/eCH-0044-1-1.xsd" "imports resolve to local copies"
# eCH-0020 v1 messages still validate (with 1-1) although 1-2 is broken.
run validate "$CORPUS/ech/messages/valid/eCH-0020-v1"
expect_rc 0 "eCH-0020 v1 messages validate despite the broken 1-2"
run validate -v "$(find "$CORPUS/ech/messages/valid/eCH-0020-v2" -name '*.xml' | sort | head -n 1)"
expect_in "$err" "valid; schema ech/eCH-0020-2-3.xsd (newest of 4 schemas declaring delivery)" "v2 uses the newest of four"
run validate --schema eCH-0020-2-0.xsd -v "$(find "$CORPUS/ech/messages/valid/eCH-0020-v2" -name '*.xml' | sort | head -n 1)"
expect_in "$err" "valid; schema ech/eCH-0020-2-0.xsd (named with --schema)" "--schema overrides the choice"
run schemas remove eCH-0020-1-2.xsd
expect_rc 0 "remove one file"
expect_in "$out" "removed 1 schema(s)" "remove reports count"
run schemas remove nosuchthing
expect_rc 2 "remove of nothing is a usage error"
# The XÖV schemas folder as one bundle holds several copies of xoev-code.xsd reached by
# different URLs; each compile uses one document per namespace, so all of them compile.
run --repo "$TMP/one" schemas add "$CORPUS/xoev/schemas"
expect_rc 0 "add all XÖV schemas as one bundle"
expect_not_in "$err" "does not compile" "no schema breaks from duplicate copies"
run --repo "$TMP/one" validate "$CORPUS/xoev/messages/valid"
expect_rc 0 "XÖV messages valid with the single bundle"
# A corrupt index is a configuration error (exit 3), not a crash.
echo '{broken' > "$OZG_HOME/index.json"
run schemas list
expect_rc 3 "corrupt index"
expect_in "$err" "[REPO001]" "corrupt index code"
finish
