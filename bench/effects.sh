#!/usr/bin/env bash
# Benchmark (issue 8 item 7): effect estimates for 100 interventions with
# every wijk of Nederland as the comparison pool, target under 2 s.
#
# Input (not timed, made under /tmp): the real RIVM 50090NED values of 2012,
# 2016 and 2020 for every gemeente and wijk (indeling 2020, from
# /work/shared/data/rivm-gezondheid-wijk-buurt-50090NED) as areas and
# observations of the variable Eenzaam, loaded with psql \copy;
# `buurtpeil compute` turns them into the indicator eenzaamheid; 100
# interventions on random wijken (bench/make_effects_input.py, seeded), all
# on one theme, so that every target is left out of the others' pools.
# Timed: `buurtpeil interventions effects` over those 100 (registry store,
# 100 estimates, 100 rows in bp.intervention_effect, in one transaction).
# Appends a section to bench/RESULTS.md.
#
# Usage: bench/effects.sh
# Environment: RUNS (hyperfine runs, default 10), WARMUP (default 1),
#              N (interventions, default 100), SEED (default 20121620),
#              DATA (the 50090NED folder), BUURTPEIL (use this binary instead of ./build).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps
bp_ensure_packages hyperfine
bp_build build
if [ -n "${BUURTPEIL:-}" ]; then bin=$(realpath "$BUURTPEIL"); else bin=$PWD/build/cmd/buurtpeil; fi
runs=${RUNS:-10}
warmup=${WARMUP:-1}
n=${N:-100}
seed=${SEED:-20121620}
data=${DATA:-/work/shared/data/rivm-gezondheid-wijk-buurt-50090NED}

work=/tmp/bp-bench-effects
rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
state=$work/state
bp=("$bin" --state-dir "$state" -q)
trap '"${bp[@]}" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

summary=$(python3 bench/make_effects_input.py "$data" "$work" "$n" "$seed")
"${bp[@]}" db migrate >/dev/null
conninfo="host=$state/run user=buurtpeil dbname=buurtpeil"
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$conninfo" -c 'SET client_min_messages = warning' "$@"; }
q -c "BEGIN" \
  -c "INSERT INTO bp.source (publisher, table_id, title, location, checksum, licence, importer)
      VALUES ('RIVM', '50090NED', 'Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020), 18 jaar of ouder',
              '$data', 'bench/effects.sh', 'CC BY 4.0', 'bench')" \
  -c "\\copy bp.area (code, indeling_year, level, name, parent_code, gemeente_code) FROM '$work/areas.tsv'" \
  -c "CREATE TEMP TABLE o (variable_code text, area_code text, indeling_year int, period text,
                           value float8, status bp.value_status, gemeente_code text)" \
  -c "\\copy o FROM '$work/observations.tsv'" \
  -c "INSERT INTO bp.observation (variable_code, area_code, indeling_year, period, source_id, value, status, gemeente_code)
      SELECT o.variable_code, o.area_code, o.indeling_year, o.period, s.id, o.value, o.status, o.gemeente_code
        FROM o, bp.source s WHERE s.importer = 'bench'" \
  -c "COMMIT"
t0=$(date +%s.%N)
"${bp[@]}" compute >/dev/null
compute_s=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")

# One run (not timed): checks the setup and counts the verdicts.
"${bp[@]}" interventions effects --dir "$work/interventions" > "$work/effects.txt"
estimates=$(q -c "SELECT count(*) FROM bp.intervention_effect")
pool=$(q -c "SELECT count(*) FROM bp.area a WHERE level = 'wijk' AND EXISTS
               (SELECT 1 FROM bp.indicator_value v WHERE v.area_code = a.code AND v.indeling_year = a.indeling_year
                  AND v.indicator_id = 'eenzaamheid' AND v.value IS NOT NULL)")
verdicts=$(q -c "SELECT string_agg(verdict || ' ' || n, ', ' ORDER BY verdict) FROM
                   (SELECT verdict, count(*) n FROM bp.intervention_effect GROUP BY 1) x")
if [ "$estimates" != "$n" ]; then
  bp_log "bench: $estimates estimates stored, expected $n"
  exit 1
fi

name="buurtpeil interventions effects ($n interventions)"
hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/hyperfine.json" \
  -n "$name" "${bp[*]} interventions effects --dir $work/interventions"

python3 bench/record_target.py "$work/hyperfine.json" bench/RESULTS.md \
  "Effect estimates for $n interventions, every wijk of Nederland as comparison pool" \
  bench/effects.sh "$name" 2 \
  --note "input: bench/make_effects_input.py (seed $seed): real RIVM 50090NED Eenzaam_28 for 2012, 2016, 2020 (indeling 2020) of NL, every gemeente and wijk: $summary; indicator eenzaamheid by \`buurtpeil compute\` (not timed: ${compute_s} s)" \
  --note "each run: registry of $n interventions stored (unchanged after the first), $estimates estimates; $pool wijken have a value (the $n targets among them, each left out of the others' pools), k = 10 comparisons, placebo, pre-trend, synthetic weights where 3 periods before; verdicts: $verdicts"
