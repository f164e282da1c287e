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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "db/bulkindex.h"
#include "db/pgutil.h"
#include "engine/compare_rank.h"

/*
 * The rows of the view beside those of the ranks (counted as written,
 * bp_rank_counts): the custom rows, only when there is a custom reference
 * (the view's custom branch looks one up for every value).
 */
static const char count_sql[] =
	"SELECT count(*) FROM bp.indicator_comparison "
	" WHERE reference_kind = 'custom' AND EXISTS (SELECT 1 FROM bp.custom_reference)";

double bp_change_se(double ci_low, double ci_high)
{
	return (ci_high - ci_low) / (2 * BP_CHANGE_Z_CRITICAL);
}

int bp_change_z(double v, double se_v, double p, double se_p, double *z)
{
	double s2 = se_v * se_v + se_p * se_p;
	if (isnan(s2) || s2 == 0)
		return 0;
	*z = (v - p) / sqrt(s2);
	return 1;
}

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
	bp_buf_printf(&b, "compare v3;min=%d;rank_min=%d;bound=%.17g;%s", BP_COMPARE_MIN_GEMEENTE_AREAS,
	              BP_COMPARE_MIN_DECILE_AREAS, BP_COMPARE_WORST_DECILE, PQgetvalue(r, 0, 0));
	bp_sha256_hex(b.data, b.len, hex);
	bp_buf_release(&b);
	PQclear(r);
	return BP_OK;
}

/*
 * The whole table is rewritten: TRUNCATE instead of DELETE (no dead rows
 * to scan or vacuum), and the primary key is dropped before the rows are
 * written and built once afterwards (a sorted build instead of a btree
 * insertion per row).
 */
/* The key sql/014 made (bulkindex.h); a duplicate is a bug in compare_rank.c. */
static const bp_bulk_table rank_key = {
	"bp.comparison_rank", { "comparison_rank_pkey", "indicator_id, area_code, indeling_year, period" }, NULL, 0
};

static bp_rc empty_ranks(PGconn *conn, bp_error *err)
{
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "TRUNCATE bp.comparison_rank, bp.comparison_scope", err)) ||
	    (rc = bp_pg_exec(conn, "DELETE FROM bp.comparison_basis", err)))
		return rc;
	return bp_bulk_drop_indexes(conn, &rank_key, err);
}

/* ANALYZE bp.area when it has no statistics or rows changed since (as far
 * as the cumulative statistics know: another process's changes are in them
 * once it ended). */
static const char analyze_areas_sql[] =
	"DO $$BEGIN "
	"  IF NOT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = 'bp' AND tablename = 'area') "
	"     OR coalesce((SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relid = 'bp.area'::regclass), 1) > 0 "
	"  THEN ANALYZE bp.area; END IF; END$$";

/* After the ranks are written: the key, statistics, counts and the basis (fp; NULL: none, built by hand). */
static bp_rc finish_ranks(PGconn *conn, const char *fp, bp_rank_counts counts, int values_apart,
                          bp_compare_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	if ((rc = bp_bulk_build_indexes_here(conn, &rank_key, err)) ||
	    (rc = bp_bulk_attach_key(conn, &rank_key, err)) ||
	    /* The values and areas too: a reader's plan over the comparison view
	     * (serve's values, a profile) without their statistics hashed the
	     * whole view per row until autovacuum came by (7.7 s instead of
	     * 30 ms for one gemeente's values after a first compute).  Compute
	     * does not write the areas: their statistics only when they have
	     * none or the areas changed since (all of Nederland: 0.1 s). */
	    (rc = bp_pg_exec(conn, values_apart ? "ANALYZE bp.comparison_rank"
	                                        : "ANALYZE bp.comparison_rank, bp.indicator_value", err)) ||
	    (rc = bp_pg_exec(conn, analyze_areas_sql, err)) ||
	    (rc = bp_pg_query(conn, count_sql, 0, NULL, &r, err)))
		return rc;
	long custom = 0;
	rc = bp_pg_long(r, 0, 0, &custom, err);
	PQclear(r);
	if (rc)
		return rc;
	res->rows = counts.rows + custom;
	res->flagged = counts.flagged;
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
	bp_rank_counts counts;
	bp_rc rc;
	res->rows = 0;
	res->flagged = 0;
	res->unchanged = 0;
	if ((rc = empty_ranks(conn, err)) ||
	    (rc = bp_compare_rank_values(conn, NULL, NULL, NULL, NULL, &counts, err)))
		return rc;
	return finish_ranks(conn, fp, counts, 0, res, err);
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
		if ((rc = bp_pg_long(r, 0, 0, &res->rows, err)) || (rc = bp_pg_long(r, 0, 1, &res->flagged, err))) {
			PQclear(r);
			return rc;
		}
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
 * ranks' work grows with them), each a range of ids: the first part's ids
 * all before the second's, so that with the parts' rows written one after
 * the other (turns, below), each in the key's order, the key's build finds
 * the whole table sorted (all of Nederland: 0.63 s of the server's CPU
 * for the build of rows from parts written at the same time, ~0.26 s for
 * sorted rows).  The split is where the first part's count comes closest
 * to half.
 *
 * Every indicator is listed (bp.indicator: every writer of values upserts
 * its indicator's row first, and deleting an indicator deletes its values,
 * sql/014); one without values matches nothing in its part.  The counts only
 * balance the parts (an indicator's ranks are the same in either), so over
 * a large table they are counted on a sample of its pages: counting every
 * value of all of Nederland (438,000) cost 0.11 s of the server's CPU on
 * the first connection's path, a 10 % sample 0.02 s (bench/RESULTS.md).
 * An indicator there fills hundreds of pages; a sample's error can move the
 * split by an indicator, which only moves work between the connections.
 * Below 8 MB (1,024 pages) every page is counted, as before.
 */
static const char split_sql[] =
	"SELECT i.id, coalesce(c.n, 0) FROM bp.indicator i LEFT JOIN "
	"(SELECT indicator_id, count(*) AS n FROM bp.indicator_value TABLESAMPLE SYSTEM "
	"   (CASE WHEN pg_relation_size('bp.indicator_value') > 8388608 THEN 10 ELSE 100 END) REPEATABLE (0) "
	"  GROUP BY indicator_id) c ON c.indicator_id = i.id ORDER BY i.id";

static bp_rc split_indicators(PGconn *conn, bp_compare_split *s, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, split_sql, 0, NULL, &r, err);
	if (rc)
		return rc;
	int n = PQntuples(r), first = 0;
	long total = 0, before = 0, count, best;
	for (int i = 0; i < n && rc == BP_OK; i++)
		if ((rc = bp_pg_long(r, i, 1, &count, err)) == BP_OK)
			total += count;
	/* first: the number of indicators in the first part */
	best = total;
	for (int i = 0; i <= n && rc == BP_OK; i++) {
		if (labs(2 * before - total) < best) {
			best = labs(2 * before - total);
			first = i;
		}
		if (i < n && (rc = bp_pg_long(r, i, 1, &count, err)) == BP_OK)
			before += count;
	}
	if (rc) {
		PQclear(r);
		return rc;
	}
	bp_buf b[2];
	for (int i = 0; i < 2; i++) {
		bp_buf_init(&b[i]);
		bp_buf_addc(&b[i], '{');
	}
	for (int i = 0; i < n; i++)
		add_element(&b[i >= first], PQgetvalue(r, i, 0));
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
	bp_rank_handover_free(&s->hand);
}

bp_rc bp_compare_split_begin(PGconn *conn, int force, bp_compare_split *s, bp_compare_result *res, bp_error *err)
{
	bp_rc rc;
	int current = 0;
	memset(s, 0, sizeof(*s));
	memset(res, 0, sizeof(*res));
	bp_rank_handover_init(&s->hand);
	/* Held by this session until bp_compare_split_end: the parts are other transactions. */
	if ((rc = bp_pg_exec(conn, lock_sql, err))) {
		split_free(s);
		return rc;
	}
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
	/* rc is the failure to report; the session lock goes with the connection anyway. */
	bp_rc_ignore(bp_pg_exec(conn, unlock_sql, NULL));
	return rc;
}

/*
 * The second part hands its rows to the first, which writes them after its
 * own in one COPY (bp_rank_handover), having emptied the (empty) table once
 * more in its transaction: COPY into a table made new in the same
 * transaction neither looks for nor records free space (PostgreSQL's
 * TABLE_INSERT_SKIP_FSM).  So the rows lie in the key's order and its
 * build sorts what is sorted; two parts' COPYs into one table, even one
 * after the other, filled each other's page ends out of order.
 */
bp_rc bp_compare_part(PGconn *conn, bp_compare_split *s, int part, bp_error *err)
{
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (part == 0 && (rc = bp_pg_exec(conn, "TRUNCATE bp.comparison_rank", err)))) {
		bp_pg_rollback(conn);
		if (part == 1)
			bp_rank_handover_fail(&s->hand);
		return rc;
	}
	if ((rc = bp_compare_rank_values(conn, s->ids[part], part ? &s->hand : NULL, part ? NULL : &s->hand,
	                                 s->pairs, &s->counts[part], err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		bp_pg_rollback(conn);
	return rc;
}

bp_rc bp_compare_split_finish(PGconn *conn, bp_compare_split *s, bp_compare_result *res, bp_error *err)
{
	bp_rc rc;
	if (!s->rebuild || s->finished)
		return BP_OK;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = finish_ranks(conn, s->fp, (bp_rank_counts){ s->counts[0].rows + s->counts[1].rows,
	                                                      s->counts[0].flagged + s->counts[1].flagged },
	                       s->values_apart, res, err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		bp_pg_rollback(conn);
	s->finished = rc == BP_OK;
	return rc;
}

bp_rc bp_compare_split_end(PGconn *conn, bp_compare_split *s, bp_rc rc, bp_compare_result *res, bp_error *err)
{
	if (rc == BP_OK)
		rc = bp_compare_split_finish(conn, s, res, err);
	if (s->rebuild && rc != BP_OK && !s->finished) {
		/* No half of the ranks without a basis: empty, with the key (a next compare builds them).
		 * Finished ranks are whole, with their basis: a later failure of the run leaves them. */
		bp_error scratch = { 0 };
		if (bp_pg_exec(conn, "BEGIN", &scratch) || bp_pg_exec(conn, "TRUNCATE bp.comparison_rank, bp.comparison_scope", &scratch) ||
		    bp_bulk_build_indexes_here(conn, &rank_key, &scratch) || bp_bulk_attach_key(conn, &rank_key, &scratch) ||
		    bp_pg_exec(conn, "COMMIT", &scratch))
			bp_pg_rollback(conn);
	}
	if (s->locked)
		/* After the result that counts; the session lock goes with the connection anyway. */
		bp_rc_ignore(bp_pg_exec(conn, unlock_sql, NULL));
	split_free(s);
	s->rebuild = s->locked = s->finished = 0;
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

bp_rc bp_compare_require_current(PGconn *conn, bp_error *err)
{
	int current = 0;
	bp_rc rc = bp_compare_is_current(conn, &current, err);
	if (rc || current)
		return rc;
	rc = bp_fail(err, BP_ERR_STALE, "the comparisons (differences with the gemeente and Nederland, ranks, "
	                                "worst-decile flags, composites) are not up to date with the indicator values");
	bp_error_detail(err, "they are missing after a crash of the database server or an upgrade, or were made "
	                     "before the values last changed; a page made from them could say that no area needs anything");
	bp_error_hint(err, "run 'buurtpeil compute' (or 'buurtpeil run'), then this command again");
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
