# Shared helpers for the end-to-end cases. Each case is a bash script that drives the real
# binary ($OZG) and exits 0 (pass), 1 (fail) or 77 (skipped, with the reason printed).
set -u
: "${OZG:?OZG must point at the built ozg binary}"
: "${OZG_SOURCE_DIR:?}"
CORPUS=${OZG_CORPUS:-${OZG_CORPUS_DEFAULT:-$OZG_SOURCE_DIR/../shared/corpus}}
SAMPLES=$OZG_SOURCE_DIR/samples
DATA=$OZG_SOURCE_DIR/tests/data
WORK=${OZG_E2E_WORK:-/tmp/ozg-e2e}
mkdir -p "$WORK"
TMP=$(mktemp -d "$WORK/case.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
unset OZG_HOME XDG_DATA_HOME
failures=0

fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
pass() { printf 'ok: %s\n' "$*"; }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }
finish() { [ "$failures" -eq 0 ] && exit 0; printf '%d check(s) failed\n' "$failures"; exit 1; }

need_corpus() {
  [ -d "$CORPUS/ech/schemas" ] || skip "corpus not found at $CORPUS (set OZG_CORPUS)"
}

# A repository with the official eCH and XÖV schemas, built once and shared by the cases.
corpus_repo() {
  need_corpus
  local repo=$WORK/corpus-repo
  (
    flock 9
    if [ ! -f "$repo/.complete" ]; then
      rm -rf "$repo"
      "$OZG" --repo "$repo" schemas add "$CORPUS/ech/schemas" >/dev/null 2>&1 &&
        "$OZG" --repo "$repo" schemas add "$CORPUS/xoev" >/dev/null 2>&1 &&
        touch "$repo/.complete"
    fi
  ) 9>"$WORK/corpus-repo.lock"
  [ -f "$repo/.complete" ] || { echo "FAIL: could not build the corpus repository"; exit 1; }
  export OZG_HOME=$repo
}

# run CMD...: runs ozg with the arguments, capturing $out, $err and $rc.
run() {
  out=$("$OZG" "$@" 2>"$TMP/stderr") && rc=0 || rc=$?
  err=$(cat "$TMP/stderr")
}

expect_rc() { [ "$rc" -eq "$1" ] && pass "$2 (exit $1)" || fail "$2: exit $rc, expected $1; stderr: ${err:0:2000}"; }
expect_in() { case "$1" in *"$2"*) pass "$3" ;; *) fail "$3: missing '$2' in: ${1:0:2000}" ;; esac; }
expect_not_in() { case "$1" in *"$2"*) fail "$3: unexpected '$2'" ;; *) pass "$3" ;; esac; }
# expect_snake_keys JSON LABEL: every object key in JSON is snake_case, the one convention of
# ozg's -f json outputs (man ozg(1), JSON OUTPUT).
expect_snake_keys() {
  local bad
  bad=$(python3 -c '
import json, re, sys
def keys(v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from keys(x)
    elif isinstance(v, list):
        for x in v:
            yield from keys(x)
print(" ".join(sorted({k for k in keys(json.load(sys.stdin)) if not re.fullmatch("[a-z][a-z0-9_]*", k)})))
' <<< "$1" 2>&1) && [ -z "$bad" ] && pass "$2: snake_case keys" || fail "$2: keys not snake_case: $bad"
}
count_xml() { find "$@" -type f -iname '*.xml' | wc -l | tr -d ' '; }
