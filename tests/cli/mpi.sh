#!/usr/bin/env bash
# MPI: `mpirun -n N edasim compare|plan` writes byte for byte the reports
# one process writes, at 2 and 4 processes (oversubscribed: correctness,
# not speed), and only rank 0 prints. Run by ctest when MPI is built in.
# usage: mpi.sh PATH/TO/edasim SOURCE_DIR MPIEXEC
set -u
edasim=$1
src=$2
mpiexec=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

launch=("$mpiexec" --oversubscribe)
# Open MPI refuses root unless told; containers and CI often run as root.
[ "$(id -u)" -eq 0 ] && launch+=(--allow-run-as-root)

check() {  # check NAME WANTED_EXIT COMMAND... ; output in $work/out
  local name=$1 want=$2
  shift 2
  "$@" >"$work/out" 2>&1
  local got=$?
  if [ "$got" -eq "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name: exit $got, wanted $want"
    sed 's/^/  | /' "$work/out" | head -30
  fi
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
count() {  # count NAME TEXT WANTED: the last output holds TEXT WANTED times
  local got
  got=$(grep -cF -- "$2" "$work/out")
  if [ "$got" -eq "$3" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $1: '$2' printed $got times, wanted $3"
  fi
}

check "version says MPI is built in" 0 "$edasim" --version
count "version says MPI is built in" "MPI: built in" 1

# compare: the checkout study's three designs, few replications.
# Cut to 35 minutes: the email outage (20m to 30m) and the redrive (33m)
# stay in.
study=("$src/scenarios/checkout.toml" -r 3 --set scenario.duration=35m)
check "compare, one process" 0 "$edasim" compare "${study[@]}" -j 2 -q --out "$work/compare-1"
for n in 2 4; do
  check "compare, $n processes" 0 "${launch[@]}" -n $n "$edasim" compare "${study[@]}" -j 1 \
    --out "$work/compare-$n"
  same "compare at $n processes writes what one process writes" "$work/compare-1" "$work/compare-$n"
  count "compare at $n processes prints one summary" "Reports written to" 1
done

# plan: the fulfilment plan of docs/scenario/plan.md, shortened.
sed -n '/^```toml$/,/^```$/p' "$src/docs/scenario/plan.md" | sed '1d;/^```$/,$d' >"$work/plan.toml"
points=(--set scenario.duration=4m -r 3)
check "plan, one process" 0 "$edasim" plan "$work/plan.toml" "${points[@]}" -j 2 -q \
  --out "$work/plan-1"
check "plan, 2 processes" 0 "${launch[@]}" -n 2 "$edasim" plan "$work/plan.toml" "${points[@]}" \
  -j 1 --out "$work/plan-2"
same "plan at 2 processes writes what one process writes" "$work/plan-1" "$work/plan-2"
count "plan at 2 processes names each point once" "point 1:" 1

# A bad scenario fails every process alike, with one message.
check "a bad scenario fails under mpirun" 2 "${launch[@]}" -n 2 "$edasim" compare \
  "$src/scenarios/checkout.toml" --set study.replications=zero
count "a bad scenario's error is printed once" "study.replications" 1

echo "mpi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
