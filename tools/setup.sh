#!/usr/bin/env bash
# Installs, with apt-get, whatever edasim needs to build and test that this
# machine lacks. Idempotent and quiet when everything is already there.
set -euo pipefail
packages=(g++ cmake make libbenchmark-dev libtomlplusplus-dev libboost-dev libeigen3-dev
  catch2 libfmt-dev libcli11-dev nlohmann-json3-dev libsimdjson-dev
  # Optional: yaml-cpp, for `edasim import` of CloudFormation and SAM
  # templates (docs/import.md); the build leaves the command out without it.
  libyaml-cpp-dev
  # The fuzzers (tests/fuzz): clang, and libFuzzer, which Debian bookworm
  # ships in clang's runtime package (only recommended by clang-14).
  clang libclang-rt-14-dev
  # Optional: MPI, to spread compare's and plan's runs over processes and
  # machines (docs/mpi.md); the build finds it and enables EDASIM_MPI.
  openmpi-bin libopenmpi-dev
  # Python's JSON Schema validator, with which tests/scenario/schema.py
  # checks `edasim schema` against every shipped scenario (skipped without).
  python3 python3-jsonschema
  # Optional: a headless browser, in which tests/report/browser.sh renders
  # report.html and compare.html and checks the pages (skipped without it).
  chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
