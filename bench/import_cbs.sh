#!/usr/bin/env bash
# Benchmark (issue 3 item 9): a full-Netherlands KWB year over OData v3.
# `buurtpeil import cbs 85984NED` pages 18,310 areas x 128 topics (123 of them
# measures: 2,252,130 cells) in pages of 10,000 rows from a loopback stand-in
# for CBS (bench/cbs_bench_server.py) into PostgreSQL, in one hyperfine run
# on one server.  buurtpeil stores the download as it comes, one row per
# area with the measures' values in an array (bp.observation_row,
# sql/015_observation_rows.sql; bp.observation_all shows the same cells in
# long form), against
#   (a) `psql \copy` of the same cells in long form into a table shaped like
#       bp.observation (target: buurtpeil within 2x), and
#   (b) bench/python_reference_client.py: Debian's python3-requests paging the
#       same server, psycopg2 COPY into a table shaped like bp.observation
#       (target: buurtpeil at least 5x faster).
# Then each command once more under /usr/bin/time -f %M for its peak RSS
# (target for buurtpeil: under 64 MiB).  Appends to bench/RESULTS.md.
#
# The fixture is built at bench time under /tmp from real rows by
# bench/make_kwb_fullsize.py (see its docstring); nothing large is committed.
#
# Usage: bench/import_cbs.sh [SHARED_DATA_DIR]   (default: ../shared/data beside the checkout)
# Environment: RUNS (hyperfine runs per command, default 10),
#              BUURTPEIL (use this binary instead of building ./build).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps
bp_ensure_packages hyperfine time python3-requests python3-psycopg2
if [ -n "${BUURTPEIL:-}" ]; then
  bin=$(realpath "$BUURTPEIL")
else
  bp_build build
  bin=./build/cmd/buurtpeil
fi

shared=$(realpath "${1:-../shared/data}")
[ -d "$shared/cbs-kwb-2024-85984NED-first10000" ] || { bp_log "bench: $shared has no cbs-kwb-2024-85984NED-first10000/ (give the shared data folder as argument)"; exit 1; }
runs=${RUNS:-10}
pyref=/usr/bin/python3            # Debian's: python3-requests and python3-psycopg2 live there

work=/tmp/bp-bench-cbs
rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
state=$work/state
bp=("$bin" --state-dir "$state" -q)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  "${bp[@]}" db stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The fixture (not timed): 10,000 real rows + 8,310 real regions with real
# rows' values of the same level, in UntypedDataSet form.
fixture=$(python3 bench/make_kwb_fullsize.py "$work/fixtures" "$shared")
bp_log "bench: fixture $fixture"

python3 bench/cbs_bench_server.py --fixtures "$work/fixtures" --table 85984NED --page-size 10000 \
  > "$work/port" 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 600); do [ -s "$work/port" ] && break; kill -0 "$server_pid" || break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/server.log" >&2; bp_log "bench: the server did not start"; exit 1; }
base=http://127.0.0.1:$(head -1 "$work/port")

"${bp[@]}" db migrate >/dev/null
conninfo="host=$state/run user=buurtpeil dbname=buurtpeil"
q() { psql -XqAt -d "$conninfo" -c 'SET client_min_messages = warning' "$@"; }
cols="variable_code, area_code, indeling_year, period, source_id, value, status, gemeente_code"
q -c "CREATE TABLE bench_observation (LIKE bp.observation INCLUDING ALL)" \
  -c "CREATE TABLE bench_py_observation (LIKE bp.observation INCLUDING ALL)"
# CASCADE: bp.custom_area (migration 003) refers to bp.area.
reset_bp="psql -XqAt -d '$conninfo' -c 'SET client_min_messages = warning' -c 'TRUNCATE bp.indicator_value, bp.observation, bp.source, bp.area CASCADE'"
reset_copy="psql -XqAt -d '$conninfo' -c 'TRUNCATE bench_observation'"
reset_py="psql -XqAt -d '$conninfo' -c 'TRUNCATE bench_py_observation'"

# One import (not timed): it checks the setup, and its cells, exported in
# load order, are the reference's input -- the same cells, by construction.
"${bp[@]}" import cbs 85984NED --base-url "$base"
# In load order (the order of the rows, then of the measures), as the long
# form had them when buurtpeil stored that.
q -c "\\copy (SELECT c.variable_code, r.area_code, r.indeling_year, r.period, r.source_id, r.value[c.position],
                      bp.value_status_of(substr(r.status, c.position, 1)), r.gemeente_code
                 FROM bp.observation_row r JOIN bp.source_column c USING (source_id)
                ORDER BY r.ctid, c.position) TO '$work/long.tsv'"
cells=$(wc -l < "$work/long.tsv")

ours="buurtpeil import cbs"
ref="psql \\copy (long form)"
py="Python requests+psycopg2 COPY"
cmd_ours="${bp[*]} import cbs 85984NED --base-url $base"
cmd_ref="psql -XqAt -d '$conninfo' -c \"\\copy bench_observation ($cols) FROM '$work/long.tsv'\""
cmd_py="$pyref bench/python_reference_client.py $base 85984NED '$conninfo' bench_py_observation"

hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" \
  --prepare "$reset_bp" -n "$ours" "$cmd_ours" \
  --prepare "$reset_copy" -n "$ref" "$cmd_ref" \
  --prepare "$reset_py" -n "$py" "$cmd_py"

# Peak memory (max RSS of the client process; the PostgreSQL server is not
# its child), one more run each after the same reset.
peak() {  # peak RESET CMD -> KiB
  bash -c "$1" >/dev/null
  /usr/bin/time -f %M -o "$work/rss" bash -c "exec $2" >/dev/null 2>&1
  tail -1 "$work/rss"
}
rss_ours=$(peak "$reset_bp" "$cmd_ours")
rss_ref=$(peak "$reset_copy" "$cmd_ref")
rss_py=$(peak "$reset_py" "$cmd_py")

# The three loads hold the same cells.
n_bp=$(q -c "SELECT count(*) FROM bp.observation_all")
n_ref=$(q -c "SELECT count(*) FROM bench_observation")
n_py=$(q -c "SELECT count(*) FROM bench_py_observation")
diff=$(q -c "SELECT count(*) FROM ((SELECT variable_code, area_code, value, status FROM bp.observation_all
                                    EXCEPT SELECT variable_code, area_code, value, status FROM bench_py_observation)
                                   UNION ALL
                                   (SELECT variable_code, area_code, value, status FROM bench_py_observation
                                    EXCEPT SELECT variable_code, area_code, value, status FROM bp.observation_all)) d")
if [ "$n_bp" != "$cells" ] || [ "$n_ref" != "$cells" ] || [ "$n_py" != "$cells" ] || [ "$diff" != 0 ]; then
  bp_log "bench: the loads differ: buurtpeil $n_bp, psql $n_ref, Python $n_py cells (reference $cells), $diff cells differ"
  exit 1
fi
size_bp=$(q -c "SELECT pg_size_pretty(pg_total_relation_size('bp.observation_row') + pg_total_relation_size('bp.source_column'))")
size_py=$(q -c "SELECT pg_size_pretty(pg_total_relation_size('bench_py_observation'))")
bytes=$(sed -n 's/.*pages, \([0-9]*\) bytes/\1/p' "$work/server.log")

python3 bench/record.py "$work/hyperfine.json" bench/RESULTS.md \
  "Import of a full-NL KWB year over OData v3 (85984NED, 18310 areas x 128 topics, $cells cells)" \
  "$ours" "$ref" 2.0 \
  --script bench/import_cbs.sh \
  --faster-than "$py" 5.0 \
  --memory "$ours" "$rss_ours" --memory "$ref" "$rss_ref" --memory "$py" "$rss_py" --memory-target "$ours" 64 \
  --note "fixture: bench/make_kwb_fullsize.py -- the first 10,000 real TypedDataSet rows of 85984NED plus the 8,310 remaining real regions (codes, names and the 8 population topics their own, from the all-NL StatLine export; the other 115 topics copied from real rows of the same level, k-th extra row of a level from donor k mod n), rendered as UntypedDataSet strings (padded numbers, '.' where another region of that level has a value, blank where none has); $fixture" \
  --note "stored: buurtpeil $n_bp cells as rows of bp.observation_row (with bp.source_column) in $size_bp, tables and indexes; the Python reference's long form $size_py" \
  --note "server: bench/cbs_bench_server.py, pages of 10,000 rows pre-rendered in CBS' pretty-printed layout: 2 pages, $bytes bytes; loads checked equal: $cells cells in each table, 0 cells differ between buurtpeil and Python (every run starts from TRUNCATE)"
