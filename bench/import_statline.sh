#!/usr/bin/env bash
# Benchmark (issue 2): import the full all-Netherlands StatLine CSV of
# Kerncijfers wijken en buurten 2024 (18,310 rows) with `buurtpeil import
# statline-csv`, against `psql \copy` of the same cells in long form into a
# table shaped like bp.observation, in one hyperfine run on one server.
# Target: buurtpeil within 2x of the raw copy.  Appends to bench/RESULTS.md.
#
# Usage: bench/import_statline.sh [CSV]   (default: ../shared/data/... beside the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps
bp_ensure_packages hyperfine
bp_build build

csv=${1:-../shared/data/cbs-kwb-2024-statline-csv-all-nl/Kerncijfers_wijken_en_buurten_2024_geslachten.csv}
[ -f "$csv" ] || { bp_log "bench: $csv not found (give the all-NL StatLine CSV as argument)"; exit 1; }
csv=$(realpath "$csv")

work=/tmp/bp-bench-import
rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
state=$work/state
bp=(./build/cmd/buurtpeil --state-dir "$state" -q)
trap '"${bp[@]}" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

"${bp[@]}" db migrate >/dev/null
conninfo="host=$state/run user=buurtpeil dbname=buurtpeil"

# The reference's input: the same cells in long form, one per line, as
# COPY text with the columns of bp.observation (made once, not timed).
python3 bench/statline_long_form.py "$csv" > "$work/long.tsv"
cells=$(wc -l < "$work/long.tsv")
psql -XqAt -d "$conninfo" -c "CREATE TABLE bench_observation (LIKE bp.observation INCLUDING ALL)"

hyperfine --style basic --warmup 1 --runs 10 --export-json "$work/hyperfine.json" \
  --prepare "psql -XqAt -d '$conninfo' -c 'TRUNCATE bp.indicator_value, bp.observation, bp.source, bp.area CASCADE'" \
  -n "buurtpeil import statline-csv" \
  "${bp[*]} import statline-csv '$csv'" \
  --prepare "psql -XqAt -d '$conninfo' -c 'TRUNCATE bench_observation'" \
  -n "psql \\copy (long form)" \
  "psql -XqAt -d '$conninfo' -c \"\\copy bench_observation FROM '$work/long.tsv'\""

python3 bench/record.py "$work/hyperfine.json" bench/RESULTS.md \
  "Import of the all-NL StatLine CSV (KWB 2024, $(($(wc -l < "$csv") - 1)) rows, $cells cells)" \
  "buurtpeil import statline-csv" "psql \\copy (long form)" 2.0
