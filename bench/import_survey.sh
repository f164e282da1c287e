#!/usr/bin/env bash
# Benchmark (issue 4 item 9): import 200,000 respondents x 100 questions of a
# SYNTHETIC Burgerpeiling-shaped survey with `buurtpeil import survey`, from
# CSV and from SPSS .sav (the same respondents), in one hyperfine run on one
# server against `psql \copy` of the same cells in long form into a table
# shaped like 005's survey_private.answer (one row per answer, primary key
# survey_id, respondent_id, question; since 009 the importer stores one
# integer[] per respondent and survey_private.answer is a view of it).  Targets: each import under 10 s, peak
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
q -c "CREATE TABLE bench_answer (survey_id bigint NOT NULL, respondent_id text NOT NULL, question text NOT NULL,
                                 code integer NOT NULL, PRIMARY KEY (survey_id, respondent_id, question))"
# Every run starts without the survey (the same file again would be a no-op).
reset_bp="psql -XqAt -d '$conninfo' -c 'SET client_min_messages = warning' -c 'TRUNCATE bp.survey CASCADE' -c \"DELETE FROM bp.source WHERE importer = 'survey'\""
reset_copy="psql -XqAt -d '$conninfo' -c 'TRUNCATE bench_answer'"

# One import (not timed): it checks the setup, and its answers, exported in
# respondent and question order, are the reference's input -- the same cells, by construction.
"${bp[@]}" import survey "$csv" --mapping "$mapping"
q -c "\\copy (SELECT survey_id, respondent_id, question, code FROM survey_private.answer) TO '$work/long.tsv'"
# The aggregates (summed in C while reading since 009) against the same sums taken in SQL from
# the long form, as 005's importer did: every row of bp.survey_aggregate, n exactly, sums to 1e-9.
agg_diff=$(q -c "
  WITH own AS (SELECT r.survey_id, r.area_code, r.indeling_year, an.question, c.category,
                      count(*) AS n, sum(r.weight) AS sw, sum(r.weight * r.weight) AS sw2
                 FROM survey_private.respondent r
                 JOIN survey_private.answer an ON an.survey_id = r.survey_id AND an.respondent_id = r.respondent_id
                 JOIN bp.survey_category c ON c.survey_id = an.survey_id AND c.question = an.question AND an.code = ANY (c.codes)
                GROUP BY 1, 2, 3, 4, 5),
       cat AS (SELECT o.survey_id, x.area_code, o.question, o.category, sum(o.n) AS n, sum(o.sw) AS sw, sum(o.sw2) AS sw2
                 FROM own o JOIN bp.area a ON a.code = o.area_code AND a.indeling_year = o.indeling_year
                CROSS JOIN LATERAL (VALUES (a.code), (CASE WHEN a.level = 'buurt' THEN a.parent_code END),
                                           (CASE WHEN a.level IN ('wijk', 'buurt') THEN a.gemeente_code END)) x(area_code)
                WHERE x.area_code IS NOT NULL GROUP BY 1, 2, 3, 4)
  SELECT count(*) FROM bp.survey_aggregate g FULL JOIN cat k USING (survey_id, area_code, question, category)
   WHERE (k.n IS NULL AND g.n_unweighted <> 0) OR g.survey_id IS NULL OR k.n <> g.n_unweighted
      OR abs(k.sw - g.sum_w) > 1e-9 * greatest(1, k.sw) OR abs(k.sw2 - g.sum_w2) > 1e-9 * greatest(1, k.sw2)")
[ "$agg_diff" = 0 ] || { bp_log "bench: $agg_diff aggregate rows differ from the sums over the long form"; exit 1; }
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
note_load="each import: $respondents respondents, $cells answers (long form: empty cells have no row), $aggregates rows in bp.survey_aggregate (checked equal to the same sums taken in SQL over the long form); CSV and .sav loads checked equal (0 cells differ), the reference loads the same $cells cells; every run starts from TRUNCATE"
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
