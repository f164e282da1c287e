#!/usr/bin/env bash
# Benchmark (issue 18, item 5): what sql/024 (the derived tables logged, so
# that a hot standby can read them) and `db start --primary` (wal_level
# replica) cost a compute.  The KWB 2024 slice of Oss and Hilversum, RIVM
# 50090NED (2012/2016/2020) for the same areas and the SYNTHETIC
# Burgerpeiling (tests/fixtures) on a throwaway cluster; `compute --force`
# RUNS times (default 5), wall-clock seconds each, then the median.
#
# Usage: bench/logged.sh BINARY [--primary] [RUNS]
#   BINARY     a buurtpeil built with or without sql/024 (to compare)
#   --primary  the cluster started by `db start --primary` (wal_level replica)
# Also the WAL each compute --force writes (pg_current_wal_insert_lsn before
# and after): what a replica must receive, and a figure the load cannot skew.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1"); shift
primary=
if [ "${1:-}" = --primary ]; then primary=1; shift; fi
runs=${1:-5}
work=$(mktemp -d /tmp/bp-bench-logged.XXXXXX)
chmod 755 "$work"
state=$work/state
cleanup() {
  "$bin" --state-dir "$state" db stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
bp() { "$bin" --state-dir "$state" -q "$@" >/dev/null; }
if [ -n "$primary" ]; then bp db start --primary; fi
bp import statline-csv tests/fixtures/kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv
bp import cbs-dump tests/fixtures/rivm-50090NED
bp import survey tests/fixtures/survey/burgerpeiling-2022-SYNTHETIC-oss.sav --mapping surveys/burgerpeiling-2022.yaml
bp compute --indicators indicators 2>/dev/null
lsn() { "$bin" --state-dir "$state" db psql -- -Atc "SELECT pg_current_wal_insert_lsn()"; }
lsn0=$(lsn)
times=()
for _ in $(seq "$runs"); do
  t0=$(date +%s.%N)
  bp compute --indicators indicators --force 2>/dev/null
  t1=$(date +%s.%N)
  times+=("$(echo "$t1 - $t0" | bc)")
done
lsn1=$(lsn)
# WAL written per compute --force: what a replica receives, independent of the machine's load.
walmb=$("$bin" --state-dir "$state" db psql -- -Atc \
  "SELECT round(pg_wal_lsn_diff('$lsn1', '$lsn0') / $runs / 1048576.0, 2)")
wal=$("$bin" --state-dir "$state" db psql -- -Atc "SHOW wal_level")
unlogged=$("$bin" --state-dir "$state" db psql -- -Atc \
  "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'bp' AND c.relpersistence = 'u' AND c.relkind = 'r'")
printf '%s\n' "${times[@]}" | sort -n | awk -v wal="$wal" -v u="$unlogged" -v w="$walmb" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" \
  '{a[NR]=$1} END {printf "wal_level %s, unlogged tables in bp: %s; WAL per compute --force: %s MiB; compute --force: median %.2f s (min %.2f, max %.2f, %d runs); load %s\n", wal, u, w, a[int((NR+1)/2)], a[1], a[NR], NR, l}'
