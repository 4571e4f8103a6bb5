# For every invalid corpus eCH message that xmllint can check, ozg names the element and the
# line of xmllint's first validity error, and its own first error is not later in the file
# (ozg may find an earlier one: xmllint reports one error per element subtree). Messages that
# no schema covers (SOAP envelopes), or that xmllint cannot read, are skipped.
. "$(dirname "$0")/../lib.sh"
corpus_repo
command -v xmllint >/dev/null || skip "xmllint (libxml2-utils) is not installed"
schemas=$CORPUS/ech/schemas
compared=0
while IFS= read -r f; do
  run validate -f json "$f"
  schema=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)["files"][0]
print(d.get("schema") or "")')
  [ -n "$schema" ] || continue
  x=$(XML_CATALOG_FILES=$schemas/catalog.xml xmllint --noout --nonet \
        --schema "$schemas/$(basename "$schema")" "$f" 2>&1 | grep -m1 'validity error') || continue
  x_line=$(printf '%s' "$x" | sed -E 's/^.*\.xml:([0-9]+): element ([^:]+):.*$/\1/')
  x_elem=$(printf '%s' "$x" | sed -E 's/^.*\.xml:([0-9]+): element ([^:]+):.*$/\2/')
  o=$(printf '%s' "$out" | python3 -c '
import json, re, sys
d = json.load(sys.stdin)["files"][0]
errors = [x for x in d["diagnostics"] if x["severity"] == "error"]
name = lambda e: re.sub(r"\[\d+\]$", "", e["path"].rsplit("/", 1)[-1])
hit = [e for e in errors if str(e["line"]) == sys.argv[1] and name(e) == sys.argv[2]]
first = errors[0]
print("yes" if hit and first["line"] <= int(sys.argv[1]) else "no",
      first["line"], name(first), first["code"])' "$x_line" "$x_elem")
  read -r same o_line o_elem o_code <<<"$o"
  compared=$((compared + 1))
  if [ "$same" = yes ]; then
    pass "$(basename "$f"): xmllint's line $x_line, element $x_elem found; first: line $o_line $o_elem ($o_code)"
  else
    fail "$(basename "$f"): xmllint says line $x_line element $x_elem; ozg's first: line $o_line element $o_elem ($o_code)"
  fi
done < <(find "$CORPUS/ech/messages/invalid" -name '*.xml' | sort)
[ "$compared" -ge 12 ] && pass "$compared messages compared" || fail "only $compared messages compared"
finish
