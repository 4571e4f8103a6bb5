# ozg completion: the bash script, loaded into a real bash, completes commands, options (global
# ones too), option choices, installed schema names, codes for explain and --rule, and files;
# the zsh and fish scripts are syntax-checked where those shells are installed.
. "$(dirname "$0")/../lib.sh"
corpus_repo
mkdir -p "$TMP/bin"
ln -s "$OZG" "$TMP/bin/ozg"  # the scripts call the ozg on the PATH
run completion bash
expect_rc 0 "ozg completion bash"
printf '%s\n' "$out" > "$TMP/ozg.bash"
# complete_words WORD...: what the loaded script offers for the command line "ozg WORD...".
complete_words() {
  PATH="$TMP/bin:$PATH" bash --norc -c '
    source "$1"; shift
    complete -p ozg >/dev/null || exit 9
    COMP_WORDS=(ozg "$@"); COMP_CWORD=$#
    _ozg
    printf "%s\n" "${COMPREPLY[@]}"' _ "$TMP/ozg.bash" "$@"
}
got=$(complete_words val)
[ "$got" = validate ] && pass "a command" || fail "val: $got"
got=$(complete_words validate --sch)
[ "$got" = --schema ] && pass "an option of the command" || fail "validate --sch: $got"
got=$(complete_words validate --la)
[ "$got" = --lang ] && pass "a global option after the command" || fail "validate --la: $got"
got=$(complete_words validate -f j)
[ "$(printf '%s' "$got" | tr '\n' ' ')" = "json junit" ] && pass "the choices of -f" || fail "validate -f j: $got"
got=$(complete_words --lang "")
[ "$(printf '%s' "$got" | tr '\n' ' ')" = "en de fr" ] && pass "the choices of --lang" || fail "--lang: $got"
got=$(complete_words validate --schema ech/eCH-0020-3)
expect_in "$got" "ech/eCH-0020-3-0.xsd" "installed schema names for --schema"
got=$(complete_words explain XSD10)
expect_in "$got" "XSD102" "codes for explain"
got=$(complete_words validate --rule HDR60)
expect_in "$got" "HDR607=" "codes for --rule"
expect_not_in "$(complete_words "")" "complete" "the scripts' own subcommand is not offered"
touch "$TMP/zuzug-1.xml" "$TMP/zuzug-2.xml"
got=$(cd "$TMP" && complete_words validate zuzug-)
[ "$(printf '%s' "$got" | tr '\n' ' ')" = "zuzug-1.xml zuzug-2.xml" ] && pass "file names for operands" || fail "files: $got"
run completion
expect_rc 2 "no shell named"
expect_in "$err" "ozg: error: name the shell: ozg completion bash, zsh or fish" "says what is missing"
run completion tcsh
expect_rc 2 "an unknown shell"
for sh in zsh fish; do
  run completion "$sh"
  expect_rc 0 "ozg completion $sh"
  if command -v "$sh" >/dev/null; then
    printf '%s\n' "$out" > "$TMP/ozg.$sh"
    "$sh" -n "$TMP/ozg.$sh" && pass "$sh: the script parses" || fail "$sh -n failed"
  fi
done
finish
