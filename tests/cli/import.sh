#!/usr/bin/env bash
# `edasim import` as a user meets it: every template of tests/import/data
# imports to a scenario that `edasim check` accepts; a bad template exits 2
# with a located message; -o writes the whole file or nothing.
# usage: import.sh PATH/TO/edasim SOURCE_DIR
set -u
edasim=$1
src=$2
source "$(dirname "$0")/harness.sh"

expect "help" 0 "$edasim" import --help
contains "help names the output option" "--output"
expect "edasim help lists import" 0 "$edasim" --help
contains "edasim help lists import" "import TEMPLATE"

for template in "$src"/tests/import/data/*; do
  name=$(basename "$template")
  expect "$name imports" 0 "$edasim" import "$template" -o "$work/$name.toml"
  contains "$name says what it wrote" "wrote $work/$name.toml"
  expect "$name's scenario passes check" 0 "$edasim" check "$work/$name.toml"
  # stdout gives the same text as the file.
  "$edasim" import "$template" >"$work/stdout.toml" 2>/dev/null
  expect "$name on stdout is the file's text" 0 cmp "$work/stdout.toml" "$work/$name.toml"
done

# A scenario imported and checked also runs.
expect "an imported scenario runs" 0 "$edasim" run "$work/sam-orders.yaml.toml" \
  --out "$work/reports" -q
expect "the run wrote its report" 0 test -s "$work/reports/report.json"

# An existing output is kept unless --force.
expect "existing output refused" 2 "$edasim" import "$src/tests/import/data/sam-orders.yaml" \
  -o "$work/sam-orders.yaml.toml"
contains "existing output names --force" "pass --force"
expect "--force replaces" 0 "$edasim" import "$src/tests/import/data/sam-orders.yaml" \
  -o "$work/sam-orders.yaml.toml" --force

# Bad templates: exit 2, a located message, and no output file.
printf 'Resources:\n  Q:\n    Type: [unclosed\n' >"$work/broken.yaml"
expect "malformed YAML" 2 "$edasim" import "$work/broken.yaml" -o "$work/broken.toml"
contains "malformed YAML is located" "$work/broken.yaml:4:1: expected a JSON or YAML template"
expect "no half-written output" 1 test -e "$work/broken.toml"
printf '{"Description": "nothing"}\n' >"$work/empty.json"
expect "no Resources" 2 "$edasim" import "$work/empty.json"
contains "no Resources is located" "$work/empty.json:1:1: Resources: expected a map of resources"
expect "missing template" 2 "$edasim" import "$work/missing.yaml"
contains "missing template says so" "missing.yaml: cannot open template: no such file"
expect "a directory" 2 "$edasim" import "$work"
contains "a directory is not a template" "expected a template file, got a directory"
expect "no template" 2 "$edasim" import

finish import.sh
