#!/usr/bin/env bash
# report.html and compare.html as a reader's browser draws them: headless
# Chromium renders each page at a narrow window (800 px) and a check
# script, put into a copy of the page, looks for script errors, charts that
# are missing or empty, and elements wider than the window outside a box
# that scrolls. Without chromium the test says so and is skipped (exit 77);
# tools/setup.sh installs it, and CI runs it.
# usage: browser.sh PATH/TO/edasim SOURCE_DIR
set -u
edasim=$1
src=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "browser: SKIPPED: chromium is not installed (tools/setup.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# A fault (so shaded bands), alarms, a sweep of one path, and a sweep of
# two [[designs]].
"$edasim" run "$src/scenarios/checkout-outage.toml" --quiet --out "$work/run" \
  --set scenario.duration=40m || { echo "FAILED: edasim run"; exit 1; }
"$edasim" compare "$src/scenarios/orders-sweep.toml" --quiet -r 2 --out "$work/compare" \
  --set scenario.duration=2m || { echo "FAILED: edasim compare"; exit 1; }
# A sweep of a study with [[designs]]: a line per design, and legends.
"$edasim" compare "$src/scenarios/marketplace-share.toml" --quiet -r 2 --out "$work/designs" \
  --set scenario.duration=2m || { echo "FAILED: edasim compare (designs)"; exit 1; }

check_page() {  # check_page PAGE.html
  local page=$1 name
  name=$(basename "$(dirname "$page")")-$(basename "$page")
  local charts
  charts=$(grep -o '<svg' "$page" | wc -l)
  # The errors are caught from the first byte of the head on; the checks run
  # at the end of the body, once everything above them is laid out.
  {
    sed 's|<head>|<head><script>window.__errors=[];window.addEventListener("error",e=>window.__errors.push(String(e.message)));</script>|' "$page" |
      sed '/<\/body>/d;/<\/html>/d'
    cat <<SCRIPT
<script>
(function () {
  const problems = window.__errors.map(e => "script error: " + e);
  const svgs = document.querySelectorAll("svg");
  if (svgs.length !== $charts) problems.push("charts: " + svgs.length + " drawn, $charts in the page");
  svgs.forEach((svg, i) => {
    const box = svg.getBoundingClientRect();
    const marks = svg.querySelectorAll("polyline, rect, circle, path").length;
    if (box.width < 50 || box.height < 30 || marks === 0)
      problems.push("chart " + i + " (" + svg.getAttribute("aria-label") + ") is empty: " +
                    Math.round(box.width) + "x" + Math.round(box.height) + ", " + marks + " marks");
  });
  const width = document.documentElement.clientWidth;
  const scrolls = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.tagName === "SCRIPT") continue;
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !scrolls(el))
      problems.push("<" + el.tagName.toLowerCase() + "> \"" + (el.textContent || "").slice(0, 60) + "\" reaches " + Math.round(box.right) +
                    " px, past the window's " + width);
    if (problems.length > 20) break;
  }
  if (document.documentElement.scrollWidth > width + 1)
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " px");
  const out = document.createElement("pre");
  out.id = "verdict";
  out.textContent = problems.length ? "FAIL\n" + problems.join("\n") : "PASS " + svgs.length + " charts";
  document.body.appendChild(out);
})();
</script>
</body>
</html>
SCRIPT
  } >"$work/checked-$name"
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=800,1000 --dump-dom "file://$work/checked-$name" >"$work/dom-$name" 2>/dev/null
  local verdict
  verdict=$(sed -n '/<pre id="verdict">/,/<\/pre>/p' "$work/dom-$name" | sed 's/<[^>]*>//g')
  case "$verdict" in
    PASS*) echo "browser: $name: $verdict" ;;
    *)
      failed=$((failed + 1))
      echo "FAILED: $name: ${verdict:-the browser drew nothing (no verdict)}"
      ;;
  esac
}

check_page "$work/run/report.html"
check_page "$work/compare/compare.html"
check_page "$work/designs/compare.html"
[ "$failed" -eq 0 ]
