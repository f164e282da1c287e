/*
 * needs.c: the needs overview, one set-based query over the values shown
 * (bp.indicator_value_shown) and their ranks (see needs.h for the rule).
 */
#include "engine/needs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/reference_test.h"

/*
 * The values the overview reads, as the CTE c (see needs_sql for the rule):
 * every non-neutral or context indicator of the listed areas at its own
 * period, with its gemeente, land and previous-period comparisons.  All
 * five parameters are sent to each statement, so each statement mentions
 * each of them with its type.
 */
#define NEEDS_VALUES_SQL \
	"WITH lp AS (SELECT indicator_id, max(period) AS period FROM bp.indicator_value " \
	"            WHERE gemeente_code = $1 AND ($3::text IS NULL OR period = $3::text) GROUP BY indicator_id), " \
	"li AS (SELECT iv.indicator_id, iv.period, max(iv.indeling_year) AS indeling_year " \
	"       FROM bp.indicator_value iv JOIN lp USING (indicator_id, period) " \
	"       WHERE iv.gemeente_code = $1 GROUP BY 1, 2), " \
	"per AS (SELECT coalesce($3::text, (SELECT max(period) FROM li)) AS period), " \
	"ind AS (SELECT max(indeling_year) AS indeling_year FROM li), " \
	"ar AS (SELECT a.code, a.name, a.indeling_year FROM bp.area a, ind " \
	"       WHERE a.gemeente_code = $1 AND a.level = $2::bp.area_level AND a.indeling_year = ind.indeling_year), " \
	/* The values shown on the listed areas, read once.  The view is told their \
	 * gemeente, indeling and codes and the periods read as plain conditions, \
	 * which each of its branches takes (sql/028): it reads those areas' rows, \
	 * not every row of the gemeente at every level, indeling and period \
	 * (Amsterdam's wijken: 545 rows, not 32,479; bench/RESULTS.md). \
	 * MATERIALIZED: inlined, the planner counted one area of the indeling and \
	 * ran the whole view once per area. */ \
	"vs AS MATERIALIZED (SELECT * FROM bp.indicator_value_shown v WHERE v.shown_gemeente_code = $1 " \
	"       AND v.shown_year = (SELECT indeling_year FROM ind) AND v.area_code = ANY (ARRAY(SELECT code FROM ar)) " \
	"       AND v.period = ANY (ARRAY(SELECT period FROM li)) AND v.value IS NOT NULL), " \
	"c AS (SELECT iv.area_code, iv.indicator_id, i.title_nl, i.unit, i.decimals, i.theme, iv.value, iv.period, " \
	"        coalesce(k.gem, tg.value) AS gem, coalesce(k.gem_code, tg.area_code) AS gem_code, " \
	"        iv.indeling_year, iv.note, iv.origin, iv.from_indeling_year, i.title_en, " \
	"        (i.kind <> 'composite' AND iv.value >= 0 AND coalesce(k.gem, tg.value) > 0) AS ratio_scale, " \
	"        CASE WHEN i.polarity = 'higher-is-worse' THEN 1 ELSE -1 END AS dir, " \
	"        iv.ci_low, iv.ci_high, k.pct AS percentile, " \
	"        CASE WHEN k.gem IS NOT NULL THEN k.gem_lo WHEN tg.value IS NOT NULL THEN tg.ci_low END AS gem_lo, " \
	"        CASE WHEN k.gem IS NOT NULL THEN k.gem_hi WHEN tg.value IS NOT NULL THEN tg.ci_high END AS gem_hi, " \
	/* the area's share of the gemeente's estimate; a carried-over value's is not known (reference_test.h) */ \
	"        k.gem_share, " \
	"        coalesce(k.prev_period, pv.period) AS prev_period, " \
	"        CASE WHEN k.prev_period IS NOT NULL THEN k.prev_value ELSE pv.value END AS prev_value, " \
	"        CASE WHEN k.prev_period IS NOT NULL THEN iv.value - k.prev_value ELSE iv.value - pv.value END AS change, " \
	"        CASE WHEN k.prev_period IS NOT NULL THEN k.significant " \
	"             WHEN pv.se > 0 AND iv.ci_high - iv.ci_low >= 0 " \
	"             THEN abs(iv.value - pv.value) / sqrt(power((iv.ci_high - iv.ci_low) / (2 * 1.959963984540054), 2) " \
	"                                                + power(pv.se, 2)) > 1.959963984540054 END AS change_sig, " \
	"        i.kind, i.source_text, coalesce(i.role = 'context', false) AS context, " \
	"        k.n_ranked AS pct_n, coalesce(ds.national, false) AS pct_national, " \
	/* What interval_basis needs beyond kind and source: a custom area's aggregate, a \
	 * published result with respondents, a survey-results table's figure (sql/034: \
	 * a native row's or a carried-over one's; the view has neither estimate nor survey_result). */ \
	"        coalesce((SELECT e.estimate FROM bp.indicator_value e WHERE iv.origin IN ('native', 'same_code') " \
	"          AND e.indicator_id = iv.indicator_id AND e.area_code = iv.area_code " \
	"          AND e.indeling_year = iv.indeling_year AND e.period = iv.period), false) AS estimate, " \
	"        iv.n_unweighted IS NOT NULL AS respondents, " \
	"        coalesce(CASE WHEN iv.origin IN ('native', 'same_code') " \
	"          THEN (SELECT e.survey_result FROM bp.indicator_value e " \
	"                 WHERE e.indicator_id = iv.indicator_id AND e.area_code = iv.area_code " \
	"                   AND e.indeling_year = iv.indeling_year AND e.period = iv.period) " \
	"          ELSE (SELECT t.survey_result FROM bp.indicator_value_translated t " \
	"                 WHERE t.indicator_id = iv.indicator_id AND t.area_code = iv.area_code " \
	"                   AND t.indeling_year = iv.shown_year AND t.period = iv.period " \
	"                   AND t.from_indeling_year = iv.from_indeling_year) END, false) AS survey_result, " \
	/* the value's own: a composite's carries its components' (composite_calc.c) */ \
	"        iv.synthetic " \
	"      FROM ar JOIN li ON true " \
	"      JOIN vs iv ON iv.area_code = ar.code AND iv.shown_year = ar.indeling_year " \
	"        AND iv.indicator_id = li.indicator_id AND iv.period = li.period " \
	"        AND (iv.indeling_year = li.indeling_year OR iv.origin IN ('translated', 'identical')) " \
	"      JOIN bp.indicator i ON i.id = iv.indicator_id " \
	BP_SQL_COMPARISON_RANKS("iv", "k") \
	/* A carried-over value has no comparisons: its gemeente is the gemeente's value in the from-indeling. */ \
	"      LEFT JOIN bp.indicator_value tg ON iv.origin IN ('translated', 'identical') " \
	"        AND tg.indicator_id = iv.indicator_id AND tg.area_code = iv.gemeente_code " \
	"        AND tg.indeling_year = iv.from_indeling_year AND tg.period = iv.period " \
	"      LEFT JOIN bp.distribution_scope ds ON ds.indicator_id = iv.indicator_id AND ds.level = $2::text " \
	"        AND ds.indeling_year = iv.indeling_year AND ds.period = iv.period " \
	"      LEFT JOIN LATERAL (SELECT p.period, p.value, " \
	"          (p.ci_high - p.ci_low) / (2 * 1.959963984540054) AS se, p.indeling_year FROM bp.indicator_value p " \
	"        WHERE k.prev_period IS NULL AND p.indicator_id = iv.indicator_id " \
	"          AND p.area_code = iv.area_code AND p.period < iv.period AND iv.origin NOT IN ('translated', 'identical') " \
	"        UNION ALL " \
	"        SELECT p.period, p.value, (p.ci_high - p.ci_low) / (2 * 1.959963984540054), p.indeling_year " \
	"          FROM bp.indicator_value_translated p " \
	"        WHERE iv.origin IN ('translated', 'identical') AND p.indicator_id = iv.indicator_id " \
	"          AND p.area_code = iv.area_code AND p.indeling_year = iv.shown_year " \
	"          AND p.from_indeling_year = iv.from_indeling_year AND p.period < iv.period " \
	"        ORDER BY 1 DESC, 4 DESC LIMIT 1) pv ON true " \
	"      WHERE iv.value IS NOT NULL AND (i.polarity <> 'neutral' OR i.role = 'context')) "

/* Whether the value of row R differs from the gemeente's beyond chance (engine/reference_test.h). */
#define NEEDS_DIFFERS(R) \
	BP_SQL_REFERENCE_DIFFERS(R ".value", R ".ci_low", R ".ci_high", R ".gem", R ".gem_lo", R ".gem_hi", R ".gem_share")

/* The columns after the flags, in the order read_item expects them. */
#define NEEDS_ITEM_COLUMNS \
	" x.ci_low, x.ci_high, x.prev_period, x.prev_value, x.change, x.change_sig, x.kind, x.source_text, " \
	" x.gem_code, (SELECT name FROM bp.area WHERE code = x.gem_code AND indeling_year = x.indeling_year), " \
	" x.pct_n, x.pct_national, x.note, x.origin, x.from_indeling_year, x.title_en, x.estimate, x.respondents, " \
	" x.gem_lo, x.gem_hi, " NEEDS_DIFFERS("x") ", x.gem_share IS NOT NULL, x.survey_result, x.synthetic "

/*
 * $1 gemeente, $2 level, $3 period (NULL: latest), $4 relative threshold,
 * $5 percentile threshold.  Each indicator is read at its own latest period
 * in the gemeente (or at $3), in the newest indeling that has it there: a
 * demo holds KWB 2024 (indeling 2024) beside RIVM 2012-2020 (indeling 2020),
 * and one period for all would drop one of them.  The areas listed are those
 * of the newest of these indelingen, so an area with no flag still gets its
 * line; a value of an older indeling joins the area of the same code (CBS
 * gives an area whose territory changed a new code, and an area whose code
 * is gone from the newest indeling is not listed).  The interval, the change
 * and the gemeente's value are read with the value (same indicator, area,
 * indeling and period): read apart for one period of the overview, they
 * were those of another period than the row's, or none.  The change is the
 * comparison's (previous period with a row in the same indeling); where the
 * indeling has none, the latest earlier period of the same code in another
 * indeling (each KWB year has its own indeling: 2022's previous figure is
 * in 2021's), with the comparison's z-test (se = interval width / 3.92,
 * significant when |difference| / sqrt(se^2 + se_prev^2) > 1.96).
 *
 * A value with an interval is worse than the gemeente when it lies on the
 * worse side and NEEDS_DIFFERS (engine/reference_test.h, the pages' verdict
 * too) finds the difference beyond chance.
 *
 * "Worse by more than R of the gemeente's value" needs a ratio scale: a
 * composite index (z-scores, an index around the reference) or a value at or
 * below zero has no meaningful "x % worse" (a z of -1.5 against 0.8 would be
 * "+280 % worse"), so those are flagged by percentile or interval only and
 * show no relative difference.  Context indicators (role: context) are never
 * flagged.
 */
static const char needs_sql[] =
	NEEDS_VALUES_SQL ", "
	"f AS (SELECT c.*, CASE WHEN c.ratio_scale THEN c.dir * (c.value - c.gem) / c.gem END AS rel, "
	"        coalesce(c.percentile >= $5::float8, false) AS by_pct, "
	"        (c.ci_low IS NOT NULL AND c.ci_high IS NOT NULL) AS with_ci, "
	"        coalesce(CASE WHEN c.ci_low IS NOT NULL AND c.ci_high IS NOT NULL "
	"                      THEN c.dir * (c.value - c.gem) > 0 AND " NEEDS_DIFFERS("c") " "
	"                      WHEN c.ratio_scale THEN c.dir * (c.value - c.gem) / c.gem > $4::float8 END, false) AS by_gem "
	"      FROM c WHERE NOT c.context), "
	"fl AS (SELECT f.*, count(*) OVER (PARTITION BY f.area_code, f.theme) AS theme_n, "
	"         max(f.percentile) OVER (PARTITION BY f.area_code, f.theme) AS theme_pct "
	"       FROM f WHERE f.by_pct OR f.by_gem), "
	"x AS (SELECT fl.*, dense_rank() OVER (PARTITION BY fl.area_code "
	"         ORDER BY fl.theme_n DESC, fl.theme_pct DESC NULLS LAST, fl.theme) AS theme_rank FROM fl) "
	"SELECT ar.code, ar.name, count(x.indicator_id) OVER (PARTITION BY ar.code) AS area_n, x.theme, "
	"  x.theme_rank, x.theme_n, x.indicator_id, x.title_nl, x.unit, x.decimals, x.value, x.gem, x.rel, "
	"  x.percentile, x.by_pct, x.by_gem, x.with_ci, (SELECT period FROM per), "
	"  (SELECT name FROM bp.area WHERE code = $1 ORDER BY indeling_year DESC LIMIT 1), x.period, "
	NEEDS_ITEM_COLUMNS
	"FROM ar LEFT JOIN x ON x.area_code = ar.code "
	"ORDER BY area_n DESC, ar.code, x.theme_rank, x.percentile DESC NULLS LAST, x.rel DESC NULLS LAST, "
	"  x.indicator_id";

/* The context figures of the same areas, with the columns of needs_sql ($4, $5 unused but typed alike). */
static const char context_sql[] =
	NEEDS_VALUES_SQL ", "
	"x AS (SELECT c.*, CASE WHEN c.ratio_scale THEN c.dir * (c.value - c.gem) / c.gem END AS rel FROM c "
	"      WHERE c.context AND $4::float8 IS NOT NULL AND $5::float8 IS NOT NULL) "
	"SELECT ar.code, ar.name, 0, x.theme, 0, 0, x.indicator_id, x.title_nl, x.unit, x.decimals, x.value, x.gem, "
	"  x.rel, x.percentile, false, false, false, NULL, NULL, x.period, "
	NEEDS_ITEM_COLUMNS
	"FROM ar JOIN x ON x.area_code = ar.code ORDER BY ar.code, x.theme, x.indicator_id";

/* The sources and periods read for the needs and context indicators (the li of needs_sql). */
static const char periods_sql[] =
	NEEDS_VALUES_SQL
	"SELECT coalesce(i.source_text, ''), li.period, count(*) FROM li JOIN bp.indicator i ON i.id = li.indicator_id "
	"WHERE (i.polarity <> 'neutral' OR i.role = 'context') AND $2::bp.area_level IS NOT NULL "
	"  AND $4::float8 IS NOT NULL AND $5::float8 IS NOT NULL "
	"GROUP BY 1, 2 ORDER BY 2, 1";

const char *bp_needs_uncertainty_name(bp_needs_uncertainty u)
{
	switch (u) {
	case BP_NEEDS_MODEL_ESTIMATE: return "model_estimate";
	case BP_NEEDS_SURVEY: return "survey";
	case BP_NEEDS_INDEX: return "index";
	case BP_NEEDS_REGISTRATION: break;
	}
	return "registration";
}

bp_needs_uncertainty bp_needs_uncertainty_of(const char *kind, const char *source)
{
	if (!kind)
		return BP_NEEDS_REGISTRATION;
	if (strncmp(kind, "survey_", 7) == 0)
		return BP_NEEDS_SURVEY;
	if (strcmp(kind, "composite") == 0)
		return BP_NEEDS_INDEX;
	/* RIVM's Gezondheidsmonitor figures per wijk and buurt are small-area
	 * model estimates (published by CBS as 50090NED); every other published
	 * figure and every ratio here is computed from CBS registers. */
	if (strcmp(kind, "published_share") == 0 && bp_needs_source_is_model(source))
		return BP_NEEDS_MODEL_ESTIMATE;
	return BP_NEEDS_REGISTRATION;
}

int bp_needs_source_is_model(const char *source)
{
	return source && (strstr(source, "RIVM") || strstr(source, "50090NED"));
}

int bp_needs_index_of_model(const char *kind, const char *source)
{
	return bp_needs_uncertainty_of(kind, source) == BP_NEEDS_INDEX && bp_needs_source_is_model(source);
}

int bp_needs_model_based(const char *kind, const char *source)
{
	return bp_needs_uncertainty_of(kind, source) == BP_NEEDS_MODEL_ESTIMATE || bp_needs_index_of_model(kind, source);
}

static double num_or_nan(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

static const char *text_or_null(bp_arena *a, const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : bp_arena_strdup(a, PQgetvalue(r, row, col));
}

/* One row of needs_sql or context_sql. */
static bp_rc read_item(bp_arena *a, const PGresult *r, int i, bp_need_item *it, bp_error *err)
{
	bp_rc rc;
	memset(it, 0, sizeof(*it));
	it->area_code = text_or_null(a, r, i, 0);
	it->area_name = text_or_null(a, r, i, 1);
	if ((rc = bp_pg_int(r, i, 2, &it->area_needs, err)))
		return rc;
	it->theme = text_or_null(a, r, i, 3);
	/* An area without a flag has a line of its own with no indicator (the
	 * LEFT JOIN in needs_sql): no theme, rank, count or decimals, read as 0. */
	it->theme_rank = bp_pg_int_or(r, i, 4, 0);
	it->theme_needs = bp_pg_int_or(r, i, 5, 0);
	it->indicator_id = text_or_null(a, r, i, 6);
	it->title = text_or_null(a, r, i, 7);
	it->unit = text_or_null(a, r, i, 8);
	it->decimals = bp_pg_int_or(r, i, 9, 0);   /* NULL on an area's line without a flag, as above */
	it->value = num_or_nan(r, i, 10);
	it->gemeente_value = num_or_nan(r, i, 11);
	it->relative_worse = num_or_nan(r, i, 12);
	it->percentile = num_or_nan(r, i, 13);
	it->by_percentile = PQgetvalue(r, i, 14)[0] == 't';
	it->by_gemeente = PQgetvalue(r, i, 15)[0] == 't';
	it->with_interval = PQgetvalue(r, i, 16)[0] == 't';
	it->period = text_or_null(a, r, i, 19);
	it->ci_low = num_or_nan(r, i, 20);
	it->ci_high = num_or_nan(r, i, 21);
	if (isnan(it->ci_low) || isnan(it->ci_high))
		it->ci_low = it->ci_high = NAN;
	it->previous_period = text_or_null(a, r, i, 22);
	it->previous_value = num_or_nan(r, i, 23);
	it->change = num_or_nan(r, i, 24);
	it->change_significant = PQgetisnull(r, i, 25) ? -1 : PQgetvalue(r, i, 25)[0] == 't';
	it->uncertainty = bp_needs_uncertainty_of(PQgetisnull(r, i, 26) ? NULL : PQgetvalue(r, i, 26),
	                                          PQgetisnull(r, i, 27) ? NULL : PQgetvalue(r, i, 27));
	it->source = text_or_null(a, r, i, 27);
	it->reference_code = text_or_null(a, r, i, 28);
	it->reference_name = text_or_null(a, r, i, 29);
	it->reference_period = it->reference_code ? it->period : NULL;
	it->percentile_n = bp_pg_long_or(r, i, 30, -1);   /* no percentile: -1 */
	it->percentile_national = PQgetisnull(r, i, 31) ? 0 : PQgetvalue(r, i, 31)[0] == 't';
	it->note = text_or_null(a, r, i, 32);
	it->origin = text_or_null(a, r, i, 33);
	it->from_indeling_year = bp_pg_int_or(r, i, 34, 0);
	it->title_en = text_or_null(a, r, i, 35);
	it->kind = text_or_null(a, r, i, 26);
	/* an area's line without a flag has no value: NULL, read as false */
	it->estimate = !PQgetisnull(r, i, 36) && PQgetvalue(r, i, 36)[0] == 't';
	it->respondents = !PQgetisnull(r, i, 37) && PQgetvalue(r, i, 37)[0] == 't';
	it->survey_result = !PQgetisnull(r, i, 42) && PQgetvalue(r, i, 42)[0] == 't';
	it->synthetic = !PQgetisnull(r, i, 43) && PQgetvalue(r, i, 43)[0] == 't';
	it->gemeente_ci_low = num_or_nan(r, i, 38);
	it->gemeente_ci_high = num_or_nan(r, i, 39);
	if (isnan(it->gemeente_value) || isnan(it->gemeente_ci_low) || isnan(it->gemeente_ci_high))
		it->gemeente_ci_low = it->gemeente_ci_high = NAN;
	it->gemeente_differs = PQgetisnull(r, i, 40) ? -1 : PQgetvalue(r, i, 40)[0] == 't';
	/* an area's line without a flag has no value: NULL, read as false */
	it->gemeente_share_known = !PQgetisnull(r, i, 41) && PQgetvalue(r, i, 41)[0] == 't';
	return BP_OK;
}

bp_rc bp_needs_query(PGconn *conn, const bp_needs_options *opt, bp_arena *a,
                     bp_needs_result *out, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	char rel[32], pct[32];

	memset(out, 0, sizeof(*out));
	out->level = opt->level ? opt->level : "wijk";
	out->relative = opt->relative > 0 ? opt->relative : BP_NEEDS_DEFAULT_RELATIVE;
	out->percentile = opt->percentile > 0 ? opt->percentile : BP_NEEDS_DEFAULT_PERCENTILE;
	{
		const char *p[] = { opt->gemeente };
		if ((rc = bp_pg_query(conn, "SELECT name FROM bp.area WHERE code = $1 AND level = 'gemeente' "
		                            "ORDER BY indeling_year DESC LIMIT 1", 1, p, &r, err)))
			goto out;
		if (PQntuples(r) == 0) {
			rc = bp_fail(err, BP_ERR_NOT_FOUND, "no gemeente '%s' in the database", opt->gemeente);
			bp_error_hint(err, "gemeente codes are GM and four digits, e.g. GM0828; import its data first");
			goto out;
		}
		out->gemeente_name = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
	}
	snprintf(rel, sizeof(rel), "%.17g", out->relative);
	snprintf(pct, sizeof(pct), "%.17g", out->percentile);
	{
		const char *p[] = { opt->gemeente, out->level, opt->period, rel, pct };
		if ((rc = bp_pg_query(conn, needs_sql, 5, p, &r, err)))
			goto out;
	}
	int n = PQntuples(r);
	out->items = bp_arena_alloc(a, (size_t)n * sizeof(*out->items));
	for (int i = 0; i < n; i++) {
		if ((rc = read_item(a, r, i, &out->items[i], err)))
			goto out;
		if (i == 0)
			out->period = text_or_null(a, r, i, 17);
		if (i == 0 || strcmp(out->items[i].area_code, out->items[i - 1].area_code) != 0)
			out->n_areas++;
	}
	out->n = (size_t)n;
	PQclear(r);
	r = NULL;
	{
		const char *p[] = { opt->gemeente, out->level, opt->period, rel, pct };
		if ((rc = bp_pg_query(conn, context_sql, 5, p, &r, err)))
			goto out;
	}
	out->n_context = (size_t)PQntuples(r);
	out->context = bp_arena_alloc(a, out->n_context * sizeof(*out->context));
	for (size_t i = 0; i < out->n_context; i++)
		if ((rc = read_item(a, r, (int)i, &out->context[i], err)))
			goto out;
	PQclear(r);
	r = NULL;
	{
		const char *p[] = { opt->gemeente, out->level, opt->period, rel, pct };
		if ((rc = bp_pg_query(conn, periods_sql, 5, p, &r, err)))
			goto out;
	}
	out->n_periods = (size_t)PQntuples(r);
	out->periods = bp_arena_alloc(a, out->n_periods * sizeof(*out->periods));
	for (size_t i = 0; i < out->n_periods; i++) {
		out->periods[i].source = bp_arena_strdup(a, PQgetvalue(r, (int)i, 0));
		out->periods[i].period = bp_arena_strdup(a, PQgetvalue(r, (int)i, 1));
		if ((rc = bp_pg_int(r, (int)i, 2, &out->periods[i].n_indicators, err)))
			goto out;
	}
out:
	PQclear(r);
	return rc;
}

static void add_number(bp_buf *b, double v, int decimals)
{
	if (isnan(v))
		bp_buf_adds(b, "?");
	else
		bp_buf_printf(b, "%.*f", decimals, v);
}

void bp_needs_format_text(const bp_needs_result *r, bp_buf *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const bp_need_item *it = &r->items[i];
		int first_of_area = i == 0 || strcmp(it->area_code, r->items[i - 1].area_code) != 0;
		int first_of_theme = first_of_area || !it->theme || !r->items[i - 1].theme ||
		                     strcmp(it->theme, r->items[i - 1].theme) != 0;
		if (first_of_area)
			bp_buf_printf(out, "%s %s: %d", it->area_code, it->area_name, it->area_needs);
		if (!it->indicator_id) {
			bp_buf_adds(out, " (none)\n");
			continue;
		}
		if (first_of_theme)
			bp_buf_printf(out, " | %s (%d):", it->theme, it->theme_needs);
		else
			bp_buf_adds(out, ";");
		bp_buf_printf(out, " %s ", it->indicator_id);
		add_number(out, it->value, it->decimals);
		bp_buf_adds(out, " (");
		/* An indicator whose latest period is not the overview's says which it is. */
		if (it->period && r->period && strcmp(it->period, r->period) != 0)
			bp_buf_printf(out, "%s; ", it->period);
		if (it->note)
			bp_buf_printf(out, "%s; ", it->note);
		bp_buf_adds(out, "gemeente ");
		add_number(out, it->gemeente_value, it->decimals);
		if (!isnan(it->gemeente_ci_low)) {   /* a survey estimate of the gemeente: its own interval */
			bp_buf_adds(out, " (95% ci ");
			add_number(out, it->gemeente_ci_low, it->decimals);
			bp_buf_adds(out, "-");
			add_number(out, it->gemeente_ci_high, it->decimals);
			bp_buf_adds(out, ")");
		}
		if (!isnan(it->relative_worse))
			bp_buf_printf(out, ", %+.0f %% worse", it->relative_worse * 100.0);
		if (!isnan(it->percentile))
			bp_buf_printf(out, "; pct %.2f of %ld %s", it->percentile, it->percentile_n,
			              it->percentile_national ? "NL" : "in monitor");
		else if (it->percentile_n >= 0 && it->percentile_n < BP_COMPARE_MIN_DECILE_AREAS)
			bp_buf_printf(out, "; not ranked: too few areas (%ld, at least %d)", it->percentile_n,
			              BP_COMPARE_MIN_DECILE_AREAS);
		if (!isnan(it->ci_low)) {
			bp_buf_adds(out, "; 95% ci ");
			add_number(out, it->ci_low, it->decimals);
			bp_buf_adds(out, "-");
			add_number(out, it->ci_high, it->decimals);
		}
		if (!isnan(it->change)) {
			bp_buf_adds(out, "; ");
			bp_buf_printf(out, "%+.*f", it->decimals, it->change);
			bp_buf_printf(out, " since %s%s", it->previous_period,
			              it->change_significant == 1 ? " (significant)"
			              : it->change_significant == 0 ? " (not significant)" : "");
		}
		bp_buf_adds(out, ")");
		int last_of_area = i + 1 == r->n || strcmp(it->area_code, r->items[i + 1].area_code) != 0;
		if (last_of_area)
			bp_buf_adds(out, "\n");
	}
}

/* RFC 4180: quote every text field, double the quotes inside. */
static void csv_text(bp_buf *b, const char *s)
{
	bp_buf_addc(b, '"');
	for (; s && *s; s++) {
		if (*s == '"')
			bp_buf_addc(b, '"');
		bp_buf_addc(b, *s);
	}
	bp_buf_addc(b, '"');
}

static void csv_num(bp_buf *b, double v)
{
	if (!isnan(v))
		bp_buf_printf(b, "%.17g", v);
}

void bp_needs_format_csv(const bp_needs_result *r, bp_buf *out)
{
	bp_buf_adds(out, "area_code,area_name,area_needs,theme,theme_rank,theme_needs,indicator_id,value,"
	                 "gemeente_value,relative_worse,percentile,percentile_n,percentile_national,by_percentile,by_gemeente,with_interval,period,"
	                 "ci_low,ci_high,uncertainty,previous_period,previous_value,change,change_significant,"
	                 "reference_code,reference_name,reference_period,value_note,gemeente_ci_low,gemeente_ci_high\r\n");
	for (size_t i = 0; i < r->n; i++) {
		const bp_need_item *it = &r->items[i];
		csv_text(out, it->area_code);
		bp_buf_addc(out, ',');
		csv_text(out, it->area_name);
		bp_buf_printf(out, ",%d,", it->area_needs);
		if (!it->indicator_id) {
			bp_buf_adds(out, ",,,,,,,,,,,,,,,,,,,,,,,,,,\r\n");
			continue;
		}
		csv_text(out, it->theme);
		bp_buf_printf(out, ",%d,%d,", it->theme_rank, it->theme_needs);
		csv_text(out, it->indicator_id);
		bp_buf_addc(out, ',');
		csv_num(out, it->value);
		bp_buf_addc(out, ',');
		csv_num(out, it->gemeente_value);
		bp_buf_addc(out, ',');
		csv_num(out, it->relative_worse);
		bp_buf_addc(out, ',');
		csv_num(out, it->percentile);
		if (it->percentile_n >= 0)
			bp_buf_printf(out, ",%ld,%d", it->percentile_n, it->percentile_national);
		else
			bp_buf_adds(out, ",,");
		bp_buf_printf(out, ",%d,%d,%d,", it->by_percentile, it->by_gemeente, it->with_interval);
		csv_text(out, it->period);
		bp_buf_addc(out, ',');
		csv_num(out, it->ci_low);
		bp_buf_addc(out, ',');
		csv_num(out, it->ci_high);
		bp_buf_addc(out, ',');
		csv_text(out, bp_needs_uncertainty_name(it->uncertainty));
		bp_buf_addc(out, ',');
		csv_text(out, it->previous_period);
		bp_buf_addc(out, ',');
		csv_num(out, it->previous_value);
		bp_buf_addc(out, ',');
		csv_num(out, it->change);
		bp_buf_addc(out, ',');
		if (it->change_significant >= 0)
			bp_buf_printf(out, "%d", it->change_significant);
		bp_buf_addc(out, ',');
		csv_text(out, it->reference_code);
		bp_buf_addc(out, ',');
		csv_text(out, it->reference_name);
		bp_buf_addc(out, ',');
		csv_text(out, it->reference_period);
		bp_buf_addc(out, ',');
		csv_text(out, it->note);
		bp_buf_addc(out, ',');
		csv_num(out, it->gemeente_ci_low);
		bp_buf_addc(out, ',');
		csv_num(out, it->gemeente_ci_high);
		bp_buf_adds(out, "\r\n");
	}
}
