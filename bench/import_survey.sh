#!/usr/bin/env bash
# Benchmark (issue 4 item 9): import 200,000 respondents x 100 questions of a
# SYNTHETIC Burgerpeiling-shaped survey with `buurtpeil import survey`, from
# CSV and from SPSS .sav (the same respondents), in one hyperfine run on one
# server against `psql \copy` of the same cells in long form into a table
# shaped like survey_private.answer.  Targets: each import under 10 s, peak
# memory (max RSS of the client, /usr/bin/time -f %M) under 128 MiB.
# Appends two sections (CSV, .sav) to bench/RESULTS.md.
#
# The files are made at bench time under /tmp, nothing large is committed:
# build/tools/gen_survey --oss 200000 --questions 100 (the Oss file: ';' and
# decimal comma, wijken of Oss from the KWB fixture; the 1-respondent
# Hilversum file it also writes is not used), and a 100-question mapping by
# bench/make_survey_mapping.py from surveys/burgerpeiling-2022.yaml.
#
# Peak memory is taken in the timed runs themselves (each command runs under
# /usr/bin/time -a -o FILE; the largest value is reported), not in extra runs:
# one import takes minutes.
#
# Usage: bench/import_survey.sh
# Environment: RUNS (hyperfine runs per command, default 3), WARMUP (default 1),
#              RESPONDENTS (default 200000), QUESTIONS (default 100),
#              BUURTPEIL (use this binary instead of building ./build).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bp_ensure_deps
bp_ensure_packages hyperfine time python3-yaml
bp_build build
if [ -n "${BUURTPEIL:-}" ]; then bin=$(realpath "$BUURTPEIL"); else bin=$PWD/build/cmd/buurtpeil; fi
gen=$PWD/build/tools/gen_survey
runs=${RUNS:-3}
warmup=${WARMUP:-1}
n_resp=${RESPONDENTS:-200000}
n_q=${QUESTIONS:-100}
kwb=tests/fixtures/kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv

work=/tmp/bp-bench-survey
rm -rf "$work"; mkdir -p "$work/files"; chmod 755 "$work"
state=$work/state
bp=("$bin" --state-dir "$state" -q)
trap '"${bp[@]}" db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# The files (not timed).
"$gen" --kwb "$kwb" --out "$work/files" --oss "$n_resp" --hilversum 1 --questions "$n_q"
csv=$work/files/burgerpeiling-2022-SYNTHETIC-oss.csv
sav=$work/files/burgerpeiling-2022-SYNTHETIC-oss.sav
mapping=$work/mapping.yaml
python3 bench/make_survey_mapping.py surveys/burgerpeiling-2022.yaml "$csv" > "$mapping"

"${bp[@]}" db migrate >/dev/null
"${bp[@]}" import statline-csv "$kwb" >/dev/null
conninfo="host=$state/run user=buurtpeil dbname=buurtpeil"
q() { psql -XqAt -d "$conninfo" -c 'SET client_min_messages = warning' "$@"; }
q -c "CREATE TABLE bench_answer (LIKE survey_private.answer INCLUDING ALL)"
# Every run starts without the survey (the same file again would be a no-op).
reset_bp="psql -XqAt -d '$conninfo' -c 'SET client_min_messages = warning' -c 'TRUNCATE survey_private.answer, bp.survey CASCADE' -c \"DELETE FROM bp.source WHERE importer = 'survey'\""
reset_copy="psql -XqAt -d '$conninfo' -c 'TRUNCATE bench_answer'"

# One import (not timed): it checks the setup, and its answers, exported in
# load order, are the reference's input -- the same cells, by construction.
"${bp[@]}" import survey "$csv" --mapping "$mapping"
q -c "\\copy survey_private.answer (survey_id, respondent_id, question, code) TO '$work/long.tsv'"
cells=$(wc -l < "$work/long.tsv")
respondents=$(q -c "SELECT count(*) FROM survey_private.respondent")
aggregates=$(q -c "SELECT count(*) FROM bp.survey_aggregate")
# The .sav import must load the same cells.
bash -c "$reset_bp"
"${bp[@]}" import survey "$sav" --mapping "$mapping"
diff=$(q -c "CREATE TEMP TABLE a AS SELECT respondent_id, question, code FROM survey_private.answer" \
         -c "CREATE TEMP TABLE b (survey_id bigint, respondent_id text, question text, code integer)" \
         -c "\\copy b FROM '$work/long.tsv'" \
         -c "SELECT count(*) FROM ((SELECT * FROM a EXCEPT SELECT respondent_id, question, code FROM b)
                                   UNION ALL (SELECT respondent_id, question, code FROM b EXCEPT SELECT * FROM a)) d")
n_sav=$(q -c "SELECT count(*) FROM survey_private.answer")
if [ "$n_sav" != "$cells" ] || [ "$diff" != 0 ]; then
  bp_log "bench: CSV and .sav load differently: $cells and $n_sav answers, $diff differ"
  exit 1
fi

ours_csv="buurtpeil import survey (CSV)"
ours_sav="buurtpeil import survey (.sav)"
ref="psql \\copy (long form)"
timed() { echo "/usr/bin/time -f %M -a -o $work/rss.$1 $2"; }
cmd_csv=$(timed csv "${bp[*]} import survey $csv --mapping $mapping")
cmd_sav=$(timed sav "${bp[*]} import survey $sav --mapping $mapping")
cmd_ref=$(timed ref "psql -XqAt -d '$conninfo' -c \"\\copy bench_answer (survey_id, respondent_id, question, code) FROM '$work/long.tsv'\"")

hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/hyperfine.json" \
  --prepare "$reset_bp" -n "$ours_csv" "$cmd_csv" \
  --prepare "$reset_bp" -n "$ours_sav" "$cmd_sav" \
  --prepare "$reset_copy" -n "$ref" "$cmd_ref"

peak() { sort -n "$work/rss.$1" | tail -1; }
rss_csv=$(peak csv); rss_sav=$(peak sav); rss_ref=$(peak ref)
n_ref=$(q -c "SELECT count(*) FROM bench_answer")
[ "$n_ref" = "$cells" ] || { bp_log "bench: psql loaded $n_ref of $cells cells"; exit 1; }

# Absolute target: under 10 s means at most 10 s / the reference's mean as a ratio.
ref_mean=$(python3 -c "import json,sys; d={r['command']: r for r in json.load(open(sys.argv[1]))['results']}; print(d[sys.argv[2]]['mean'])" \
  "$work/hyperfine.json" "$ref")
max_ratio=$(python3 -c "print(f'{10.0 / $ref_mean:.3f}')")
note_files="files: build/tools/gen_survey --oss $n_resp --hilversum 1 --questions $n_q (seed 20221104; Oss: ';' and decimal comma), CSV $(stat -c %s "$csv") bytes, .sav $(stat -c %s "$sav") bytes (ReadStat row compression); mapping: bench/make_survey_mapping.py, $n_q questions"
note_load="each import: $respondents respondents, $cells answers (long form: empty cells have no row), $aggregates rows in bp.survey_aggregate; CSV and .sav loads checked equal (0 cells differ), the reference loads the same $cells cells; every run starts from TRUNCATE"
note_target="target 'under 10 s' is shown as a ratio: 10 s / the reference's mean = ${max_ratio}x; hyperfine: RUNS=$runs WARMUP=$warmup; peak memory is the largest max RSS over the timed runs (warm-up included), not from one more run as the line above says"
for fmt in csv sav; do
  if [ $fmt = csv ]; then ours=$ours_csv; rss=$rss_csv; else ours=$ours_sav; rss=$rss_sav; fi
  python3 bench/record.py "$work/hyperfine.json" bench/RESULTS.md \
    "Import of a survey of $n_resp respondents x $n_q questions from $( [ $fmt = csv ] && echo CSV || echo .sav) ($cells answers)" \
    "$ours" "$ref" "$max_ratio" \
    --script bench/import_survey.sh \
    --memory "$ours_csv" "$rss_csv" --memory "$ours_sav" "$rss_sav" --memory "$ref" "$rss_ref" \
    --memory-target "$ours" 128 \
    --note "$note_files" --note "$note_load" --note "$note_target"
done
