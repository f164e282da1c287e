#!/usr/bin/env bash
# Benchmark (issue 22, item 6): crosswalks for all of Nederland.
#   1. wijken 2016 (CBS, 2,979) → wijken 2024 (PDOK, simplified): two real
#      indelingen, both all-NL, from ../shared/data;
#   2. buurten: ../shared/data has all-NL buurt borders of one indeling only
#      (2019, 13,594, TopoJSON), so the second indeling is CONSTRUCTED: the
#      same topology with its translate moved 0.00015° east (≈ 10 m), so no
#      border is byte-equal and every buurt is intersected with all its
#      neighbours (the worst case; real successive indelingen are mostly
#      identical and take the equal-WKB shortcut).
# Target: < 30 s for the buurten.  Times: wall and user CPU of
# `buurtpeil crosswalk build` (/usr/bin/time); the machine is shared, so the
# load average is recorded.  Appends a section to bench/RESULTS.md.
# Usage: bench/crosswalk.sh   (uses its own state folder, /tmp/state-xwalk-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps
bp_build build
data=../shared/data
[ -d "$data" ] || data=/work/shared/data
w16=$data/cbs-wijken-2016-geojson/wijk_2016_6.geojson
w24=$data/pdok-wijken-2024-geojson-simplified-all-nl/wijken_2024.geojson
b19=$data/cbs-buurten-2019-topojson-all-nl/buurten_2019_nl.topojson.json
for f in "$w16" "$w24" "$b19"; do [ -f "$f" ] || { bp_log "bench: $f not found"; exit 1; }; done

work=/tmp/state-xwalk-bench
rm -rf "$work"; mkdir -p "$work"
export BUURTPEIL_STATE=$work/state
unset PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD DATABASE_URL
bp=build/cmd/buurtpeil
python3 - "$b19" "$work/buurten_shifted.topojson.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["transform"]["translate"][0] += 0.00015   # ≈ 10 m east at 52° N
json.dump(t, open(sys.argv[2], "w"), separators=(",", ":"))
PY
"$bp" -q import geojson "$w16" --year 2016
"$bp" -q import geojson "$w24" --year 2024
"$bp" -q import geojson "$b19" --year 2019
"$bp" -q import geojson "$work/buurten_shifted.topojson.json" --year 2020

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
run() {  # name, args...
	local name=$1; shift
	/usr/bin/time -f '%e %U %M' -o "$work/time" "$bp" crosswalk build "$@" > "$work/out"
	read -r wall user rss < "$work/time"
	echo "| $name | $wall s | $user s | $(( rss / 1024 )) MiB | $(cat "$work/out") |" >> "$work/rows"
	bp_log "$name: ${wall}s wall, ${user}s user"
}
: > "$work/rows"
run "wijken 2016 → 2024 (real)" --level wijk --from 2016 --to 2024 --tolerance 0.03
run "buurten 2019 → 2019 + 10 m (constructed)" --level buurt --from 2019 --to 2020
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
buurt_wall=$(awk -F'|' '/buurten/ { gsub(/[ s]/, "", $3); print $3 }' "$work/rows")
verdict=$(awk -v t="$buurt_wall" 'BEGIN { print (t < 30) ? "met" : "NOT met" }')
{
	echo
	echo "## Crosswalks for all of Nederland (issue 22)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, shared with other work (load average $load_start at the start, $load_end at the end); $(psql --version 2>/dev/null || true)"
	echo "- command: \`bench/crosswalk.sh\` (one run each; \`buurtpeil crosswalk build\` timed by /usr/bin/time: wall, user CPU, max RSS)"
	echo
	echo "| crosswalk | wall | user CPU | max RSS | result |"
	echo "|---|---|---|---|---|"
	cat "$work/rows"
	echo
	echo "Buurten: ${buurt_wall} s; target < 30 s: **$verdict**. The second buurt indeling is constructed (the 2019 borders moved ≈ 10 m), because ../shared/data has all-NL buurt borders of 2019 only."
} >> bench/RESULTS.md
bp_log "bench: appended to bench/RESULTS.md"
