/*
 * compare.c: bp.indicator_comparison from bp.indicator_value, set-based.
 *
 * Percentile rank as in the CDC/ATSDR Social Vulnerability Index:
 * (rank - 1) / (N - 1) over the areas with a value, ties sharing the lowest
 * rank (PostgreSQL's percent_rank), ordered by need: the value itself for
 * higher-is-worse, its negation for higher-is-better, so that 1 is always
 * the area in most need.  Neutral indicators are ranked by value and never
 * flagged: there is no "worse" side.  Unpublished values (NULL) are not
 * ranked and do not count in N; their row says why (not_ranked_reason).
 *
 * Significance of a change: a z-test on the difference with each standard
 * error taken from its 95% interval, se = (ci_high - ci_low) / (2 x 1.96)
 * (symmetric intervals assumed; Wilson or logit intervals are close to it
 * away from 0 and 100 %).  Not "non-overlapping intervals": that test is
 * conservative (Schenker & Gentleman 2001) and misses real changes whose
 * intervals overlap a little.
 */
#include "engine/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/pgutil.h"

/*
 * v: every value with what ranking needs, as a temporary table that is
 * ANALYZEd once and read by the land, gemeente and wijk statements (each
 * joined the three tables again before).  dist_*: count, mean and sd per
 * distribution, and each published value's percentile in it.  $1 the
 * minimum number of areas within a gemeente, $2 the worst-decile bound
 * (land: $1 the bound).
 */
static const char values_sql[] =
	"CREATE TEMP TABLE _bp_compare_v ON COMMIT DROP AS "
	"SELECT iv.indicator_id, iv.area_code, iv.indeling_year, iv.period, iv.value, "
	"    iv.suppressed_reason, iv.gemeente_code, a.level, a.parent_code, i.polarity, "
	"    CASE WHEN i.polarity = 'higher-is-better' THEN -iv.value ELSE iv.value END AS need "
	"  FROM bp.indicator_value iv "
	"  JOIN bp.area a ON a.code = iv.area_code AND a.indeling_year = iv.indeling_year "
	"  JOIN bp.indicator i ON i.id = iv.indicator_id";

static const char common_sql[] = "WITH v AS (SELECT * FROM _bp_compare_v) ";

/*
 * Distribution and rank in one pass of window functions over v: joining
 * grouped CTEs back onto v made PostgreSQL misestimate every join (a
 * handful of rows for tens of thousands) and took over 9 minutes on all of
 * Nederland; the windows take half a second.  percent_rank is taken within
 * the values that exist (the partition is split on value IS NULL), so N is
 * the number of published values, as before.
 */
static const char land_sql[] =
	", w AS (SELECT v.*, count(v.value) OVER g AS n, avg(v.value) OVER g AS mean, stddev_pop(v.value) OVER g AS sd, "
	"      percent_rank() OVER (PARTITION BY v.indicator_id, v.level, v.indeling_year, v.period, v.value IS NULL "
	"                           ORDER BY v.need) AS pct "
	"      FROM v WHERE v.level <> 'land' "
	"      WINDOW g AS (PARTITION BY v.indicator_id, v.level, v.indeling_year, v.period)) "
	"INSERT INTO bp.indicator_comparison (indicator_id, area_code, indeling_year, period, reference_kind, "
	"  reference_code, reference_period, value, reference_value, difference, relative_difference, n_ranked, "
	"  z_score, percentile, worst_decile, not_ranked_reason, gemeente_code) "
	"SELECT w.indicator_id, w.area_code, w.indeling_year, w.period, 'land', 'NL00', w.period, w.value, r.value, "
	"  w.value - r.value, (w.value - r.value) / nullif(abs(r.value), 0), w.n, "
	"  CASE WHEN w.n >= 2 THEN (w.value - w.mean) / nullif(w.sd, 0) END, "
	"  CASE WHEN w.n >= 2 AND w.value IS NOT NULL THEN w.pct END, "
	"  CASE WHEN w.n >= 2 AND w.value IS NOT NULL AND w.polarity <> 'neutral' THEN w.pct >= $1::float8 END, "
	"  CASE WHEN w.value IS NULL THEN coalesce(w.suppressed_reason, 'not_published') "
	"       WHEN w.n < 2 THEN 'too_few_areas' END, "
	"  w.gemeente_code "
	"FROM w LEFT JOIN bp.indicator_value r ON r.indicator_id = w.indicator_id AND r.area_code = 'NL00' "
	"  AND r.indeling_year = w.indeling_year AND r.period = w.period";

static const char gemeente_sql[] =
	", w AS (SELECT v.*, count(v.value) OVER g AS n, avg(v.value) OVER g AS mean, stddev_pop(v.value) OVER g AS sd, "
	"      percent_rank() OVER (PARTITION BY v.indicator_id, v.level, v.indeling_year, v.period, v.gemeente_code, "
	"                           v.value IS NULL ORDER BY v.need) AS pct "
	"      FROM v WHERE v.level IN ('wijk', 'buurt', 'custom') AND v.gemeente_code IS NOT NULL "
	"      WINDOW g AS (PARTITION BY v.indicator_id, v.level, v.indeling_year, v.period, v.gemeente_code)) "
	"INSERT INTO bp.indicator_comparison (indicator_id, area_code, indeling_year, period, reference_kind, "
	"  reference_code, reference_period, value, reference_value, difference, relative_difference, n_ranked, "
	"  z_score, percentile, worst_decile, not_ranked_reason, gemeente_code) "
	"SELECT w.indicator_id, w.area_code, w.indeling_year, w.period, 'gemeente', w.gemeente_code, w.period, "
	"  w.value, r.value, w.value - r.value, (w.value - r.value) / nullif(abs(r.value), 0), w.n, "
	"  CASE WHEN w.n >= $1::int THEN (w.value - w.mean) / nullif(w.sd, 0) END, "
	"  CASE WHEN w.n >= $1::int AND w.value IS NOT NULL THEN w.pct END, "
	"  CASE WHEN w.n >= $1::int AND w.value IS NOT NULL AND w.polarity <> 'neutral' THEN w.pct >= $2::float8 END, "
	"  CASE WHEN w.value IS NULL THEN coalesce(w.suppressed_reason, 'not_published') "
	"       WHEN w.n < $1::int THEN 'too_few_areas' END, "
	"  w.gemeente_code "
	"FROM w LEFT JOIN bp.indicator_value r ON r.indicator_id = w.indicator_id AND r.area_code = w.gemeente_code "
	"  AND r.indeling_year = w.indeling_year AND r.period = w.period";

/* A buurt's parent is its wijk (bp.area.parent_code follows from the code). */
static const char wijk_sql[] =
	"INSERT INTO bp.indicator_comparison (indicator_id, area_code, indeling_year, period, reference_kind, "
	"  reference_code, reference_period, value, reference_value, difference, relative_difference, gemeente_code) "
	"SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, 'wijk', v.parent_code, v.period, "
	"  v.value, r.value, v.value - r.value, (v.value - r.value) / nullif(abs(r.value), 0), v.gemeente_code "
	"FROM v LEFT JOIN bp.indicator_value r ON r.indicator_id = v.indicator_id AND r.area_code = v.parent_code "
	"  AND r.indeling_year = v.indeling_year AND r.period = v.period "
	"WHERE v.level = 'buurt' AND v.parent_code IS NOT NULL";

/* The previous period with a row for the same indicator, area and indeling. */
static const char change_sql[] =
	"WITH s AS (SELECT iv.indicator_id, iv.area_code, iv.indeling_year, iv.period, iv.value, iv.gemeente_code, "
	"      (iv.ci_high - iv.ci_low) / (2 * 1.959963984540054) AS se, "
	"      lag(iv.period) OVER w AS prev_period, lag(iv.value) OVER w AS prev_value, "
	"      lag((iv.ci_high - iv.ci_low) / (2 * 1.959963984540054)) OVER w AS prev_se "
	"      FROM bp.indicator_value iv "
	"      WINDOW w AS (PARTITION BY iv.indicator_id, iv.area_code, iv.indeling_year ORDER BY iv.period)), "
	"t AS (SELECT s.*, (s.value - s.prev_value) / nullif(sqrt(s.se * s.se + s.prev_se * s.prev_se), 0) AS z "
	"      FROM s WHERE s.prev_period IS NOT NULL) "
	"INSERT INTO bp.indicator_comparison (indicator_id, area_code, indeling_year, period, reference_kind, "
	"  reference_code, reference_period, value, reference_value, difference, relative_difference, "
	"  change_z, significant, gemeente_code) "
	"SELECT t.indicator_id, t.area_code, t.indeling_year, t.period, 'previous_period', t.area_code, t.prev_period, "
	"  t.value, t.prev_value, t.value - t.prev_value, (t.value - t.prev_value) / nullif(abs(t.prev_value), 0), "
	"  t.z, abs(t.z) > 1.959963984540054, t.gemeente_code "
	"FROM t";

/*
 * Similar areas (bp.similar_area, engine/similar.c): the reference value
 * over the area's similar areas in the same indicator, indeling and period.
 * 'pooled' = sum(value x denominator) / sum(denominator) when every similar
 * area with a value has a denominator above 0: for a ratio that is the
 * ratio recomputed from the summed numerators and denominators (value x
 * denominator = numerator x scale), for a published share the
 * base-weighted share; otherwise ('mean') their unweighted mean (composite
 * indices, shares without a base).  z = (value - mean) / population sd of
 * the similar areas' values (at least 2).  reference_code is the area
 * itself: its similar areas are listed in bp.similar_area.
 */
static const char similar_sql[] =
	"WITH g AS (SELECT s.area_code, s.indeling_year, o.indicator_id, o.period, count(o.value) AS n, "
	"      avg(o.value) AS mean, stddev_pop(o.value) AS sd, "
	"      count(o.value) FILTER (WHERE NOT coalesce(o.denominator > 0, false)) AS n_noden, "
	"      sum(o.value * o.denominator) FILTER (WHERE o.denominator > 0) "
	"        / nullif(sum(o.denominator) FILTER (WHERE o.value IS NOT NULL AND o.denominator > 0), 0) AS pooled "
	"    FROM bp.similar_area s "
	"    JOIN bp.indicator_value o ON o.area_code = s.similar_code AND o.indeling_year = s.indeling_year "
	"   GROUP BY s.area_code, s.indeling_year, o.indicator_id, o.period), "
	"h AS (SELECT g.*, CASE WHEN g.n = 0 THEN NULL WHEN g.n_noden = 0 THEN 'pooled' ELSE 'mean' END AS method FROM g) "
	"INSERT INTO bp.indicator_comparison (indicator_id, area_code, indeling_year, period, reference_kind, "
	"  reference_code, reference_period, value, reference_value, difference, relative_difference, n_ranked, "
	"  z_score, not_ranked_reason, gemeente_code, reference_method, reference_n) "
	"SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, 'similar_areas', v.area_code, v.period, v.value, "
	"  x.ref, v.value - x.ref, (v.value - x.ref) / nullif(abs(x.ref), 0), h.n, "
	"  CASE WHEN h.n >= 2 THEN (v.value - h.mean) / nullif(h.sd, 0) END, "
	"  CASE WHEN v.value IS NULL THEN coalesce(v.suppressed_reason, 'not_published') "
	"       WHEN h.n < 2 THEN 'too_few_areas' END, "
	"  v.gemeente_code, h.method, h.n "
	"FROM bp.indicator_value v JOIN h USING (area_code, indeling_year, indicator_id, period) "
	"CROSS JOIN LATERAL (SELECT CASE h.method WHEN 'pooled' THEN h.pooled WHEN 'mean' THEN h.mean END AS ref) x";

/*
 * The custom reference (bp.custom_reference, compute --reference): the
 * area's gemeente's own choice, else the one for every area ('*'); never the
 * area itself.  The reference area's own value, same indeling and period.
 */
static const char custom_sql[] =
	"INSERT INTO bp.indicator_comparison (indicator_id, area_code, indeling_year, period, reference_kind, "
	"  reference_code, reference_period, value, reference_value, difference, relative_difference, gemeente_code) "
	"SELECT v.indicator_id, v.area_code, v.indeling_year, v.period, 'custom', cr.reference_code, v.period, v.value, "
	"  r.value, v.value - r.value, (v.value - r.value) / nullif(abs(r.value), 0), v.gemeente_code "
	"FROM bp.indicator_value v "
	"CROSS JOIN LATERAL (SELECT c.reference_code FROM bp.custom_reference c "
	"                     WHERE c.scope = v.gemeente_code OR c.scope = '*' ORDER BY c.scope = '*' LIMIT 1) cr "
	"LEFT JOIN bp.indicator_value r ON r.indicator_id = v.indicator_id AND r.area_code = cr.reference_code "
	"  AND r.indeling_year = v.indeling_year AND r.period = v.period "
	"WHERE cr.reference_code <> v.area_code";

bp_rc bp_custom_references_store(PGconn *conn, const char *const *scopes, const char *const *codes, size_t n,
                                 bp_error *err)
{
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		return rc;
	if ((rc = bp_pg_exec(conn, "DELETE FROM bp.custom_reference", err)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		PGresult *r = NULL;
		const char *p[] = { codes[i] };
		if ((rc = bp_pg_query(conn, "SELECT 1 FROM bp.area WHERE code = $1 LIMIT 1", 1, p, &r, err)))
			goto out;
		int found = PQntuples(r) > 0;
		PQclear(r);
		if (!found) {
			rc = bp_fail(err, BP_ERR_NOT_FOUND, "reference area '%s' is not in the database", codes[i]);
			bp_error_hint(err, "a reference is the code of an area in bp.area: a gemeente (GM0402), wijk, buurt, "
			              "NL00, or a custom area (CU + its id)");
			goto out;
		}
		const char *q[] = { scopes[i] ? scopes[i] : "*", codes[i] };
		if ((rc = bp_pg_query(conn, "INSERT INTO bp.custom_reference (scope, reference_code) VALUES ($1, $2) "
		                            "ON CONFLICT (scope) DO UPDATE SET reference_code = EXCLUDED.reference_code",
		                      2, q, NULL, err)))
			goto out;
	}
	return bp_pg_exec(conn, "COMMIT", err);
out:
	bp_pg_rollback(conn);
	return rc;
}

/*
 * What the comparisons are made of.  computed_at changes whenever compute
 * or composite.c rewrites an indicator's values (and only then), built_at
 * whenever the similar areas are rebuilt; the constants of this file are
 * part of it too (in C, see fingerprint()).
 */
static const char basis_sql[] =
	"SELECT coalesce((SELECT string_agg(i.id || ':' || i.definition_hash || ':' || coalesce(i.inputs_fingerprint, '') "
	"                   || ':' || coalesce(extract(epoch FROM i.computed_at)::text, ''), ',' ORDER BY i.id) "
	"                   FROM bp.indicator i), '') "
	"    || ';' || coalesce((SELECT b.fingerprint || ':' || extract(epoch FROM b.built_at)::text "
	"                          FROM bp.similar_area_basis b), '') "
	"    || ';' || coalesce((SELECT string_agg(c.scope || '=' || c.reference_code, ',' ORDER BY c.scope) "
	"                          FROM bp.custom_reference c), '')";

static bp_rc fingerprint(PGconn *conn, char hex[65], bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, basis_sql, 0, NULL, &r, err);
	if (rc)
		return rc;
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "compare v1;min=%d;bound=%.17g;%s", BP_COMPARE_MIN_GEMEENTE_AREAS, BP_COMPARE_WORST_DECILE,
	              PQgetvalue(r, 0, 0));
	bp_sha256_hex(b.data, b.len, hex);
	bp_buf_release(&b);
	PQclear(r);
	return BP_OK;
}

/*
 * The whole table is rewritten: TRUNCATE instead of DELETE (no dead rows
 * to scan or vacuum), and the primary key and the gemeente index are
 * dropped before the 1.5 million rows of all of Nederland are written and
 * built once afterwards (a sorted build instead of a btree insertion per
 * row and index).  Readers wait for the COMMIT instead of seeing the old
 * rows meanwhile (TRUNCATE and ALTER TABLE take the table's exclusive lock).
 */
static bp_rc rebuild(PGconn *conn, const char *fp, bp_compare_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	char minn[16], bound[32];
	/* Each statement with the parameters it uses: PostgreSQL must know every $n's type. */
	const struct { const char *head, *body; int nparams; const char *p[2]; } parts[] = {
		{ common_sql, land_sql, 1, { bound, NULL } },
		{ common_sql, gemeente_sql, 2, { minn, bound } },
		{ common_sql, wijk_sql, 0, { NULL, NULL } },
		{ "", change_sql, 0, { NULL, NULL } },
		{ "", similar_sql, 0, { NULL, NULL } },
		{ "", custom_sql, 0, { NULL, NULL } },
	};
	char sql[8192];

	res->rows = 0;
	res->flagged = 0;
	res->unchanged = 0;
	snprintf(minn, sizeof(minn), "%d", BP_COMPARE_MIN_GEMEENTE_AREAS);
	snprintf(bound, sizeof(bound), "%.17g", BP_COMPARE_WORST_DECILE);
	/*
	 * The statements join sets of tens of thousands of rows on several
	 * columns; PostgreSQL estimates such CTE joins at a handful of rows and
	 * then nests loops (measured on all of Nederland: the gemeente statement
	 * ran over 9 minutes).  Whole-table statements never want a nested loop,
	 * nor JIT compilation (a few hundred ms per statement for plans that run
	 * once), and they sort more than the default 4 MB.
	 */
	if ((rc = bp_pg_exec(conn, "SET LOCAL enable_nestloop = off", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL jit = off", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL work_mem = '64MB'", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL maintenance_work_mem = '256MB'", err)) ||
	    (rc = bp_pg_exec(conn, "TRUNCATE bp.indicator_comparison", err)) ||
	    (rc = bp_pg_exec(conn, "ALTER TABLE bp.indicator_comparison DROP CONSTRAINT indicator_comparison_pkey", err)) ||
	    (rc = bp_pg_exec(conn, "DROP INDEX bp.indicator_comparison_gemeente_idx", err)) ||
	    (rc = bp_pg_exec(conn, values_sql, err)) ||
	    (rc = bp_pg_exec(conn, "ANALYZE _bp_compare_v", err)))
		return rc;
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		int n = snprintf(sql, sizeof(sql), "%s%s", parts[i].head, parts[i].body);
		if (n < 0 || (size_t)n >= sizeof(sql))
			return bp_fail(err, BP_ERR_INTERNAL, "comparison statement longer than its buffer");
		if ((rc = bp_pg_query(conn, sql, parts[i].nparams, parts[i].p, &r, err)))
			return rc;
		res->rows += atol(PQcmdTuples(r));
		PQclear(r);
		r = NULL;
	}
	/* The same key and index as sql/007 created: a duplicate is a bug in a statement above. */
	if ((rc = bp_pg_exec(conn, "ALTER TABLE bp.indicator_comparison ADD CONSTRAINT indicator_comparison_pkey "
	                           "PRIMARY KEY (indicator_id, area_code, indeling_year, period, reference_kind)", err)) ||
	    (rc = bp_pg_exec(conn, "CREATE INDEX indicator_comparison_gemeente_idx ON bp.indicator_comparison "
	                           "(gemeente_code, period)", err)) ||
	    (rc = bp_pg_exec(conn, "DROP TABLE _bp_compare_v", err)))
		return rc;
	if ((rc = bp_pg_query(conn, "SELECT count(*) FROM bp.indicator_comparison "
	                            "WHERE reference_kind = 'land' AND worst_decile", 0, NULL, &r, err)))
		return rc;
	res->flagged = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (!fp)
		return bp_pg_exec(conn, "DELETE FROM bp.comparison_basis", err);
	char rows[32], flagged[32];
	snprintf(rows, sizeof(rows), "%ld", res->rows);
	snprintf(flagged, sizeof(flagged), "%ld", res->flagged);
	const char *p[] = { fp, rows, flagged };
	return bp_pg_query(conn, "INSERT INTO bp.comparison_basis (id, fingerprint, n_rows, n_flagged) "
	                         "VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
	                         "n_rows = EXCLUDED.n_rows, n_flagged = EXCLUDED.n_flagged, built_at = now()",
	                   3, p, NULL, err);
}

static bp_rc compare(PGconn *conn, int check, int force, bp_compare_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	char fp[65];

	memset(res, 0, sizeof(*res));
	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		return rc;
	/* One writer at a time. */
	if ((rc = bp_pg_exec(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.indicator_comparison', 0))", err)) ||
	    (rc = fingerprint(conn, fp, err)))
		goto out;
	if (check && !force) {
		const char *p[] = { fp };
		if ((rc = bp_pg_query(conn, "SELECT n_rows, n_flagged FROM bp.comparison_basis WHERE fingerprint = $1",
		                      1, p, &r, err)))
			goto out;
		if (PQntuples(r) > 0) {
			res->unchanged = 1;
			res->rows = atol(PQgetvalue(r, 0, 0));
			res->flagged = atol(PQgetvalue(r, 0, 1));
			PQclear(r);
			return bp_pg_exec(conn, "COMMIT", err);
		}
		PQclear(r);
	}
	/* Built by hand (bp_compare_indicators): the next check builds again. */
	if ((rc = rebuild(conn, check ? fp : NULL, res, err)))
		goto out;
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	return rc;
}

bp_rc bp_compare_indicators(PGconn *conn, bp_compare_result *res, bp_error *err)
{
	return compare(conn, 0, 1, res, err);
}

bp_rc bp_compare_indicators_changed(PGconn *conn, int force, bp_compare_result *res, bp_error *err)
{
	return compare(conn, 1, force, res, err);
}
