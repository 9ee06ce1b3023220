#!/usr/bin/env bash
# Every output callsim writes, in one folder, for checking that a refactoring
# changes nothing: each command of the README and more, in every format, the
# HTML reports, the charts, and every invalid scenario's message. Timing
# (wall times, calls per second) is removed so two runs compare equal.
#
# Usage (after `cargo build --release`):
#   scripts/snapshot-outputs.sh OUT_DIR          # writes OUT_DIR/…
#   diff -r before/ after/                       # nothing printed: no change
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?give a folder to write the outputs to}"
callsim="${CALLSIM:-target/release/callsim}"
mkdir -p "$out"

# Strips the timing a run reports: JSON fields, and the table's last line.
strip_timing() {
  python3 -c '
import json, re, sys
text = sys.stdin.read()
header = ""
if text.startswith("$ callsim"):
    header, _, text = text.partition("\n")
    print(header)
try:
    value = json.loads(text)
except ValueError:
    value = None
if isinstance(value, dict):
    def scrub(v):
        if isinstance(v, dict):
            return {k: scrub(x) for k, x in v.items()
                    if k not in ("wall_time_s", "calls_per_second", "mip_solve_s", "threads")}
        if isinstance(v, list):
            return [scrub(x) for x in v]
        return v
    print(json.dumps(scrub(value), indent=1, sort_keys=True))
else:
    for line in text.splitlines():
        line = re.sub(r" calls simulated in .*", " calls simulated", line)
        line = re.sub(r"solved in [0-9.]+ ?m?s", "solved", line)
        print(line)
'
}

n=0
run() {
  n=$((n + 1))
  local name; name=$(printf '%03d' "$n")
  { echo "\$ callsim $*"; "$callsim" "$@" 2>&1 || echo "exit $?"; } | strip_timing > "$out/$name.txt"
}

for s in scenarios/*.toml scenarios/bench/*.toml; do
  for f in table json csv; do
    run simulate "$s" --format "$f" --set simulation.replications=20
  done
done
run simulate scenarios/day.toml --set simulation.estimator=\"daily_mean\" --format json
run simulate scenarios/helpline.toml --trace 30 --set simulation.replications=1 --set agent_group[0].agents=3
for f in table json csv; do
  run compare scenarios/helpline.toml scenarios/helpline_plus_one.toml --format "$f"
  run sweep scenarios/helpline.toml --vary volume_pct=80:120:10 --format "$f"
  run sweep scenarios/proactive.toml --vary call_type[0].proactive_pct=0,25,50 --format "$f"
  run staff scenarios/staff_day.toml --format "$f"
  run staff scenarios/two_skill.toml --format "$f" --set simulation.replications=10
  run erlang --intervals scenarios/erlang/weekday.csv --aht-s 240 --target 80/20 --patience-s 180 --max-abandon-pct 5 --shrinkage-pct 30 --format "$f"
  run erlang --calls 300 --aht-s 240 --target 80/20 --max-asa-s 15 --shrinkage-pct 35 --format "$f"
  run erlang --calls 300 --aht-s 240 --agents 42 --patience-s 120 --target 80/20 --max-abandon-pct 5 --format "$f"
  run erlang --erlangs 100000 --aht-s 180 --patience-s 120 --target 80/20 --around 1 --format "$f"
done
run erlang --erlangs 5 --aht-s 180 --agents 7 --explain
run erlang --erlangs 10 --aht-s 180 --target 80/20

# HTML reports and charts (files; their bytes are compared as they are).
for lang in en pt; do
  "$callsim" simulate scenarios/day.toml --quiet --output /dev/null --lang "$lang" --report "$out/day-$lang.html" --plot "$out/day-$lang-charts"
  "$callsim" simulate scenarios/ivr.toml --quiet --output /dev/null --lang "$lang" --report "$out/ivr-$lang.html"
  "$callsim" compare scenarios/helpline.toml scenarios/helpline_plus_one.toml --quiet --output /dev/null --lang "$lang" --report "$out/compare-$lang.html" --plot "$out/compare-$lang-charts"
  "$callsim" sweep scenarios/helpline.toml --vary volume_pct=80:120:20 --quiet --output /dev/null --lang "$lang" --report "$out/sweep-$lang.html" --plot "$out/sweep-$lang-charts"
  "$callsim" staff scenarios/staff_day.toml --quiet --output /dev/null --lang "$lang" --report "$out/staff-$lang.html" --plot "$out/staff-$lang-charts"
  "$callsim" erlang --erlangs 10 --aht-s 180 --target 80/20 --patience-s 120 --output /dev/null --lang "$lang" --report "$out/erlang-$lang.html" --plot "$out/erlang-$lang-charts"
done
# Reports print their timing inside: strip it there too.
for h in "$out"/*.html; do strip_timing < "$h" > "$h.txt" && rm "$h"; done

# Every invalid scenario's message.
for s in scenarios/invalid/*.toml; do
  echo "$s: $("$callsim" simulate "$s" 2>&1 >/dev/null || true)"
done > "$out/invalid.txt"
echo "$n commands, $(ls "$out" | wc -l) entries in $out"
