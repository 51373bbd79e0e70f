# What the command-line test scripts share, sourced by each: a scratch
# folder removed on exit, pass and fail counts, and the checks. Every check
# counts one pass or one failure; a failure prints why and the output.
# After sourcing: $work is the scratch folder; end with `finish NAME`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

fail() {  # fail MESSAGE: count a failure and show the last output
  failed=$((failed + 1))
  echo "FAILED: $1"
  sed 's/^/  | /' "$work/out" 2>/dev/null | head -20
}
expect() {  # expect NAME WANTED_EXIT COMMAND... ; output in $work/out
  local name=$1 want=$2
  shift 2
  "$@" >"$work/out" 2>&1
  local got=$?
  if [ "$got" -eq "$want" ]; then passed=$((passed + 1)); else fail "$name: exit $got, wanted $want"; fi
}
contains() {  # contains NAME TEXT: the last command's output holds TEXT
  if grep -qF -- "$2" "$work/out"; then passed=$((passed + 1)); else fail "$1: output lacks '$2'"; fi
}
count() {  # count NAME TEXT WANTED: the last output holds TEXT WANTED times
  local got
  got=$(grep -cF -- "$2" "$work/out")
  if [ "$got" -eq "$3" ]; then passed=$((passed + 1)); else fail "$1: '$2' printed $got times, wanted $3"; fi
}
same() {  # same NAME DIR_A DIR_B: every file byte for byte
  if [ -n "$(ls -A "$2" 2>/dev/null)" ] && diff -r "$2" "$3" >"$work/diff" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $1: $2 and $3 differ"
    head -20 "$work/diff" | sed 's/^/  | /'
  fi
}
finish() {  # finish NAME: print the counts; the script's status is 0 only if none failed
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
