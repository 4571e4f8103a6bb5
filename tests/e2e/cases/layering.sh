# The layers hold (scripts/check-layers): cli -> transport -> xoev, each core folder including
# only lower ones, Xerces-C++ only in xoev/xml, libxml2 parsing only in the hardened loader.
# No file in cli/ is over 250 lines. Then the check itself is shown to catch an upward include and a stray parse.
. "$(dirname "$0")/../lib.sh"
check="$OZG_SOURCE_DIR/scripts/check-layers"
out=$("$check" 2>&1) && rc=0 || rc=$?
expect_rc 0 "no include against the layers"
[ -z "$out" ] && pass "nothing reported" || fail "reported: $out"

mkdir -p "$TMP/tree/scripts"
cp -r "$OZG_SOURCE_DIR/cli" "$OZG_SOURCE_DIR/transport" "$OZG_SOURCE_DIR/xoev" "$TMP/tree/"
cp "$check" "$TMP/tree/scripts/"
printf '#include "xoev/validate/validator.hpp"\n' >>"$TMP/tree/xoev/xml/root_scan.cpp"
printf 'void f() { xmlReadMemory(0, 0, 0, 0, 0); }\n' >>"$TMP/tree/xoev/mapping/compare.cpp"
printf '#include <xercesc/dom/DOM.hpp>\n' >>"$TMP/tree/transport/journal.cpp"
for i in $(seq 1 251); do echo "// line $i"; done >"$TMP/tree/cli/grown.cpp"
out=$("$TMP/tree/scripts/check-layers" 2>&1) && rc=0 || rc=$?
expect_rc 1 "an upward include fails the check"
n=$(wc -l <"$TMP/tree/xoev/xml/root_scan.cpp")
expect_in "$out" "xoev/xml/root_scan.cpp:$n: xoev/xml includes xoev/validate/validator.hpp (xoev/validate), which is not below it" "the upward include is named with its line"
expect_in "$out" "xoev/mapping/compare.cpp:" "a libxml2 parse outside the loader is named"
expect_in "$out" "transport/journal.cpp:" "Xerces-C++ outside xoev/xml is named"
expect_in "$out" "cli/grown.cpp: 251 lines; cli/ files stay under 251" "a cli file over 250 lines is named"
finish
