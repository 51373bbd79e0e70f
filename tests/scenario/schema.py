#!/usr/bin/env python3
"""`edasim schema` describes the format edasim reads.

Usage: schema.py EDASIM SOURCE_DIR

The printed JSON Schema must be a valid draft 2020-12 schema; every shipped
scenario (scenarios/*.toml) and every TOML block of the documentation that
loads (README.md and docs/, with the same `<!-- toml: ... -->` comments that
tests/scenario/documentation_examples.cpp reads) must validate against it;
and scenarios with an unknown key, a value of the wrong type, a quantity
without its unit or a value out of range must not. Exits 77 (skipped) when
Python's jsonschema package is missing: tools/setup.sh installs it.
"""
import datetime
import json
import pathlib
import re
import subprocess
import sys
import tomllib

try:
    import jsonschema
except ImportError:
    print("skipped: python3-jsonschema is not installed (tools/setup.sh installs it)")
    sys.exit(77)

edasim, source = sys.argv[1], pathlib.Path(sys.argv[2])
failures = []


def plain(value):
    """TOML values as JSON values: dates and times become their text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time, datetime.datetime)):
        return value.isoformat()
    return value


printed = subprocess.run([edasim, "schema"], check=True, capture_output=True, text=True).stdout
schema = json.loads(printed)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def problems(text):
    """The schema's objections to TOML text, one line each."""
    document = plain(tomllib.loads(text))
    return ["/".join(str(p) for p in e.absolute_path) + ": " + e.message
            for e in validator.iter_errors(document)]


def expect_valid(name, text):
    found = problems(text)
    if found:
        failures.append(f"{name}: the schema refuses what edasim loads:\n  " + "\n  ".join(found[:5]))


checked = 0
for scenario in sorted((source / "scenarios").glob("*.toml")):
    expect_valid(str(scenario.relative_to(source)), scenario.read_text())
    checked += 1

# Documentation blocks: a complete scenario, or appended to a named file;
# blocks that fail on purpose are left out (edasim refuses them, and the
# schema may or may not, since it checks shape only).
comment = re.compile(r"^\s*<!--\s*toml:(.*)-->\s*$")
pages = [source / "README.md"] + sorted((source / "docs").rglob("*.md"))
blocks = 0
for page in pages:
    lines = page.read_text().splitlines()
    previous = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("```"):
            is_toml = line.strip()[3:].strip() == "toml"
            start = i + 1
            i += 1
            body = []
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            said = comment.match(previous)
            previous = ""
            i += 1
            if not is_toml:
                continue
            said = said.group(1) if said else ""
            if "fails with:" in said:
                continue
            text = "\n".join(body) + "\n"
            appended = re.search(r"appended to ([^;]+)", said)
            if appended:
                text = (source / appended.group(1).strip()).read_text() + "\n" + text
            expect_valid(f"{page.relative_to(source)}:{start}", text)
            blocks += 1
            continue
        if line.strip():
            previous = line
        i += 1

# Forms the readers accept that no shipped scenario happens to use.
accepted = {
    "a plan knob given as a list of values": (
        "fulfilment-plan.toml",
        'vary = { "consumers.fulfilment.instances" = { min = 1, max = 64 } }',
        'vary = { "consumers.fulfilment.instances" = [4, 8, 16] }'),
    "a failure policy written as its action alone": (
        "flash-sale.toml", "", '\n[consumers.slip]\nqueue = "fulfilment"\non_failure = "release"\n'),
}
for form, (name, old, new) in accepted.items():
    text = (source / "scenarios" / name).read_text()
    if old and old not in text:
        failures.append(f"{form}: {name} no longer holds {old!r}")
        continue
    text = text.replace(old, new) if old else text + new
    expect_valid(form, text)

# What the schema must refuse: each is flash-sale.toml with one slip.
base = (source / "scenarios" / "flash-sale.toml").read_text()
slips = {
    "an unknown key": "\n[queues.slip]\nvisiblity_timeout = \"30s\"\n",
    "a value of the wrong type": "\n[queues.slip]\nfifo = \"yes\"\n",
    "a duration without its unit": "\n[queues.slip]\nvisibility_timeout = 30\n",
    "a duration with an unknown unit": "\n[queues.slip]\nvisibility_timeout = \"30 parsecs\"\n",
    "an integer out of range": "\n[queues.slip]\nin_flight_limit = 0\n",
    "an unknown top-level table": "\n[queue.slip]\nfifo = true\n",
}
for slip, extra in slips.items():
    if not problems(base + extra):
        failures.append(f"the schema accepts {slip}: {extra.strip()!r}")

print(f"{checked} scenarios, {blocks} documentation blocks and {len(accepted)} other forms "
      f"validate; {len(slips)} slips are refused" if not failures else "")
for f in failures:
    print(f, file=sys.stderr)
sys.exit(1 if failures else 0)
