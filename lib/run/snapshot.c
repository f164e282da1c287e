#include "run/snapshot.h"

#include <stdio.h>

#include "db/pgutil.h"

/* The runs of h's monitor before its previous published run: no digest reads their rows again. */
#define OLDER_RUNS(T) \
	"DELETE FROM " T " t USING bp.run r WHERE t.run_id = r.id " \
	"   AND r.monitor = (SELECT monitor FROM bp.run WHERE id = $1::bigint) " \
	"   AND r.id < (SELECT coalesce(max(x.id), 0) FROM bp.run x WHERE x.monitor = r.monitor " \
	"                  AND x.id < $1::bigint AND x.exit_status IN (0, 3))"

/* Run sql with $1 the run (and $2 the gemeenten when given). */
static bp_rc with_run(bp_run_history *h, const char *sql, const char *gemeenten, bp_error *err)
{
	char id[32];
	snprintf(id, sizeof(id), "%ld", h->run_id);
	const char *p[] = { id, gemeenten };
	return bp_pg_query(h->conn, sql, gemeenten ? 2 : 1, p, NULL, err);
}

/* Insert the run's rows, then prune the table's older runs. */
static bp_rc take(bp_run_history *h, const char *insert, const char *gemeenten, const char *prune, bp_error *err)
{
	bp_rc rc = with_run(h, insert, gemeenten, err);
	return rc ? rc : with_run(h, prune, NULL, err);
}

bp_rc bp_run_snapshot_values(bp_run_history *h, const char *const *gemeenten, size_t n, bp_arena *a,
                             bp_error *err)
{
	/* What the pages show: each indicator at its latest period in the gemeente, from the newest
	 * indeling that has it there (the gemeente's own value is its reference in the digest). */
	bp_rc rc = take(h,
		"WITH v AS (SELECT g.code AS gemeente_code, iv.indicator_id, iv.area_code, iv.indeling_year, iv.period, "
		"                  iv.value, iv.ci_low, iv.ci_high "
		"             FROM unnest($2::text[]) g(code) "
		"             JOIN bp.indicator_value iv ON iv.gemeente_code = g.code "
		"            WHERE iv.value IS NOT NULL), "
		"     latest AS (SELECT gemeente_code, indicator_id, max(period) AS period FROM v GROUP BY 1, 2) "
		"INSERT INTO bp.run_value (run_id, gemeente_code, indicator_id, area_code, indeling_year, period, value, "
		"                          ci_low, ci_high) "
		"SELECT DISTINCT ON (v.gemeente_code, v.indicator_id, v.area_code) $1::bigint, v.gemeente_code, "
		"       v.indicator_id, v.area_code, v.indeling_year, v.period, v.value, v.ci_low, v.ci_high "
		"  FROM v JOIN latest USING (gemeente_code, indicator_id, period) "
		" ORDER BY v.gemeente_code, v.indicator_id, v.area_code, v.indeling_year DESC",
		bp_pg_text_array(a, gemeenten, n), OLDER_RUNS("bp.run_value"), err);
	/* The flags (history.c) likewise. */
	return rc ? rc : with_run(h, OLDER_RUNS("bp.run_flag"), NULL, err);
}

bp_rc bp_run_snapshot_verdicts(bp_run_history *h, bp_error *err)
{
	return take(h,
		"INSERT INTO bp.run_verdict (run_id, intervention_id, indicator_id, area_code, verdict, verdict_text) "
		"SELECT $1::bigint, e.intervention_id, e.indicator_id, e.area_code, e.verdict, e.verdict_text "
		"  FROM bp.intervention_effect e "
		"  JOIN bp.intervention i ON i.id = e.intervention_id AND i.version = e.version AND i.valid_to IS NULL",
		NULL, OLDER_RUNS("bp.run_verdict"), err);
}
