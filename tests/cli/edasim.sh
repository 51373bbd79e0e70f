#!/usr/bin/env bash
# The edasim command line as a user meets it: exit codes, error messages,
# --help, and reports that appear complete or not at all.
# usage: edasim.sh PATH/TO/edasim SOURCE_DIR
set -u
edasim=$1
src=$2
source "$(dirname "$0")/harness.sh"

expect "help" 0 "$edasim" --help
contains "help lists run" "run SCENARIO.toml"
expect "run help" 0 "$edasim" run --help
contains "run help lists --set" "--set"
expect "no command" 2 "$edasim"
expect "version" 0 "$edasim" --version
contains "version names the release" "edasim $(sed -n 's/^project(edasim VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
contains "version says whether MPI is built in" "MPI: "
contains "version says whether import is built in" "import: "
expect "compare help" 0 "$edasim" compare --help
contains "compare help says whether MPI is built in" "MPI: "
# Built without MPI, one of several processes mpirun launched (as its
# environment says) refuses rather than write the same reports as the
# others; rank 0 says why. (With MPI built in, tests/cli/mpi.sh runs mpirun.)
if "$edasim" --version | grep -qF "MPI: not built in"; then
  expect "without MPI, rank 0 of 2 refuses" 2 env OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_RANK=0 \
    "$edasim" compare "$src/scenarios/mmc.toml" -q --out "$work/nompi"
  contains "without MPI, rank 0 says so" "built without MPI support"
  expect "without MPI, rank 1 of 2 refuses quietly" 2 env OMPI_COMM_WORLD_SIZE=2 \
    OMPI_COMM_WORLD_RANK=1 "$edasim" plan "$src/scenarios/flash-sale.toml" -q --out "$work/nompi"
  if [ -s "$work/out" ] || [ -e "$work/nompi" ]; then
    failed=$((failed + 1))
    echo "FAILED: without MPI, rank 1 printed or wrote something"
  else
    passed=$((passed + 1))
  fi
fi

# Built without yaml-cpp, import names what it needs and exits 2, writing
# nothing; every other command works as with it (CI's clang tree is built so).
if "$edasim" --version | grep -qF "import: not built in"; then
  expect "without yaml-cpp, import refuses" 2 "$edasim" import \
    "$src/tests/import/data/sam-orders.yaml" -o "$work/noimport.toml"
  contains "without yaml-cpp, import says what it needs" "built without yaml-cpp"
  if [ -e "$work/noimport.toml" ] || [ -e "$work/noimport.toml.partial" ]; then
    failed=$((failed + 1))
    echo "FAILED: without yaml-cpp, import wrote a file"
  else
    passed=$((passed + 1))
  fi
fi

# A starter scenario that checks and runs as written, and is never written
# over an existing file.
expect "init" 0 "$edasim" init "$work/starter.toml"
expect "the starter checks" 0 "$edasim" check "$work/starter.toml"
expect "the starter runs" 0 "$edasim" run "$work/starter.toml" --quiet --out "$work/starter"
[ -s "$work/starter/report.json" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: the starter wrote no report"; }
cp "$work/starter.toml" "$work/starter.before"
expect "init refuses an existing file" 2 "$edasim" init "$work/starter.toml"
contains "init says why" "already exists"
cmp -s "$work/starter.toml" "$work/starter.before" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: init changed an existing file"; }
# The scenario schema: JSON for editors (tests/scenario/schema.py checks
# what it accepts), and no arguments.
expect "schema" 0 "$edasim" schema
contains "schema names its draft" '"$schema": "https://json-schema.org/draft/2020-12/schema"'
contains "schema describes a key" '"visibility_timeout"'
expect "schema takes no arguments" 2 "$edasim" schema scenarios/mmc.toml
contains "schema says so" "takes no arguments"
expect "unknown command" 2 "$edasim" frobnicate
expect "missing scenario" 2 "$edasim" run "$work/none.toml"
expect "unknown option" 2 "$edasim" run "$src/scenarios/mmc.toml" --frobnicate

printf '[scenario]\nname = "bad"\nduration = "10m"\nsed = 3\n' >"$work/bad.toml"
expect "unknown key" 2 "$edasim" run "$work/bad.toml"
contains "unknown key names file, line and key" "bad.toml:4:1: scenario.sed"
expect "bad --set value" 2 "$edasim" run "$src/scenarios/mmc.toml" --set queues.work.visibility_timeout=13h
contains "bad --set names the override" "--set queues.work.visibility_timeout"
printf '# nothing here\n' >"$work/empty.toml"
expect "empty scenario" 2 "$edasim" run "$work/empty.toml"
contains "empty scenario says why" "no producers"
expect "malformed --set" 2 "$edasim" run "$src/scenarios/mmc.toml" --set nonsense

# check refuses what run refuses.
expect "check of an empty scenario" 2 "$edasim" check "$work/empty.toml"
contains "check of an empty scenario says why" "no producers"
expect "check of a directory" 2 "$edasim" check "$work"
contains "check of a directory says why" "expected a regular file, got a directory"
expect "check of a device" 2 "$edasim" check /dev/zero
contains "check of a device says why" "got a special file"
cp "$src/scenarios/mmc.toml" "$work/slo.toml"
printf '\n[study]\nslos = [{ measure = "events.lsot", at_most = 0 }]\n' >>"$work/slo.toml"
expect "check of an unknown SLO measure" 2 "$edasim" check "$work/slo.toml"
contains "check names the unknown measure, located" 'slo.toml:37:21: study.slos[0].measure: no measure named "events.lsot"'
# A measure spelled as before measures took their report.json names.
cp "$src/scenarios/mmc.toml" "$work/old.toml"
printf '\n[study]\nslos = [{ measure = "latency.servers.p99.9", at_most = "1s" }]\n' >>"$work/old.toml"
expect "check of an old measure spelling" 2 "$edasim" check "$work/old.toml"
contains "check gives the old measure's new name, located" 'old.toml:37:21: study.slos[0].measure: no measure named "latency.servers.p99.9"; it is now "consumers.servers.latency.end_to_end.p999"'
cp "$src/scenarios/mmc.toml" "$work/stop.toml"
printf '\n[study]\nstopping = { measure = "queue.work.max_depth" }\n' >>"$work/stop.toml"
expect "compare with an old stopping measure" 2 "$edasim" compare "$work/stop.toml"
contains "compare gives the stopping measure's new name" 'study.stopping.measure: no measure named "queue.work.max_depth"; it is now "queues.work.max_depth"'
expect "malformed --set index" 2 "$edasim" check "$src/scenarios/mmc.toml" --set 'faults[0.name=x'
contains "malformed --set index says why" "not a key path"
expect "warning from run" 0 "$edasim" run "$src/scenarios/mmc.toml" --quiet --out "$work/w" --set scenario.duration=1m --set producers.arrivals.stop_after=2m
contains "run prints warnings" "--set producers.arrivals.stop_after=2m: warning: the run ends (1m)"

expect "check" 0 "$edasim" check "$src/scenarios/flash-sale.toml"
contains "check prints the topology" "rule new-orders-to-fulfilment -> queue fulfilment"
# Capacity at the peak: flash-sale's fulfilment fleet is under-sized on
# purpose (32 pollers x 10 / (10 x 68 ms + 8.67 ms) = 465/s against 884/s).
contains "check finds an under-sized fleet at the peak" "warning: consumers.fulfilment: at the peak (t = 62m) 884 messages/s arrive; 32 pollers x batch 10 / (10 x mean 68 ms + receive 8.67 ms) serve at most 465/s (utilisation 190 %): the backlog grows by about 420/s"
# What a fleet emits is offered where it goes: audit reads only what the
# payments fleet publishes to a topic.
expect "check of an emitting design" 0 "$edasim" check "$src/scenarios/order-flow.toml" \
  --set 'consumers.audit.processing="500ms"'
contains "check offers emitted events downstream" "warning: consumers.audit: at the peak (t = 0s) 40.8 messages/s arrive"
expect "check of a sufficient design" 0 "$edasim" check "$src/scenarios/mmc.toml" --set consumers.servers.instances=20
contains "check of a sufficient design finds nothing" "no findings"

expect "run" 0 "$edasim" run "$src/scenarios/mmc.toml" --quiet --out "$work/r" --set scenario.duration=10m
for f in report.json report.md series.csv metrics.csv report.html; do
  [ -s "$work/r/$f" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: run wrote no $f"; }
done
cp "$work/r/report.json" "$work/first.json"
expect "rerun" 0 "$edasim" run "$src/scenarios/mmc.toml" --quiet --out "$work/r" --set scenario.duration=10m
if cmp -s "$work/first.json" "$work/r/report.json"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: rerun differs"; fi

# The summary fits the terminal it is printed on ($COLUMNS, else 100):
# prose wraps and wide tables go on below, every figure kept.
# (The scenario's warnings, on stderr, are not the summary.)
widest() { grep -v ': warning: ' "$work/out" | LC_ALL=C.UTF-8 wc -L; }
fits() {  # fits NAME WIDTH: no line of the last output is wider
  if [ "$(widest)" -le "$2" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1: a line is $(widest) columns wide, over $2"; fi
}
expect "run at 80 columns" 0 env COLUMNS=80 "$edasim" run "$src/scenarios/flash-sale.toml" \
  --out "$work/fs" --set scenario.duration=10m --set 'cost.steady_window=["1m","10m"]'
fits "the summary fits 80 columns" 80
contains "latencies read in minutes and seconds" "End-to-end latency"
contains "the wide queue table goes on below" "depth"
expect "run at 60 columns" 0 env COLUMNS=60 "$edasim" run "$src/scenarios/mmc.toml" --out "$work/m60" \
  --set scenario.duration=2m
fits "the summary fits 60 columns" 60
expect "run --summary" 0 env COLUMNS=80 "$edasim" run "$src/scenarios/flash-sale.toml" --summary \
  --out "$work/fs2" --set scenario.duration=10m --set 'cost.steady_window=["1m","10m"]'
fits "the headline fits 80 columns" 80
contains "--summary prints the headline" "Headline"
contains "--summary gives the end-to-end latency" "end-to-end latency"
if grep -qF "API calls by kind" "$work/out"; then failed=$((failed + 1)); echo "FAILED: --summary printed the sections"; else passed=$((passed + 1)); fi
[ -s "$work/fs2/report.md" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: --summary wrote no whole report"; }
expect "compare --summary of five designs" 0 env COLUMNS=80 "$edasim" compare \
  "$src/scenarios/orders-sweep.toml" --summary -r 2 --out "$work/sweep" --set scenario.duration=1m
fits "the five-design headline fits 80 columns" 80
contains "compare --summary gives the SLO verdicts" "p99 under 500 ms"
contains "compare --summary gives each design's delta" "Δ instances=10"
head -1 "$work/sweep/replications.csv" | grep -qx 'measure,design,replication,value' &&
  grep -q '^latency.end_to_end.p99,instances=10,1,' "$work/sweep/replications.csv" &&
  passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: compare wrote no replications.csv with each replication"; }

# A failing run must leave the earlier complete report untouched.
expect "failed run" 2 "$edasim" run "$work/bad.toml" --out "$work/r"
if cmp -s "$work/first.json" "$work/r/report.json"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: failed run touched the report"; fi

# Designs compared on common random numbers must share their workload.
sed 's/^name = "mmc"/name = "mmc-b"/' "$src/scenarios/mmc.toml" >"$work/mmc-b.toml"
sed -e 's/^name = "mmc"/name = "mmc-slow"/' "$src/scenarios/mmc.toml" >"$work/mmc-slow.toml"
sed -i -E '/^\[producers\./,/^\[/ s/^rate = "([0-9.]+)\/s"/rate = "1\/s"/' "$work/mmc-slow.toml"
expect "compare of one workload" 0 "$edasim" compare "$src/scenarios/mmc.toml" "$work/mmc-b.toml" \
  --quiet --out "$work/cmp" --set scenario.duration=2m
expect "compare of two workloads" 2 "$edasim" compare "$src/scenarios/mmc.toml" \
  "$work/mmc-slow.toml" --quiet --out "$work/cmp2" --set scenario.duration=2m
contains "compare names the differing producer's line" "$work/mmc-slow.toml:$(grep -n '^\[producers\.' "$work/mmc-slow.toml" | head -1 | cut -d: -f1):1: producers."
contains "compare says why" "must share their workload"
[ ! -e "$work/cmp2" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: a refused compare wrote a report"; }
{ printf '# "half" halves the rate: a mention before the design, which its position must not be\n'; cat "$src/scenarios/mmc.toml"; printf '\n[[designs]]\nname = "as-is"\n\n[[designs]]\nname = "half"\nset = { "%s" = "1/s" }\n' \
  "$(grep -m1 -o '^\[producers\.[^]]*' "$src/scenarios/mmc.toml" | tr -d '[').rate"; } >"$work/study.toml"
expect "a design that changes the workload" 2 "$edasim" compare "$work/study.toml" --quiet \
  --out "$work/cmp3" --set scenario.duration=2m
contains "the design is named with the way out" 'study.workload = "varies"'
contains "the design's problem is placed at its name" "$work/study.toml:$(grep -n '^name = "half"' "$work/study.toml" | cut -d: -f1):8: designs \"half\""

printf '[study]\nworkload = "varies"\n' | cat - "$work/study.toml" >"$work/varies.toml"
expect "a study that lets the workload vary" 0 "$edasim" compare "$work/varies.toml" --quiet \
  --out "$work/cmp4" --set scenario.duration=2m

# edasim plan: refuses what it cannot plan, and writes a complete plan.
expect "plan without [plan]" 2 "$edasim" plan "$src/scenarios/mmc.toml" --quiet --out "$work/plan0"
contains "plan says what is missing" "no [plan] table"
[ ! -e "$work/plan0" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: a refused plan wrote a report"; }
# The page's first example is a plan of one scenario, its second a plan over a study's designs.
awk '/^```toml/{n++;f=(n==1);next}/^```/{f=0}f' "$src/docs/scenario/plan.md" >"$work/plan.toml"
awk '/^```toml/{n++;f=(n==2);next}/^```/{f=0}f' "$src/docs/scenario/plan.md" >"$work/plan-designs.toml"
sed 's/^objective = "cost.total"/objective = "cost.totl"/' "$work/plan.toml" >"$work/plan-bad.toml"
expect "plan with an unknown objective" 2 "$edasim" plan "$work/plan-bad.toml" --quiet
contains "the objective's error is placed at it" "$work/plan-bad.toml:$(grep -n '^objective' "$work/plan-bad.toml" | cut -d: -f1):13: plan.objective: no measure named \"cost.totl\""
expect "plan" 0 "$edasim" plan "$work/plan.toml" --out "$work/plan1" --set scenario.duration=10m
contains "plan prints its recommendation" "Recommendation"
contains "plan prints each point it simulates" "point 1: consumers.fulfilment.instances = 64"
grep -q '"schema": "edasim.plan/1"' "$work/plan1/plan.json" && grep -q '"met": true' "$work/plan1/plan.json" &&
  [ -s "$work/plan1/plan.md" ] && grep -q '<svg' "$work/plan1/plan.html" &&
  passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: plan's reports are incomplete"; }
expect "plan over designs" 0 "$edasim" plan "$work/plan-designs.toml" --out "$work/plan2" --set scenario.duration=5m
contains "a plan over designs names the cheapest design" "The cheapest design that meets every SLO: slow"
contains "a plan over designs prints each point with its design" "point 1: fast: consumers.fast.instances = 64"
grep -q '"design": "slow"' "$work/plan2/plan.json" && grep -q '"designs": \[' "$work/plan2/plan.json" &&
  grep -q '## slow: Recommendation' "$work/plan2/plan.md" &&
  passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: the plan over designs' reports are incomplete"; }

printf '{"source":["shop"],"detail":{"total":[{"numeric":[">=",100]}]}}' >"$work/p.json"
printf '{"source":"shop","detail":{"total":150}}' >"$work/e.json"
expect "match" 0 "$edasim" match "$work/p.json" "$work/e.json"
contains "match says true" "true"
printf '{"source":[{"prefx":"s"}]}' >"$work/bad-p.json"
expect "match with a bad pattern" 2 "$edasim" match "$work/bad-p.json" "$work/e.json"

finish cli
