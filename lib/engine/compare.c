/*
 * compare.c: the ranks behind the view bp.indicator_comparison (sql/014),
 * from bp.indicator_value, set-based.
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
#include "db/bulkindex.h"
#include "db/pgutil.h"

/*
 * v: every value with what ranking needs and nothing else, as a temporary
 * table that is ANALYZEd once (se: the standard error from the 95%
 * interval, for the change's z-test).  The rank statement partitions and
 * sorts by integers numbering the indicators (i), areas (a), periods (p, in
 * text order) and gemeenten instead of by the text keys, and carries no
 * text through its windows: sorting 440,000 rows by four text columns took
 * about 1 s per sort on all of Nederland, and every window stores each row
 * it passes.  The keys are joined back by number when the ranks are
 * written.  gid numbers the area's gemeente in bp.area, which is where every
 * writer of bp.indicator_value takes its gemeente_code from (compute.c,
 * composite.c).  lp is one number for indicator, level, indeling and
 * period (a land distribution; lyno numbers level x indeling, and both it
 * and per stay far below 2^20), ia one for indicator and area: the windows
 * partition on them instead of on four or two columns, most of them equal
 * between neighbours in the sort (the rank statement 2.8 -> 2.6 s).
 */
static const char areas_sql[] =
	"CREATE TEMP TABLE _bp_compare_a ON COMMIT DROP AS "
	"SELECT a.code, a.indeling_year, a.level, a.parent_code, (row_number() OVER ())::int AS aid, "
	"    CASE WHEN a.gemeente_code IS NOT NULL THEN dense_rank() OVER (ORDER BY a.gemeente_code) END AS gid, "
	"    dense_rank() OVER (ORDER BY a.level, a.indeling_year) AS lyno "
	"  FROM bp.area a";

static const char indicators_sql[] =
	"CREATE TEMP TABLE _bp_compare_i ON COMMIT DROP AS "
	"SELECT i.id, i.polarity, (row_number() OVER ())::int AS ind FROM bp.indicator i";

static const char periods_sql[] =
	"CREATE TEMP TABLE _bp_compare_p ON COMMIT DROP AS "
	"SELECT x.period, (row_number() OVER (ORDER BY x.period))::int AS per "
	"  FROM (SELECT DISTINCT period FROM bp.indicator_value) x";

static const char values_sql[] =
	"CREATE TEMP TABLE _bp_compare_v ON COMMIT DROP AS "
	"SELECT ii.ind, a.aid, pi.per, a.gid, ii.polarity = 'neutral' AS neutral, iv.value, iv.denominator, "
	"    a.level IN ('wijk', 'buurt', 'custom') AND a.gid IS NOT NULL AS in_gemeente, "
	"    CASE WHEN ii.polarity = 'higher-is-better' THEN -iv.value ELSE iv.value END AS need, "
	"    (iv.ci_high - iv.ci_low) / (2 * 1.959963984540054) AS se, "
	"    (ii.ind::bigint * 1048576 + a.lyno) * 1048576 + pi.per AS lp, "
	"    ii.ind::bigint * 4294967296 + a.aid AS ia "
	"  FROM bp.indicator_value iv "
	"  JOIN _bp_compare_a a ON a.code = iv.area_code AND a.indeling_year = iv.indeling_year "
	"  JOIN _bp_compare_i ii ON ii.id = iv.indicator_id "
	"  JOIN _bp_compare_p pi ON pi.period = iv.period "
	" WHERE $1::text[] IS NULL OR iv.indicator_id = ANY($1::text[])";

/* The similar areas by number. */
static const char similar_pairs_sql[] =
	"CREATE TEMP TABLE _bp_compare_s ON COMMIT DROP AS "
	"SELECT a1.aid, a2.aid AS similar_aid FROM bp.similar_area s "
	"  JOIN _bp_compare_a a1 ON a1.code = s.area_code AND a1.indeling_year = s.indeling_year "
	"  JOIN _bp_compare_a a2 ON a2.code = s.similar_code AND a2.indeling_year = s.indeling_year";

/*
 * One row of bp.comparison_rank per value (sql/014: the view
 * bp.indicator_comparison adds values, reference values and differences by
 * joins), in one statement of window functions over v.
 *
 * Land and gemeente: count, mean, sd and percent_rank per distribution
 * (joining grouped CTEs back onto v made PostgreSQL misestimate every join
 * and took over 9 minutes on all of Nederland; windows take a fraction of a
 * second).  percent_rank is taken within the values that exist (the
 * partition is split on value IS NULL), so N is the number of published
 * values.  Level is in every partition, so the areas of the levels that get
 * no land or gemeente row do not enter the other levels' distributions.
 * $1 the minimum number of areas within a gemeente, $2 the worst-decile
 * bound.
 *
 * Change: the previous period with a row for the same indicator, area and
 * indeling (text order of period), z = difference / sqrt(se^2 + se_prev^2).
 *
 * Similar areas (bp.similar_area, engine/similar.c): the reference value
 * over the area's similar areas in the same indicator, indeling and period.
 * 'pooled' = sum(value x denominator) / sum(denominator) when every similar
 * area with a value has a denominator above 0: for a ratio that is the
 * ratio recomputed from the summed numerators and denominators (value x
 * denominator = numerator x scale), for a published share the
 * base-weighted share; otherwise ('mean') their unweighted mean (composite
 * indices, shares without a base).  z = (value - mean) / population sd of
 * the similar areas' values (at least 2).  A value gets a similar_areas row
 * when one of its similar areas has a row for the indicator and period.
 */
static const char rank_sql[] =
	"WITH w AS (SELECT v.*, "
	"      count(v.value) OVER l AS l_n, avg(v.value) OVER l AS l_mean, stddev_pop(v.value) OVER l AS l_sd, "
	"      percent_rank() OVER (PARTITION BY v.lp, v.value IS NULL ORDER BY v.need) AS l_pct, "
	"      count(v.value) OVER g AS g_n, avg(v.value) OVER g AS g_mean, stddev_pop(v.value) OVER g AS g_sd, "
	"      percent_rank() OVER (PARTITION BY v.lp, v.gid, v.value IS NULL ORDER BY v.need) AS g_pct, "
	"      lag(v.per) OVER p AS prev_per, lag(v.value) OVER p AS prev_value, lag(v.se) OVER p AS prev_se "
	"      FROM _bp_compare_v v "
	"      WINDOW l AS (PARTITION BY v.lp), g AS (PARTITION BY v.lp, v.gid), "
	"             p AS (PARTITION BY v.ia ORDER BY v.per)), "
	"h AS (SELECT s.aid, o.ind, o.per, count(o.value) AS n, "
	"      avg(o.value) AS mean, stddev_pop(o.value) AS sd, "
	"      count(o.value) FILTER (WHERE NOT coalesce(o.denominator > 0, false)) AS n_noden, "
	"      sum(o.value * o.denominator) FILTER (WHERE o.denominator > 0) "
	"        / nullif(sum(o.denominator) FILTER (WHERE o.value IS NOT NULL AND o.denominator > 0), 0) AS pooled "
	"    FROM _bp_compare_s s "
	"    JOIN _bp_compare_v o ON o.aid = s.similar_aid "
	"   GROUP BY s.aid, o.ind, o.per), "
	"hm AS (SELECT h.*, CASE WHEN h.n = 0 THEN NULL WHEN h.n_noden = 0 THEN 'pooled' ELSE 'mean' END AS method "
	"      FROM h) "
	"INSERT INTO bp.comparison_rank (indicator_id, area_code, indeling_year, period, level, "
	"  land_n, land_z, land_pct, land_flag, gemeente_n, gemeente_z, gemeente_pct, gemeente_flag, "
	"  prev_period, change_z, similar_n, similar_z, similar_ref, similar_method) "
	"SELECT ii.id, a.code, a.indeling_year, pp.period, a.level, "
	"  w.l_n, "
	"  CASE WHEN w.l_n >= 2 THEN (w.value - w.l_mean) / nullif(w.l_sd, 0) END, "
	"  CASE WHEN w.l_n >= 2 AND w.value IS NOT NULL THEN w.l_pct END, "
	"  CASE WHEN w.l_n >= 2 AND w.value IS NOT NULL AND NOT w.neutral THEN w.l_pct >= $2::float8 END, "
	"  CASE WHEN w.in_gemeente THEN w.g_n END, "
	"  CASE WHEN w.in_gemeente AND w.g_n >= $1::int THEN (w.value - w.g_mean) / nullif(w.g_sd, 0) END, "
	"  CASE WHEN w.in_gemeente AND w.g_n >= $1::int AND w.value IS NOT NULL THEN w.g_pct END, "
	"  CASE WHEN w.in_gemeente AND w.g_n >= $1::int AND w.value IS NOT NULL AND NOT w.neutral "
	"       THEN w.g_pct >= $2::float8 END, "
	"  pv.period, "
	"  (w.value - w.prev_value) / nullif(sqrt(w.se * w.se + w.prev_se * w.prev_se), 0), "
	"  hm.n, CASE WHEN hm.n >= 2 THEN (w.value - hm.mean) / nullif(hm.sd, 0) END, "
	"  CASE hm.method WHEN 'pooled' THEN hm.pooled WHEN 'mean' THEN hm.mean END, hm.method "
	"FROM w JOIN _bp_compare_i ii ON ii.ind = w.ind JOIN _bp_compare_a a ON a.aid = w.aid "
	"JOIN _bp_compare_p pp ON pp.per = w.per LEFT JOIN _bp_compare_p pv ON pv.per = w.prev_per "
	"LEFT JOIN hm ON hm.aid = w.aid AND hm.ind = w.ind AND hm.per = w.per";

/*
 * The rows of the view, by kind, and the worst-decile flags: from the ranks,
 * the custom rows only when there is a custom reference (the view's custom
 * branch looks one up for every value), plus the buurten with a wijk among
 * the values ($1, counted where the values are numbered: buurt_rows_sql).
 */
static const char count_sql[] =
	"SELECT (SELECT count(*) FILTER (WHERE level <> 'land') + count(gemeente_n) + count(prev_period) "
	"             + count(similar_n) FROM bp.comparison_rank) + $1::bigint "
	"     + (SELECT count(*) FROM bp.indicator_comparison "
	"         WHERE reference_kind = 'custom' AND EXISTS (SELECT 1 FROM bp.custom_reference)), "
	"       (SELECT count(*) FROM bp.comparison_rank WHERE level <> 'land' AND land_flag)";

static const char buurt_rows_sql[] =
	"SELECT count(*) FROM _bp_compare_v v JOIN _bp_compare_a a ON a.aid = v.aid "
	" WHERE a.level = 'buurt' AND a.parent_code IS NOT NULL";

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
	bp_buf_printf(&b, "compare v2;min=%d;bound=%.17g;%s", BP_COMPARE_MIN_GEMEENTE_AREAS, BP_COMPARE_WORST_DECILE,
	              PQgetvalue(r, 0, 0));
	bp_sha256_hex(b.data, b.len, hex);
	bp_buf_release(&b);
	PQclear(r);
	return BP_OK;
}

/*
 * The ranks of the values of the indicators in ids (a text[] literal; NULL:
 * all), inserted into bp.comparison_rank in the caller's transaction;
 * *buurt_rows: their buurten with a wijk (count_sql).  The ranks of one
 * indicator depend on its own values only (every window partitions on it,
 * the similar areas' reference is per indicator), so the indicators can be
 * ranked in parts, on two connections (bp_compare_part).
 */
static bp_rc rank_values(PGconn *conn, const char *ids, long *buurt_rows, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	char minn[16], bound[32];
	const char *p[] = { minn, bound };
	const char *f[] = { ids };

	snprintf(minn, sizeof(minn), "%d", BP_COMPARE_MIN_GEMEENTE_AREAS);
	snprintf(bound, sizeof(bound), "%.17g", BP_COMPARE_WORST_DECILE);
	/*
	 * The statement joins sets of tens of thousands of rows on several
	 * columns; PostgreSQL estimates such joins at a handful of rows and then
	 * nests loops (measured on all of Nederland: the gemeente statement of
	 * 012 ran over 9 minutes).  A whole-table statement never wants a nested
	 * loop, nor JIT compilation (a few hundred ms for a plan that runs
	 * once), and its sorts and hashes fit in memory at 256 MB (about 75 MB each).
	 */
	if ((rc = bp_pg_exec(conn, "SET LOCAL enable_nestloop = off", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL jit = off", err)) ||
	    (rc = bp_pg_exec(conn, "SET LOCAL work_mem = '256MB'", err)) ||
	    (rc = bp_pg_exec(conn, areas_sql, err)) ||
	    (rc = bp_pg_exec(conn, indicators_sql, err)) ||
	    (rc = bp_pg_exec(conn, periods_sql, err)) ||
	    /* Unanalysed, the periods were estimated at 1,270 rows and the values
	     * sorted for a merge join on them (0.6 s instead of 0.3 s). */
	    (rc = bp_pg_exec(conn, "ANALYZE _bp_compare_a, _bp_compare_i, _bp_compare_p", err)) ||
	    (rc = bp_pg_query(conn, values_sql, 1, f, NULL, err)) ||
	    (rc = bp_pg_exec(conn, similar_pairs_sql, err)) ||
	    (rc = bp_pg_exec(conn, "ANALYZE _bp_compare_v", err)) ||
	    (rc = bp_pg_exec(conn, "ANALYZE _bp_compare_s", err)) ||
	    (rc = bp_pg_query(conn, rank_sql, 2, p, NULL, err)) ||
	    (rc = bp_pg_query(conn, buurt_rows_sql, 0, NULL, &r, err)))
		return rc;
	*buurt_rows = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return bp_pg_exec(conn, "DROP TABLE _bp_compare_v, _bp_compare_s, _bp_compare_a, _bp_compare_i, _bp_compare_p", err);
}

/*
 * The whole table is rewritten: TRUNCATE instead of DELETE (no dead rows
 * to scan or vacuum), and the primary key is dropped before the rows are
 * written and built once afterwards (a sorted build instead of a btree
 * insertion per row).
 */
/* The key sql/014 made (bulkindex.h); a duplicate is a bug in rank_sql. */
static const bp_bulk_table rank_key = {
	"bp.comparison_rank", { "comparison_rank_pkey", "indicator_id, area_code, indeling_year, period" }, NULL, 0
};

static bp_rc empty_ranks(PGconn *conn, bp_error *err)
{
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "TRUNCATE bp.comparison_rank", err)) ||
	    (rc = bp_pg_exec(conn, "DELETE FROM bp.comparison_basis", err)))
		return rc;
	return bp_bulk_drop_indexes(conn, &rank_key, err);
}

/* After the ranks are written: the key, statistics, counts and the basis (fp; NULL: none, built by hand). */
static bp_rc finish_ranks(PGconn *conn, const char *fp, long buurt_rows, bp_compare_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	char buurten[32];
	const char *c[] = { buurten };
	snprintf(buurten, sizeof(buurten), "%ld", buurt_rows);
	if ((rc = bp_bulk_build_indexes_here(conn, &rank_key, err)) ||
	    (rc = bp_bulk_attach_key(conn, &rank_key, err)) ||
	    (rc = bp_pg_exec(conn, "ANALYZE bp.comparison_rank", err)) ||
	    (rc = bp_pg_query(conn, count_sql, 1, c, &r, err)))
		return rc;
	res->rows = atol(PQgetvalue(r, 0, 0));
	res->flagged = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	if (!fp)
		return BP_OK;
	char rows[32], flagged[32];
	snprintf(rows, sizeof(rows), "%ld", res->rows);
	snprintf(flagged, sizeof(flagged), "%ld", res->flagged);
	const char *q[] = { fp, rows, flagged };
	return bp_pg_query(conn, "INSERT INTO bp.comparison_basis (id, fingerprint, n_rows, n_flagged) "
	                         "VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
	                         "n_rows = EXCLUDED.n_rows, n_flagged = EXCLUDED.n_flagged, built_at = now()",
	                   3, q, NULL, err);
}

/* Readers wait for the COMMIT instead of seeing the old rows meanwhile
 * (TRUNCATE and ALTER TABLE take the table's exclusive lock). */
static bp_rc rebuild(PGconn *conn, const char *fp, bp_compare_result *res, bp_error *err)
{
	long buurt_rows = 0;
	bp_rc rc;
	res->rows = 0;
	res->flagged = 0;
	res->unchanged = 0;
	if ((rc = empty_ranks(conn, err)) ||
	    (rc = rank_values(conn, NULL, &buurt_rows, err)))
		return rc;
	return finish_ranks(conn, fp, buurt_rows, res, err);
}

/*
 * In the caller's transaction, after the writers' lock: the fingerprint of
 * what the comparisons would be made of, and *current = 1 (res filled from
 * the basis) when the stored ones are made of it and check && !force.
 */
static bp_rc basis_check(PGconn *conn, int check, int force, char fp[65], int *current, bp_compare_result *res,
                         bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	*current = 0;
	if ((rc = fingerprint(conn, fp, err)) || !check || force)
		return rc;
	const char *p[] = { fp };
	if ((rc = bp_pg_query(conn, "SELECT n_rows, n_flagged FROM bp.comparison_basis WHERE fingerprint = $1",
	                      1, p, &r, err)))
		return rc;
	if (PQntuples(r) > 0) {
		*current = 1;
		res->unchanged = 1;
		res->rows = atol(PQgetvalue(r, 0, 0));
		res->flagged = atol(PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return BP_OK;
}

static bp_rc compare(PGconn *conn, int check, int force, bp_compare_result *res, bp_error *err)
{
	bp_rc rc;
	char fp[65];
	int current = 0;

	memset(res, 0, sizeof(*res));
	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		return rc;
	/* One writer at a time. */
	if ((rc = bp_pg_exec(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.indicator_comparison', 0))", err)) ||
	    (rc = basis_check(conn, check, force, fp, &current, res, err)))
		goto out;
	/* Built by hand (bp_compare_indicators): the next check builds again. */
	if (!current && (rc = rebuild(conn, check ? fp : NULL, res, err)))
		goto out;
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	return rc;
}

/* ---- in two parts (pipeline.c) ---------------------------------------------- */

static const char lock_sql[] = "SELECT pg_advisory_lock(hashtextextended('bp.indicator_comparison', 0))";
static const char unlock_sql[] = "SELECT pg_advisory_unlock(hashtextextended('bp.indicator_comparison', 0))";

/* An element of a text[] literal, quoted (ids are [a-z0-9_], but a literal must not depend on it). */
static void add_element(bp_buf *b, const char *id)
{
	bp_buf_adds(b, b->len > 1 ? ",\"" : "\"");
	for (const char *c = id; *c; c++) {
		if (*c == '"' || *c == '\\')
			bp_buf_addc(b, '\\');
		bp_buf_addc(b, *c);
	}
	bp_buf_addc(b, '"');
}

/*
 * The indicators in two parts of about the same number of values (the
 * ranks' work grows with them): the largest first, each to the lighter part.
 */
static bp_rc split_indicators(PGconn *conn, bp_compare_split *s, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, "SELECT indicator_id, count(*) FROM bp.indicator_value GROUP BY indicator_id "
	                             "ORDER BY count(*) DESC, indicator_id", 0, NULL, &r, err);
	if (rc)
		return rc;
	bp_buf b[2];
	long load[2] = { 0, 0 };
	for (int i = 0; i < 2; i++) {
		bp_buf_init(&b[i]);
		bp_buf_addc(&b[i], '{');
	}
	for (int i = 0; i < PQntuples(r); i++) {
		int to = load[1] < load[0];
		add_element(&b[to], PQgetvalue(r, i, 0));
		load[to] += atol(PQgetvalue(r, i, 1));
	}
	PQclear(r);
	for (int i = 0; i < 2; i++) {
		bp_buf_addc(&b[i], '}');
		s->ids[i] = bp_buf_detach(&b[i], NULL);
	}
	return BP_OK;
}

static void split_free(bp_compare_split *s)
{
	for (int i = 0; i < 2; i++) {
		free(s->ids[i]);
		s->ids[i] = NULL;
	}
}

bp_rc bp_compare_split_begin(PGconn *conn, int force, bp_compare_split *s, bp_compare_result *res, bp_error *err)
{
	bp_rc rc;
	int current = 0;
	memset(s, 0, sizeof(*s));
	memset(res, 0, sizeof(*res));
	/* Held by this session until bp_compare_split_end: the parts are other transactions. */
	if ((rc = bp_pg_exec(conn, lock_sql, err)))
		return rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = basis_check(conn, 1, force, s->fp, &current, res, err)))
		goto fail;
	if (!current && ((rc = empty_ranks(conn, err)) || (rc = split_indicators(conn, s, err))))
		goto fail;
	if ((rc = bp_pg_exec(conn, "COMMIT", err)))
		goto fail;
	s->rebuild = !current;
	s->locked = 1;
	return BP_OK;
fail:
	bp_pg_rollback(conn);
	split_free(s);
	bp_pg_exec(conn, unlock_sql, NULL);
	return rc;
}

bp_rc bp_compare_part(PGconn *conn, bp_compare_split *s, int part, bp_error *err)
{
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = rank_values(conn, s->ids[part], &s->buurt_rows[part], err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		bp_pg_rollback(conn);
	return rc;
}

bp_rc bp_compare_split_end(PGconn *conn, bp_compare_split *s, bp_rc rc, bp_compare_result *res, bp_error *err)
{
	if (s->rebuild && rc == BP_OK) {
		if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
		    (rc = finish_ranks(conn, s->fp, s->buurt_rows[0] + s->buurt_rows[1], res, err)) ||
		    (rc = bp_pg_exec(conn, "COMMIT", err)))
			bp_pg_rollback(conn);
	}
	if (s->rebuild && rc != BP_OK) {
		/* No half of the ranks without a basis: empty, with the key (a next compare builds them). */
		bp_error scratch = { 0 };
		if (bp_pg_exec(conn, "BEGIN", &scratch) || bp_pg_exec(conn, "TRUNCATE bp.comparison_rank", &scratch) ||
		    bp_bulk_build_indexes_here(conn, &rank_key, &scratch) || bp_bulk_attach_key(conn, &rank_key, &scratch) ||
		    bp_pg_exec(conn, "COMMIT", &scratch))
			bp_pg_rollback(conn);
	}
	if (s->locked)
		bp_pg_exec(conn, unlock_sql, NULL);
	split_free(s);
	s->rebuild = s->locked = 0;
	return rc;
}

bp_rc bp_compare_is_current(PGconn *conn, int *current, bp_error *err)
{
	char fp[65];
	PGresult *r = NULL;
	*current = 0;
	bp_rc rc = fingerprint(conn, fp, err);
	if (rc)
		return rc;
	const char *p[] = { fp };
	if ((rc = bp_pg_query(conn, "SELECT 1 FROM bp.comparison_basis WHERE fingerprint = $1", 1, p, &r, err)))
		return rc;
	*current = PQntuples(r) > 0;
	PQclear(r);
	return BP_OK;
}

bp_rc bp_compare_indicators(PGconn *conn, bp_compare_result *res, bp_error *err)
{
	return compare(conn, 0, 1, res, err);
}

bp_rc bp_compare_indicators_changed(PGconn *conn, int force, bp_compare_result *res, bp_error *err)
{
	return compare(conn, 1, force, res, err);
}
