#!/usr/bin/env bash
# Benchmark (issue 19, item 5): `report --as-of` on the demo's data against
# a plain `report` of the same gemeente, and the size of a run's snapshot
# for the digest (item 4: bp.run_value, bp.run_verdict per run).
#
# The demo configuration (config/demo.yaml: all-NL KWB 2024 and 2021/2022,
# all-NL RIVM 2012-2020, borders, two synthetic surveys, experiences,
# interventions) is run twice into a state folder of its own; then
# `report --gemeente GM0828` and `report --gemeente GM0828 --as-of TODAY`
# are timed RUNS times each (wall clock, after one warm-up of each).
# Appends a section to bench/RESULTS.md.
#
# Usage: bench/asof.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_build build >/dev/null
runs=${1:-3}
root=$(pwd)
work=/tmp/bp-bench-asof
rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
state=$work/state
bp=(./build/cmd/buurtpeil --state-dir "$state" -q)
trap '"${bp[@]}" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# The demo configuration with its paths made absolute and its output in $work.
sed -e "s|\.\./|$root/|g" -e "s|^output: .*|output: $work/out|" config/demo.yaml >"$work/demo.yaml"
t0=$(date +%s.%N)
"${bp[@]}" run --config "$work/demo.yaml" >/dev/null
t1=$(date +%s.%N)
"${bp[@]}" run --config "$work/demo.yaml" >/dev/null
conninfo="host=$state/run user=buurtpeil dbname=buurtpeil"
sql() { psql -XqAt -v ON_ERROR_STOP=1 -d "$conninfo" "$@"; }
today=$(date +%F)
plain=(./build/cmd/buurtpeil --state-dir "$state" -q report --gemeente GM0828 --out "$work/plain")
asof=(./build/cmd/buurtpeil --state-dir "$state" -q report --gemeente GM0828 --out "$work/asof" --as-of "$today")
time_of() {   # mean and min of RUNS runs after one warm-up, in ms
  "$@" >/dev/null
  local i s e all=()
  for ((i = 0; i < runs; i++)); do
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); all+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${all[@]}" | awk '{ t += $1; if (min == "" || $1 < min) min = $1 } END { printf "%d ms | %d ms", t / NR, min }'
}
p=$(time_of "${plain[@]}")
a=$(time_of "${asof[@]}")
# The as-of pages against the plain ones: today's vintages are the current ones, so the figures agree.
same=$(diff -rq -x '*.pdf' -x '*.png' <(cd "$work/plain" && find . -name '*.html' -exec sed -e '/class="stand"/d' -e 's/Gemaakt met buurtpeil .*//' {} + | sort) \
  <(cd "$work/asof" && find . -name '*.html' -exec sed -e '/class="stand"/d' -e 's/Gemaakt met buurtpeil .*//' {} + | sort) >/dev/null && echo yes || echo NO)
last=$(sql -c "SELECT max(id) FROM bp.run")
values=$(sql -c "SELECT string_agg(gemeente_code || ' ' || n, ', ' ORDER BY gemeente_code) FROM (SELECT gemeente_code, count(*) n FROM bp.run_value WHERE run_id = $last GROUP BY 1) x")
verdicts=$(sql -c "SELECT count(*) FROM bp.run_verdict WHERE run_id = $last")
size=$(sql -c "SELECT pg_size_pretty(pg_total_relation_size('bp.run_value') + pg_total_relation_size('bp.run_verdict'))")
kept=$(sql -c "SELECT string_agg(DISTINCT run_id::text, ',') FROM bp.run_value")
{
  echo
  echo "## report --as-of on the demo's data; the digest's snapshot per run (issue 19, items 4 and 5)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(psql --version)"
  echo "- command: \`bench/asof.sh $runs\`; wall clock of $runs runs after one warm-up each; the first demo run took $(echo "$t1 - $t0" | bc | cut -d. -f1) s"
  echo
  echo "| command | mean | min |"
  echo "|---|---|---|"
  echo "| report --gemeente GM0828 | $p |"
  echo "| report --gemeente GM0828 --as-of $today | $a |"
  echo
  echo "- the as-of pages equal the plain ones but for the stamp (as of today every vintage is current): $same"
  echo "- snapshot of run $last: bp.run_value rows per gemeente: $values; bp.run_verdict rows: $verdicts; both tables with indexes: $size (runs kept: $kept)"
} >>bench/RESULTS.md
tail -12 bench/RESULTS.md
