#!/usr/bin/env bash
# MPI: `mpirun -n N edasim compare|plan` writes byte for byte the reports
# one process writes, at 2 and 4 processes (oversubscribed: correctness,
# not speed), and only rank 0 prints. Run by ctest when MPI is built in.
# usage: mpi.sh PATH/TO/edasim SOURCE_DIR MPIEXEC
set -u
edasim=$1
src=$2
mpiexec=$3
source "$(dirname "$0")/harness.sh"

launch=("$mpiexec" --oversubscribe)
# Open MPI refuses root unless told; containers and CI often run as root.
[ "$(id -u)" -eq 0 ] && launch+=(--allow-run-as-root)

expect "version says MPI is built in" 0 "$edasim" --version
count "version says MPI is built in" "MPI: built in" 1

# compare: the checkout study's three designs, few replications.
# Cut to 35 minutes: the email outage (20m to 30m) and the redrive (33m)
# stay in.
study=("$src/scenarios/checkout.toml" -r 3 --set scenario.duration=35m)
expect "compare, one process" 0 "$edasim" compare "${study[@]}" -j 2 -q --out "$work/compare-1"
for n in 2 4; do
  expect "compare, $n processes" 0 "${launch[@]}" -n $n "$edasim" compare "${study[@]}" -j 1 \
    --out "$work/compare-$n"
  same "compare at $n processes writes what one process writes" "$work/compare-1" "$work/compare-$n"
  count "compare at $n processes prints one summary" "Reports written to" 1
done

# plan: the fulfilment plan of docs/scenario/plan.md, shortened.
sed -n '/^```toml$/,/^```$/p' "$src/docs/scenario/plan.md" | sed '1d;/^```$/,$d' >"$work/plan.toml"
points=(--set scenario.duration=4m -r 3)
expect "plan, one process" 0 "$edasim" plan "$work/plan.toml" "${points[@]}" -j 2 -q \
  --out "$work/plan-1"
expect "plan, 2 processes" 0 "${launch[@]}" -n 2 "$edasim" plan "$work/plan.toml" "${points[@]}" \
  -j 1 --out "$work/plan-2"
same "plan at 2 processes writes what one process writes" "$work/plan-1" "$work/plan-2"
count "plan at 2 processes names each point once" "point 1:" 1

# A bad scenario fails every process alike, with one message.
expect "a bad scenario fails under mpirun" 2 "${launch[@]}" -n 2 "$edasim" compare \
  "$src/scenarios/checkout.toml" --set study.replications=zero
count "a bad scenario's error is printed once" "study.replications" 1

finish mpi
