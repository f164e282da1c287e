#!/usr/bin/env bash
# Benchmark (issue 19 item 2): the incremental run.  Three `buurtpeil run`s of
# one monitor after a first run that imports and computes:
#   full             run --full: every page, chart and PDF rendered (sources
#                    and compute unchanged, so this is the publishing a run
#                    without incremental rendering did every time)
#   nothing changed  the same run again: every source already loaded, every
#                    output group unchanged, no file written
#   one changed      one gemeente's own source (Hilversum's experiences)
#                    changed: only that gemeente's outputs are rendered
# Targets: nothing changed < 5 s; one changed < 20 % of full.  Appends a
# section to bench/RESULTS.md.
#
# The monitor: nine gemeenten of the all-NL KWB 2024 fixture (Oss and
# Hilversum with their wijk borders, seven smaller ones without), pages,
# PDFs, needs overviews and the site; ~480 wijken and buurten.  Not the demo:
# the demo has two gemeenten, so one gemeente's change is half of it.
#
# Usage: bench/incremental.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_build build >/dev/null

work=/tmp/bp-bench-incremental
rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
state=$work/state
root=$PWD
bp=(./build/cmd/buurtpeil --state-dir "$state" -q)
# BP_BENCH_KEEP=1 keeps the folder (and stops the server) for a look afterwards.
trap '"${bp[@]}" db stop >/dev/null 2>&1 || true; [ -n "${BP_BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT

# Hilversum's experiences of the example file: a source of that gemeente alone.
experiences() {
	awk -v change="$1" 'NR == 1 || /^(WK|BU)0402/ {
		if (change && NR > 1 && !done && sub(/VOORBEELD \(verzonnen\)\./, "VOORBEELD (verzonnen, gewijzigd).")) done = 1
		print }' experiences/voorbeeld-oss-hilversum.csv > "$work/ervaringen-hilversum.csv"
}
experiences ""
cat > "$work/monitor.yaml" <<YAML
name: bench-incremental
gemeenten: [GM0828, GM0402, GM1680, GM0358, GM0197, GM0482, GM0613, GM0141, GM0059]
sources:
  - type: statline-csv
    file: $root/tests/fixtures/kwb-2024/Kerncijfers_wijken_en_buurten_2024_nl.csv
    year: 2024
  - type: geojson
    file: $root/tests/fixtures/geo/wijken_2024_oss_hilversum.geojson
    year: 2024
    level: wijk
  - type: experiences
    file: $work/ervaringen-hilversum.csv
indicators: $root/indicators
charts: $root/charts
output: $work/out
areas: $root/areas
YAML

"${bp[@]}" db migrate >/dev/null
now() { date +%s.%N; }
timed() {   # timed NAME ARGS...: the run's wall time in seconds into $NAME
	local name=$1; shift
	local t0; t0=$(now)
	"${bp[@]}" run --config "$work/monitor.yaml" "$@" > "$work/$name.txt"
	printf -v "$name" '%.2f' "$(echo "$(now) - $t0" | bc)"
	bp_log "bench: $name ${!name} s: $(cat "$work/$name.txt")"
}
timed first
timed full --full
files=$(find "$work/out" -type f | wc -l)
find "$work/out" -type f ! -name runs.html ! -name '*-wijzigingen.*' -printf '%i %T@ %p\n' | sort > "$work/before.txt"
timed nothing
find "$work/out" -type f ! -name runs.html ! -name '*-wijzigingen.*' -printf '%i %T@ %p\n' | sort > "$work/after.txt"
rewritten=$(comm -13 "$work/before.txt" "$work/after.txt" | wc -l)
experiences change
timed one
# Where the time went (stage durations of the last two runs), for the log.
"${bp[@]}" runs --last 2 >&2
find "$work/out" -type f ! -name runs.html ! -name '*-wijzigingen.*' -printf '%i %T@ %p\n' | sort > "$work/changed.txt"
rewritten_one=$(comm -13 "$work/after.txt" "$work/changed.txt" | wc -l)
outside=$(comm -13 "$work/after.txt" "$work/changed.txt" | awk '{print $3}' | grep -v -e 0402 -e '\.buurtpeil-manifest$' | wc -l || true)

pct=$(echo "scale=1; 100 * $one / $full" | bc)
met() { if [ "$(echo "$1" | bc)" = 1 ]; then echo "**met**"; else echo "**NOT met**"; fi; }
{
	echo
	echo "## Incremental run (issue 19 item 2): full, nothing changed, one gemeente's source changed"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- command: \`bench/incremental.sh\`; one run each, wall time of \`buurtpeil run\` (sources, compute, reports, PDFs, needs overviews, site, digest); files written again: inode or mtime changed, not counting runs.html and the digests, which every run writes"
	echo "- monitor: 9 gemeenten of the all-NL KWB 2024 fixture (GM0828, GM0402, GM1680, GM0358, GM0197, GM0482, GM0613, GM0141, GM0059), Oss and Hilversum with wijk borders, Hilversum's experiences as a source of its own; $files files in out/ (site included)"
	echo
	echo "| run | wall | files written again |"
	echo "|---|---|---|"
	echo "| first (import, compute, render all) | $first s | |"
	echo "| full (\`run --full\`) | $full s | all |"
	echo "| nothing changed | $nothing s | $rewritten |"
	echo "| Hilversum's experiences changed | $one s ($pct % of full) | $rewritten_one ($outside outside Hilversum's and the manifests) |"
	echo
	echo "Nothing changed $nothing s; target < 5 s: $(met "$nothing < 5")."
	echo "One gemeente's source changed $pct % of a full run; target < 20 %: $(met "$pct < 20")."
} >> bench/RESULTS.md
tail -16 bench/RESULTS.md
