# One doc source per command: `ozg CMD --help` ends with the footer cut from man/ozg-CMD.1
# (its marked summary, EXIT STATUS and EXAMPLES, rendered by man/help_footer.py at build time),
# so help and man page cannot drift; every page renders with man -l without a warning.
. "$(dirname "$0")/../lib.sh"
export OZG_HOME=$TMP/repo
command -v groff >/dev/null || skip "groff not installed"
command -v man >/dev/null || skip "man not installed"
for page in "$OZG_SOURCE_DIR"/man/*.[157]; do
  name=$(basename "$page")
  rendered=$(MANPAGER=cat MANWIDTH=80 man --warnings -l "$page" 2>"$TMP/man.err") && rc=0 || rc=$?
  [ "$rc" -eq 0 ] && [ ! -s "$TMP/man.err" ] && [ -n "$rendered" ] &&
    pass "man -l $name renders without warnings" ||
    fail "man -l $name: exit $rc: $(head -c 2000 "$TMP/man.err")"
done
for page in "$OZG_SOURCE_DIR"/man/ozg-*.1; do
  cmd=$(basename "$page" .1)
  cmd=${cmd#ozg-}
  footer=$(python3 "$OZG_SOURCE_DIR/man/help_footer.py" --print "$page") ||
    { fail "help_footer.py $cmd"; continue; }
  expect_in "$footer" "EXIT STATUS" "$cmd: the footer has the exit status"
  subs=("")
  case $cmd in
    mapping) subs+=(check test) ;;
    schemas) subs+=(add fetch list show remove) ;;
    codelists) subs+=(add list show) ;;
    schematron) subs+=(add list remove) ;;
  esac
  for sub in "${subs[@]}"; do
    run $cmd $sub --help
    label="ozg $cmd${sub:+ $sub} --help"
    expect_rc 0 "$label"
    [[ "$out" == *"$footer" ]] && pass "$label ends with the footer of man ozg-$cmd" ||
      fail "$label does not end with the footer of man ozg-$cmd: ${out: -600}"
  done
done
# No hand-written footers: every one comes from a man page.
hand=$(grep -n 'footer(' "$OZG_SOURCE_DIR"/cli/*.cpp | grep -v 'footer(help_footer("ozg-[a-z]*"))')
[ -z "$hand" ] && pass "every footer in cli/ is help_footer(PAGE)" || fail "hand-written footer: $hand"
# The exit code that send --help once left out (man ozg-send lists 4 for --sign).
run send --help
expect_in "$out" "4      Some message could not be signed (--sign)." "send --help lists exit code 4"
finish
