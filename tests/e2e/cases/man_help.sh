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
# The program's own --help: the footer of man ozg (its exit status, for every command, and examples).
footer=$(python3 "$OZG_SOURCE_DIR/man/help_footer.py" --print "$OZG_SOURCE_DIR/man/ozg.1")
run --help
expect_rc 0 "ozg --help"
[[ "$out" == *"$footer" ]] && pass "ozg --help ends with the footer of man ozg" ||
  fail "ozg --help does not end with the footer of man ozg: ${out: -600}"
expect_in "$out" "70     Internal error" "ozg --help lists every exit status"
# No hand-written footers: every one comes from a man page.
hand=$(grep -n 'footer(' "$OZG_SOURCE_DIR"/cli/*.cpp | grep -v 'footer(help_footer("ozg\(-[a-z]*\)\?"))')
[ -z "$hand" ] && pass "every footer in cli/ is help_footer(PAGE)" || fail "hand-written footer: $hand"
# The exit code that send --help once left out (man ozg-send lists 4 for --sign).
run send --help
expect_in "$out" "4      Some message could not be signed (--sign)." "send --help lists exit code 4"
# ozg explain and the code pages: one text per code. Titles and explanations live in
# xoev/diag/codes.cpp; ozg-codes(7) and ozg-rules(7) must say them word for word (the pages add
# how each code is reported).
codes=$(python3 - "$OZG" "$OZG_SOURCE_DIR/man/ozg-codes.7" "$OZG_SOURCE_DIR/man/ozg-rules.7" <<'PY'
import re, subprocess, sys
ozg, pages = sys.argv[1], sys.argv[2:]
def norm(s):
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u2010", "-"), ("\u2212", "-"),
                 ("\u201c", '"'), ("\u201d", '"'), ("\u2014", "--"), ("\u2013", "-")):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip()
env = {"MANWIDTH": "4000", "MANPAGER": "cat", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
text = " ".join(norm(subprocess.run(["man", "-l", p], capture_output=True, text=True, check=True,
                                    env=env).stdout) for p in pages) + " "
run = lambda *a: subprocess.run([ozg, "--lang", "en", "explain", *a], capture_output=True,
                                text=True, check=True).stdout
codes = [line.split()[0] for line in run().splitlines()]
for c in codes:
    head, _, body = run(c).partition("\n\n")
    title, body = norm(head.split(": ", 1)[1]), norm(body)
    if not re.search(re.escape(c) + " -- " + re.escape(title) + r"( \((error|warning|note|off)\))? ", text):
        print(f"{c}: the page lacks its title '{title}'")
    if body not in text:
        print(f"{c}: the page lacks its explanation, word for word: {body}")
print(f"checked {len(codes)} codes")
PY
)
expect_in "$codes" "checked 1" "ozg explain lists the codes"
[ "$(printf '%s\n' "$codes" | wc -l)" -eq 1 ] && pass "ozg-codes(7) and ozg-rules(7) say what ozg explain says" ||
  fail "the code pages differ from ozg explain: $codes"
finish
