#include "engine/compute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "engine/expr.h"
#include "db/bulkindex.h"
#include "db/pgutil.h"

/*
 * What the definitions' variables are: known in bp.variable, observed at
 * all.  One query for every definition of the set (load_var_facts): asked
 * per variable and per side it was 141 round trips for the bundled
 * definitions; a code not in it (none, normally) is asked on its own.
 */
typedef struct var_facts {
	const char **codes;
	unsigned char *known, *observed;
	size_t n;
} var_facts;

/* The position of code in f, or f->n. */
static size_t fact_index(const var_facts *f, const char *code)
{
	size_t i = 0;
	while (i < f->n && strcmp(f->codes[i], code) != 0)
		i++;
	return i;
}

static bp_rc check_variable(PGconn *conn, const var_facts *f, const char *code, const bp_srcloc *loc, bp_error *err)
{
	size_t k = fact_index(f, code);
	int found = k < f->n && f->known[k];
	if (k == f->n) {
		PGresult *r = NULL;
		const char *p[] = { code };
		bp_rc rc = bp_pg_query(conn, "SELECT 1 FROM bp.variable WHERE code = $1", 1, p, &r, err);
		if (rc)
			return rc;
		found = PQntuples(r) > 0;
		PQclear(r);
	}
	if (found)
		return BP_OK;
	bp_error_at(err, loc->file, loc->line, loc->column);
	bp_fail(err, BP_ERR_CONFIG, "unknown variable '%s'", code);
	bp_error_hint(err, "variable codes are the stable CBS codes, e.g. AantalInwoners or k_65JaarOfOuder; 'buurtpeil indicators check' lists problems, and the table bp.variable holds every known code");
	return BP_ERR_CONFIG;
}

static const char upsert_indicator_sql[] =
	"INSERT INTO bp.indicator (id, title_nl, title_en, theme, kind, unit, decimals, polarity, source_text, "
	"  definition_file, definition_hash, inputs_fingerprint, computed_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now()) "
	"ON CONFLICT (id) DO UPDATE SET title_nl = EXCLUDED.title_nl, title_en = EXCLUDED.title_en, "
	"  theme = EXCLUDED.theme, kind = EXCLUDED.kind, unit = EXCLUDED.unit, decimals = EXCLUDED.decimals, "
	"  polarity = EXCLUDED.polarity, source_text = EXCLUDED.source_text, definition_file = EXCLUDED.definition_file, "
	"  definition_hash = EXCLUDED.definition_hash, inputs_fingerprint = EXCLUDED.inputs_fingerprint, "
	"  computed_at = EXCLUDED.computed_at";

/* *same = 1 when the stored values were computed from this definition and these inputs. */
static bp_rc is_unchanged(PGconn *conn, const bp_indicator_def *def, const char *fingerprint_hash, int *same,
                          bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { def->id, def->hash, fingerprint_hash };
	bp_rc rc = bp_pg_query(conn, "SELECT 1 FROM bp.indicator WHERE id = $1 AND definition_hash = $2 "
	                             "AND inputs_fingerprint = $3", 3, p, &r, err);
	if (rc)
		return rc;
	*same = PQntuples(r) > 0;
	PQclear(r);
	return BP_OK;
}

/* The definition and fingerprint of the values about to be written. */
static bp_rc record_definition(PGconn *conn, const bp_indicator_def *def, const char *fingerprint_hash, bp_error *err)
{
	char decimals[16];
	snprintf(decimals, sizeof(decimals), "%d", def->decimals);
	const char *u[] = { def->id, def->title_nl, def->title_en, def->theme, bp_kind_name(def->kind),
	                    def->unit, decimals, bp_polarity_name(def->polarity), def->source,
	                    def->loc.file, def->hash, fingerprint_hash };
	return bp_pg_query(conn, upsert_indicator_sql, 12, u, NULL, err);
}

/*
 * Inside the indicator's transaction: *same = 1 when its definition and
 * inputs are those of the stored values (nothing to do, unless force);
 * otherwise record the definition and fingerprint and delete the old values,
 * for the caller to write the new ones.
 */
static bp_rc unchanged_or_reset(PGconn *conn, const bp_indicator_def *def, const char *fingerprint_hash,
                                int force, int *same, bp_error *err)
{
	bp_rc rc;
	*same = 0;
	if (!force && ((rc = is_unchanged(conn, def, fingerprint_hash, same, err)) || *same))
		return rc;
	const char *d[] = { def->id };
	if ((rc = record_definition(conn, def, fingerprint_hash, err)))
		return rc;
	return bp_pg_query(conn, "DELETE FROM bp.indicator_value WHERE indicator_id = $1", 1, d, NULL, err);
}

/* One side of a definition (numerator, denominator, value or base), parsed. */
typedef struct side {
	const char *text;
	const bp_srcloc *loc;
	bp_expr *expr;
	const char **vars;
	size_t *offsets;
	size_t nvars;
} side;

static bp_rc parse_side(bp_arena *a, const char *text, const bp_srcloc *loc, side *s, bp_error *err)
{
	size_t off = 0;
	s->text = text;
	s->loc = loc;
	bp_rc rc = bp_expr_parse(text, a, &s->expr, &off, err);
	if (rc) {
		long line, col;
		bp_expr_locate(text, off, loc->style, loc->line, loc->column, &line, &col);
		bp_error_at(err, loc->file, line, col);
		bp_error_detail(err, "in the expression: %s", text);
		return rc;
	}
	bp_expr_variables(s->expr, a, &s->vars, &s->offsets, &s->nvars);
	if (s->nvars == 0) {
		bp_error_at(err, loc->file, loc->line, loc->column);
		return bp_fail(err, BP_ERR_CONFIG, "the expression '%s' uses no variable code", text);
	}
	return BP_OK;
}

static bp_rc check_side(PGconn *conn, const var_facts *f, const side *s, bp_error *err)
{
	for (size_t i = 0; i < s->nvars; i++) {
		bp_srcloc at = *s->loc;
		bp_expr_locate(s->text, s->offsets[i], s->loc->style, s->loc->line, s->loc->column, &at.line, &at.column);
		bp_rc rc = check_variable(conn, f, s->vars[i], &at, err);
		if (rc)
			return rc;
	}
	return BP_OK;
}

/* Whether any variable of the side has an observation at all. */
static bp_rc side_observed(PGconn *conn, const var_facts *f, const side *s, const char *array, int *out,
                           bp_error *err)
{
	size_t listed = 0;
	*out = 0;
	for (size_t i = 0; i < s->nvars; i++) {
		size_t k = fact_index(f, s->vars[i]);
		listed += k < f->n;
		*out |= k < f->n && f->observed[k];
	}
	if (listed == s->nvars)
		return BP_OK;
	PGresult *r = NULL;
	const char *p[] = { array };
	bp_rc rc = bp_pg_query(conn, "SELECT EXISTS (SELECT 1 FROM bp.observation_all WHERE variable_code = ANY($1::text[]))",
	                       1, p, &r, err);
	if (rc)
		return rc;
	*out = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return BP_OK;
}

/* A text-array literal of variable codes: the parser admits only [A-Za-z0-9_]. */
static char *array_literal(bp_arena *a, const char *const *vars, size_t n)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "{");
	for (size_t i = 0; i < n; i++)
		bp_buf_printf(&b, "%s%s", i ? "," : "", vars[i]);
	bp_buf_adds(&b, "}");
	char *s = bp_arena_strndup(a, b.data, b.len);
	bp_buf_release(&b);
	return s;
}

/* Append to *all (n codes) those of vars it does not hold yet. */
static void add_vars(bp_arena *a, const char *const *vars, size_t nvars, const char ***all, size_t *n)
{
	for (size_t i = 0; i < nvars; i++) {
		size_t j = 0;
		while (j < *n && strcmp((*all)[j], vars[i]) != 0)
			j++;
		if (j < *n)
			continue;
		const char **grown = bp_arena_alloc(a, (*n + 1) * sizeof(*grown));
		if (*n)
			memcpy(grown, *all, *n * sizeof(*grown));
		grown[(*n)++] = vars[i];
		*all = grown;
	}
}

/* The position (0-based) of a variable code in vars; the caller made sure it is there. */
static size_t var_index(const char *const *vars, size_t nvars, const char *code)
{
	size_t j = 0;
	while (j + 1 < nvars && strcmp(vars[j], code) != 0)
		j++;
	return j;
}

/*
 * The pivot every indicator of a batch reads: one row per area, indeling
 * and period with columns v1, s1 (value, status of the newest vintage) per
 * variable of the batch, and the area's level and gemeente.  Built once per
 * batch as a temporary table: each indicator pivoting observation_current
 * for itself sorted the same observations again (about 85 of its 150 ms
 * for a KWB ratio over all of Nederland, 240 of 430 ms for a RIVM share
 * over three periods), and joined bp.area twice per row.  $1 the array of
 * variable codes observed by one source at most, $2.. each code, $<nvars+2>
 * the array of those observed by several; want_source[i]: also the source
 * (c<i+1>) of variable i, for the published shares' intervals.
 *
 * Only the second kind goes through observation_current, whose DISTINCT ON
 * sorts every observation it reads to pick the newest vintage of each:
 * of one source there is one observation per area and period at most (the
 * keys of bp.observation and bp.observation_row), so its rows are read as
 * they are.  That sort was two thirds of the pivot's CPU (all of
 * Nederland, every variable of one source: 1.57 s -> 0.54 s, the same rows).
 */
static void build_pivot_sql(size_t nvars, const int *want_source, bp_buf *q)
{
	bp_buf_adds(q, "CREATE TEMP TABLE _bp_pivot ON COMMIT DROP AS "
	               "SELECT p.*, a.level, a.gemeente_code FROM (SELECT o.area_code, o.indeling_year, o.period");
	for (size_t i = 0; i < nvars; i++) {
		bp_buf_printf(q, ", max(o.value) FILTER (WHERE o.variable_code = $%zu) AS v%zu"
		                 ", max(o.status) FILTER (WHERE o.variable_code = $%zu) AS s%zu", i + 2, i + 1, i + 2, i + 1);
		/* The vintage of a published share's value: its interval and
		 * respondents (bp.observation_interval) are keyed by it. */
		if (want_source[i])
			bp_buf_printf(q, ", max(o.source_id) FILTER (WHERE o.variable_code = $%zu) AS c%zu", i + 2, i + 1);
	}
	bp_buf_adds(q, " FROM (SELECT variable_code, area_code, indeling_year, period, value, status, source_id "
	               "FROM bp.observation_all WHERE variable_code = ANY($1::text[]) UNION ALL "
	               "SELECT variable_code, area_code, indeling_year, period, value, status, source_id "
	               "FROM bp.observation_current ");
	bp_buf_printf(q, "WHERE variable_code = ANY($%zu::text[])) o ", nvars + 2);
	/* In key order: each indicator's statement reads the pivot in its order
	 * and writes its values in it, so that after a --force rewrite (ids in
	 * order, bp_indicator_set) the table is mostly in the order of its key,
	 * whose build then sorts what is almost sorted already (all of
	 * Nederland: 0.76 -> 0.54 s of CPU; the sort here costs 0.05 s). */
	bp_buf_adds(q, "GROUP BY o.area_code, o.indeling_year, o.period) p "
	               "LEFT JOIN bp.area a ON a.code = p.area_code AND a.indeling_year = p.indeling_year "
	               "ORDER BY p.area_code, p.indeling_year, p.period");
}

/* "(p.s1 IS NOT NULL OR ...)": the area has an observation (a value or a
 * CBS symbol) of at least one of the side's variables in that period. */
static void side_present_sql(const side *s, const char *const *vars, size_t nvars, bp_buf *q)
{
	bp_buf_addc(q, '(');
	for (size_t i = 0; i < s->nvars; i++)
		bp_buf_printf(q, "%sp.s%zu IS NOT NULL", i ? " OR " : "", var_index(vars, nvars, s->vars[i]) + 1);
	bp_buf_addc(q, ')');
}

/*
 * The statement for one indicator, over the batch's pivot _bp_pivot (vars:
 * the pivot's columns in order; own: the indicator's variables).
 * Parameters: $1 id, $2 scale, $3 min_denominator, $4 definition hash, $5
 * min_coverage; a published share also $6 its value variable and $7
 * min_respondents.  Expressions are compiled over the pivot's columns
 * (expr.c), so the only text that varies is generated here.  It answers
 * one row: the values written and how many of them have no published
 * value.
 *
 * Areas with published observations of their own (buurt, wijk, gemeente,
 * NL, and the custom areas without members that `import table` loads for
 * regions of another type, such as a provincie) are computed directly from
 * them.  Custom areas with members (the YAML files of areas/) are recomputed from
 * their members' summed numerators and denominators, never by averaging
 * percentages and never for CBS areas: CBS rounds buurt counts (to 5), so
 * summing buurten would not reproduce a wijk's published totals.
 *
 * members: whether any custom area has members.  Without any, the
 * statement leaves out the aggregated rows and the test for them: both
 * would find nothing, and naming e twice made PostgreSQL materialise it
 * (all of Nederland, the ten indicators: 1.7 -> 1.0 s, the same rows).
 */
#define OWN_FIGURES "(e.level <> 'custom' OR NOT EXISTS (SELECT 1 FROM m WHERE m.custom_code = e.area_code " \
	"AND m.indeling_year = e.indeling_year))"
static void build_sql(const bp_indicator_def *def, const char *const *vars, size_t nvars,
                      const char *const *own, size_t nown, const side *s1, const side *s2, int members, bp_buf *q)
{
	/* e: per area and period the two sides, whether an input is secret, and
	 * the latest status (ok < provisional < revised) of the inputs with a value. */
	bp_buf_adds(q, "WITH e AS (SELECT p.area_code, p.indeling_year, p.period, p.level, p.gemeente_code, ");
	bp_expr_sql(s1->expr, vars, nvars, "p.v", q);
	bp_buf_adds(q, " AS num, ");
	bp_expr_sql(s2->expr, vars, nvars, "p.v", q);
	bp_buf_adds(q, " AS den, ");
	/* A division by zero inside either side gives NULL: its own reason. */
	bp_expr_sql_div_zero(s1->expr, vars, nvars, "p.v", q);
	bp_buf_adds(q, " OR ");
	bp_expr_sql_div_zero(s2->expr, vars, nvars, "p.v", q);
	bp_buf_adds(q, " AS div_zero, 'unknown_or_secret' = ANY(ARRAY[");
	for (size_t i = 0; i < nown; i++)
		bp_buf_printf(q, "%sp.s%zu", i ? ", " : "", var_index(vars, nvars, own[i]) + 1);
	bp_buf_adds(q, "]::bp.value_status[]) AS secret, GREATEST(");
	for (size_t i = 0; i < nown; i++) {
		size_t k = var_index(vars, nvars, own[i]) + 1;
		bp_buf_printf(q, "%sCASE WHEN p.v%zu IS NOT NULL THEN p.s%zu END", i ? ", " : "", k, k);
	}
	bp_buf_adds(q, ") AS st");
	/* A published share: the value variable, its published interval and
	 * respondents, and whether its vintage is an area-level survey's
	 * (sql/034: a survey figure even where the file gave neither).  The
	 * survey-results vintages are read once (an InitPlan), not looked up
	 * per row: a published share of all of Nederland has 170,000 rows. */
	if (def->kind == BP_KIND_PUBLISHED_SHARE)
		bp_buf_printf(q, ", p.s%zu AS share_status, oi.ci_low AS ci_lo, oi.ci_high AS ci_hi, "
		                 "oi.n_respondents::float8 AS n_resp, coalesce(p.c%zu = ANY (ARRAY(SELECT so.id FROM bp.source so "
		                 "WHERE so.importer = 'survey-results')), false) AS survey_result",
		              var_index(vars, nvars, s1->vars[0]) + 1, var_index(vars, nvars, s1->vars[0]) + 1);
	/* A ratio is written only where both sides were observed: a period that
	 * a source of one side does not cover at all (KWB 2024 has inhabitants
	 * but no benefits) is no 'missing_input' value, which would hide the
	 * older period that has one; a published share likewise needs its value
	 * (share_status below).  The pivot has rows for the other indicators of
	 * the batch too: they observe neither side, so they are left out the
	 * same way. */
	bp_buf_adds(q, ", ");
	side_present_sql(s1, vars, nvars, q);
	bp_buf_adds(q, " AND ");
	side_present_sql(s2, vars, nvars, q);
	bp_buf_adds(q, " AS observed");
	bp_buf_adds(q, " FROM _bp_pivot p");
	/* Area-level survey results (import survey-results) come with bounds
	 * and respondents for the same cell of the same vintage, and a CBS or
	 * RIVM dump with a Marges dimension with the bounds of its estimates
	 * (cbsdump.c); other sources have no row there, so the join finds
	 * nothing for them. */
	if (def->kind == BP_KIND_PUBLISHED_SHARE)
		bp_buf_printf(q, " LEFT JOIN bp.observation_interval oi ON oi.variable_code = $6 "
		                 "AND oi.area_code = p.area_code AND oi.indeling_year = p.indeling_year "
		                 "AND oi.period = p.period AND oi.source_id = p.c%zu",
		              var_index(vars, nvars, s1->vars[0]) + 1);
	bp_buf_adds(q, "), ");

	/* r: the rows to write, direct and aggregated. */
	if (members)
		bp_buf_adds(q, "m AS (SELECT cm.custom_code, cm.indeling_year, cm.member_code, ca.gemeente_code, "
		               "  count(*) OVER (PARTITION BY cm.custom_code, cm.indeling_year) AS n_members "
		               "  FROM bp.custom_area_member cm "
		               "  JOIN bp.area ca ON ca.code = cm.custom_code AND ca.indeling_year = cm.indeling_year), ");
	if (def->kind == BP_KIND_RATIO) {
		bp_buf_adds(q,
			"r AS (SELECT e.area_code, e.indeling_year, e.period, e.num, e.den, NULL::float8 AS coverage, false AS estimate, "
			"  CASE WHEN e.num IS NULL OR e.den IS NULL "
			"       THEN (CASE WHEN e.secret THEN 'unknown_or_secret' ELSE 'not_applicable' END)::bp.value_status "
			"       ELSE coalesce(e.st, 'ok') END AS status, "
			"  CASE WHEN (e.num IS NULL OR e.den IS NULL) AND e.div_zero THEN 'zero_denominator' "
			"       WHEN (e.num IS NULL OR e.den IS NULL) AND NOT e.secret THEN 'not_measured' "
			"       WHEN e.num IS NULL OR e.den IS NULL THEN 'missing_input' WHEN e.den = 0 THEN 'zero_denominator' "
			"       WHEN e.den < $3::float8 THEN 'small_denominator' END AS reason, "
			"  NULL::float8 AS published, e.gemeente_code, "
			"  NULL::float8 AS ci_lo, NULL::float8 AS ci_hi, NULL::float8 AS n_resp, false AS survey_result "
			"  FROM e WHERE e.observed");
		if (members)
			bp_buf_adds(q,
			" AND " OWN_FIGURES " UNION ALL "
			"SELECT m.custom_code, m.indeling_year, e.period, "
			"  sum(e.num) FILTER (WHERE e.num IS NOT NULL AND e.den IS NOT NULL), "
			"  sum(e.den) FILTER (WHERE e.num IS NOT NULL AND e.den IS NOT NULL), "
			"  count(*) FILTER (WHERE e.num IS NOT NULL AND e.den IS NOT NULL)::float8 / max(m.n_members), false, "
			"  coalesce(max(e.st) FILTER (WHERE e.num IS NOT NULL AND e.den IS NOT NULL), 'not_applicable'), "
			"  NULL, NULL, max(m.gemeente_code), NULL, NULL, NULL, false "
			"  FROM m JOIN e ON e.area_code = m.member_code AND e.indeling_year = m.indeling_year "
			" GROUP BY m.custom_code, m.indeling_year, e.period HAVING bool_or(e.observed)");
	} else {
		/* Direct: the published figure as is (status kept); numerator and
		 * denominator are share x base and base where the base is known;
		 * a survey result's published bounds and respondents with it, and
		 * no value below the minimum of respondents ($7): an estimate from
		 * 12 people is not published, nor used as a reference or in a
		 * composite (both read only published values).
		 * Aggregated: sum(share x base) / sum(base) over the members with
		 * both and enough respondents (a member's figure from too few
		 * respondents is no more reliable for being summed), an estimate
		 * without interval: the published bounds do not combine. */
		bp_buf_adds(q,
			"r AS (SELECT e.area_code, e.indeling_year, e.period, e.num * e.den AS num, e.den, NULL::float8 AS coverage, "
			"  false AS estimate, e.share_status AS status, "
			"  CASE WHEN e.num IS NULL AND e.div_zero THEN 'zero_denominator' "
			"       WHEN e.num IS NULL AND e.share_status = 'not_applicable' THEN 'not_measured' "
			"       WHEN e.num IS NULL THEN 'missing_input' "
			"       WHEN e.n_resp = 0 THEN 'no_respondents' "
			"       WHEN e.n_resp < $7::float8 THEN 'few_respondents' END AS reason, "
			"  e.num AS published, e.gemeente_code, e.ci_lo, e.ci_hi, e.n_resp, e.survey_result "
			"  FROM e WHERE e.share_status IS NOT NULL");
		if (members)
			bp_buf_adds(q,
			" AND " OWN_FIGURES " UNION ALL "
			"SELECT m.custom_code, m.indeling_year, e.period, "
			"  sum(e.num * e.den) FILTER (WHERE e.usable), "
			"  sum(e.den) FILTER (WHERE e.usable), "
			"  count(*) FILTER (WHERE e.usable)::float8 / max(m.n_members), true, "
			"  coalesce(max(e.share_status) FILTER (WHERE e.usable), 'not_applicable'), "
			"  NULL, NULL, max(m.gemeente_code), NULL, NULL, NULL, false "
			"  FROM m JOIN (SELECT e.*, e.num IS NOT NULL AND e.den IS NOT NULL "
			"                 AND coalesce(e.n_resp >= $7::float8, true) AS usable FROM e) e "
			"    ON e.area_code = m.member_code AND e.indeling_year = m.indeling_year "
			" WHERE e.share_status IS NOT NULL "
			" GROUP BY m.custom_code, m.indeling_year, e.period");
	}
	bp_buf_adds(q, "), ");
	/* Aggregates: too few members with data, then the usual checks, once, on the totals. */
	bp_buf_adds(q,
		"ins AS (INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, numerator, "
		"  denominator, n_unweighted, ci_low, ci_high, coverage, suppressed_reason, status, estimate, "
		"  definition_hash, gemeente_code, survey_result) "
		"SELECT $1, x.area_code, x.indeling_year, x.period, "
		"  CASE WHEN x.reason IS NOT NULL THEN NULL WHEN x.coverage IS NULL AND x.published IS NOT NULL THEN x.published "
		"       ELSE x.num / x.den * $2::float8 END, "
		"  CASE WHEN x.reason IN ('few_respondents', 'no_respondents') THEN NULL ELSE x.num END, x.den, x.n_resp, "
		"  CASE WHEN x.reason IS NULL THEN x.ci_lo END, CASE WHEN x.reason IS NULL THEN x.ci_hi END, "
		"  x.coverage, x.reason, x.status, x.estimate, $4, x.gemeente_code, x.survey_result "
		"FROM (SELECT r.area_code, r.indeling_year, r.period, r.num, r.den, r.coverage, r.estimate, r.status, r.published, "
		"        r.gemeente_code, r.ci_lo, r.ci_hi, r.n_resp, r.survey_result, "
		"        CASE WHEN r.coverage IS NULL THEN r.reason "
		"             WHEN r.num IS NULL OR r.den IS NULL OR r.coverage < $5::float8 THEN 'low_coverage' "
		"             WHEN r.den = 0 THEN 'zero_denominator' "
		"             WHEN r.den < $3::float8 THEN 'small_denominator' END AS reason "
		"        FROM r) x "
		"RETURNING value IS NULL AS unpublished) "
		"SELECT count(*), count(*) FILTER (WHERE unpublished) FROM ins");
}


static void note_skipped(bp_compute_result *res, const char *id)
{
	if (res->n_skipped_ids < BP_COMPUTE_MAX_NOTES)
		res->skipped_ids[res->n_skipped_ids++] = id;
	res->skipped++;
}

/* ------------------------------------------------------------------ survey kinds */

/*
 * Survey indicators are computed from bp.survey_aggregate (per area,
 * question and category: respondents, sum of weights, sum of squared
 * weights), never from the microdata in survey_private.  Per area, five
 * sums describe the estimate completely:
 *   n    respondents in the base (answered the question, not a missing code)
 *   W    sum of their weights,  W2  sum of squared weights
 *   WY   sum of weight x y,     WYY sum of weight x y^2
 * where y is 1/0 for "in the listed categories" (proportion) or the
 * category's score (mean; the base is then the scored categories only).
 * All five add up over areas, so a custom area is the sum of its members'
 * sums (recomputed, never an average of shares), and its interval follows
 * from its own sums.  Estimate WY / W; Kish's effective sample size
 * n_eff = W^2 / W2 (the loss of precision from unequal weights); 95%
 * interval: Wilson's score interval on n_eff for a proportion (stays inside
 * [0, 1] and behaves near 0 and 1 where the normal one does not), the
 * normal interval with the weighted variance for a mean.  Suppression
 * (too few respondents, too little coverage) is decided once, on the
 * area's own sums: a member below the minimum still counts in the total.
 *
 * Parameters: $1 id, $2 scale, $3 min_respondents, $4 definition hash,
 * $5 min_coverage, $6 survey name, $7 question, $8 categories (text[]),
 * $9 scores (float8[], mean only).
 */
#define Z95 "1.959963984540054"

static void build_survey_sql(const bp_indicator_def *def, bp_buf *q)
{
	if (def->kind == BP_KIND_SURVEY_PROPORTION)
		bp_buf_adds(q,
			"WITH g AS (SELECT sa.area_code, sa.indeling_year, sa.period, bool_or(sv.synthetic) AS syn, "
			"  max(sa.base_n)::float8 AS n, max(sa.base_sum_w) AS w, max(sa.base_sum_w2) AS w2, "
			"  coalesce(sum(sa.sum_w) FILTER (WHERE sa.category = ANY($8::text[])), 0) AS wy, "
			"  coalesce(sum(sa.sum_w) FILTER (WHERE sa.category = ANY($8::text[])), 0) AS wyy "
			"  FROM bp.survey_aggregate sa JOIN bp.survey sv ON sv.id = sa.survey_id "
			" WHERE sv.name = $6 AND sa.question = $7 "
			" GROUP BY sa.survey_id, sa.area_code, sa.indeling_year, sa.period), ");
	else
		bp_buf_adds(q,
			"WITH g AS (SELECT sa.area_code, sa.indeling_year, sa.period, bool_or(sv.synthetic) AS syn, "
			"  sum(sa.n_unweighted)::float8 AS n, sum(sa.sum_w) AS w, sum(sa.sum_w2) AS w2, "
			"  sum(c.score * sa.sum_w) AS wy, sum(c.score * c.score * sa.sum_w) AS wyy "
			"  FROM bp.survey_aggregate sa JOIN bp.survey sv ON sv.id = sa.survey_id "
			"  JOIN unnest($8::text[], $9::float8[]) AS c(category, score) ON c.category = sa.category "
			" WHERE sv.name = $6 AND sa.question = $7 "
			" GROUP BY sa.survey_id, sa.area_code, sa.indeling_year, sa.period), ");
	bp_buf_adds(q,
		"m AS (SELECT cm.custom_code, cm.indeling_year, cm.member_code, "
		"  count(*) OVER (PARTITION BY cm.custom_code, cm.indeling_year) AS n_members "
		"  FROM bp.custom_area_member cm), "
		"r AS (SELECT g.area_code, g.indeling_year, g.period, g.n, g.w, g.w2, g.wy, g.wyy, g.syn, "
		"  NULL::float8 AS coverage "
		"  FROM g JOIN bp.area a ON a.code = g.area_code AND a.indeling_year = g.indeling_year "
		" WHERE a.level <> 'custom' "
		"UNION ALL "
		"SELECT m.custom_code, m.indeling_year, g.period, sum(g.n), sum(g.w), sum(g.w2), sum(g.wy), sum(g.wyy), "
		"  bool_or(g.syn), count(*)::float8 / max(m.n_members) "
		"  FROM m JOIN g ON g.area_code = m.member_code AND g.indeling_year = m.indeling_year "
		" GROUP BY m.custom_code, m.indeling_year, g.period), "
		"x AS (SELECT r.*, r.wy / nullif(r.w, 0) AS est, r.w * r.w / nullif(r.w2, 0) AS ne, "
		"  CASE WHEN r.coverage < $5::float8 THEN 'low_coverage' "
		"       WHEN r.n = 0 OR r.w = 0 THEN 'no_respondents' "
		"       WHEN r.n < $3::float8 THEN 'few_respondents' END AS reason "
		"  FROM r), ");
	if (def->kind == BP_KIND_SURVEY_PROPORTION)
		/* Wilson: centre (p + z^2/2n) / (1 + z^2/n), half-width
		 * z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n), with n = n_eff. */
		bp_buf_adds(q,
			"y AS (SELECT x.*, "
			"  ((x.est + " Z95 "^2 / (2 * x.ne)) - " Z95 " * sqrt(greatest(x.est * (1 - x.est), 0) / x.ne "
			"     + " Z95 "^2 / (4 * x.ne * x.ne))) / (1 + " Z95 "^2 / x.ne) AS lo, "
			"  ((x.est + " Z95 "^2 / (2 * x.ne)) + " Z95 " * sqrt(greatest(x.est * (1 - x.est), 0) / x.ne "
			"     + " Z95 "^2 / (4 * x.ne * x.ne))) / (1 + " Z95 "^2 / x.ne) AS hi "
			"  FROM x WHERE x.reason IS NULL "
			"UNION ALL SELECT x.*, NULL, NULL FROM x WHERE x.reason IS NOT NULL) ");
	else
		/* Weighted variance sum w (y - mean)^2 / W = WYY/W - mean^2, times
		 * n_eff / (n_eff - 1) against its bias; standard error sqrt(s^2 / n_eff). */
		/* The normal interval can pass the scale's end (a saldo of 95
		 * over 30 respondents): clipped to the lowest and highest score. */
		bp_buf_adds(q,
			"y AS (SELECT x.*, greatest(x.est - " Z95 " * sqrt(greatest(x.wyy / x.w - x.est * x.est, 0) "
			"     * x.ne / (x.ne - 1) / x.ne), (SELECT min(v) FROM unnest($9::float8[]) v)) AS lo, "
			"  least(x.est + " Z95 " * sqrt(greatest(x.wyy / x.w - x.est * x.est, 0) "
			"     * x.ne / (x.ne - 1) / x.ne), (SELECT max(v) FROM unnest($9::float8[]) v)) AS hi "
			"  FROM x WHERE x.reason IS NULL AND x.ne > 1 "
			"UNION ALL SELECT x.*, NULL, NULL FROM x WHERE x.reason IS NOT NULL OR NOT x.ne > 1) ");
	/* A suppressed value keeps its base (n, weights: what an aggregate
	 * needs) but not WY, from which the hidden share would follow. */
	bp_buf_adds(q,
		"INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, numerator, "
		"  denominator, n_unweighted, sum_w, sum_w2, ci_low, ci_high, coverage, suppressed_reason, status, "
		"  estimate, synthetic, definition_hash, gemeente_code) "
		"SELECT $1, y.area_code, y.indeling_year, y.period, "
		"  CASE WHEN y.reason IS NULL THEN y.est * $2::float8 END, "
		"  CASE WHEN y.reason IS NULL THEN y.wy END, y.w, y.n, y.w, y.w2, "
		"  y.lo * $2::float8, y.hi * $2::float8, y.coverage, y.reason, 'ok', false, y.syn, $4, a.gemeente_code "
		"FROM y JOIN bp.area a ON a.code = y.area_code AND a.indeling_year = y.indeling_year");
}

/* A text-array literal of names the loader admitted ([a-z0-9_]) or numbers. */
static char *names_literal(bp_arena *a, const char *const *names, const double *nums, size_t n)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_adds(&b, "{");
	for (size_t i = 0; i < n; i++) {
		if (nums)
			bp_buf_printf(&b, "%s%.17g", i ? "," : "", nums[i]);
		else
			bp_buf_printf(&b, "%s%s", i ? "," : "", names[i]);
	}
	bp_buf_adds(&b, "}");
	char *s = bp_arena_strndup(a, b.data, b.len);
	bp_buf_release(&b);
	return s;
}

/*
 * The question and categories must exist in the mapping the survey was
 * imported with; a mistake points at the definition's line and column.
 * *present = 0 when no survey of that name is imported (skip, not an error).
 */
static bp_rc check_survey(PGconn *conn, const bp_indicator_def *def, int *present, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	{
		const char *p[] = { def->survey };
		if ((rc = bp_pg_query(conn, "SELECT count(*) FROM bp.survey WHERE name = $1", 1, p, &r, err)))
			return rc;
		long surveys;
		rc = bp_pg_long(r, 0, 0, &surveys, err);
		PQclear(r);
		if (rc)
			return rc;
		*present = surveys > 0;
		if (!*present)
			return BP_OK;
	}
	{
		const char *p[] = { def->survey, def->question };
		if ((rc = bp_pg_query(conn, "SELECT 1 FROM bp.survey_question q JOIN bp.survey s ON s.id = q.survey_id "
		                            "WHERE s.name = $1 AND q.question = $2 LIMIT 1", 2, p, &r, err)))
			return rc;
		int found = PQntuples(r) > 0;
		PQclear(r);
		if (!found) {
			bp_error_at(err, def->question_loc.file, def->question_loc.line, def->question_loc.column);
			bp_fail(err, BP_ERR_CONFIG, "survey '%s' has no question '%s'", def->survey, def->question);
			bp_error_hint(err, "the questions are those of the mapping the survey was imported with (surveys/*.yaml, 'variable:')");
			return BP_ERR_CONFIG;
		}
	}
	for (size_t i = 0; i < def->n_categories; i++) {
		const char *p[] = { def->survey, def->question, def->categories[i] };
		if ((rc = bp_pg_query(conn, "SELECT 1 FROM bp.survey_category c JOIN bp.survey s ON s.id = c.survey_id "
		                            "WHERE s.name = $1 AND c.question = $2 AND c.category = $3 LIMIT 1", 3, p, &r, err)))
			return rc;
		int found = PQntuples(r) > 0;
		PQclear(r);
		if (!found) {
			const char *q[] = { def->survey, def->question };
			if ((rc = bp_pg_query(conn, "SELECT string_agg(DISTINCT c.category, ', ') FROM bp.survey_category c "
			                            "JOIN bp.survey s ON s.id = c.survey_id WHERE s.name = $1 AND c.question = $2",
			                      2, q, &r, err)))
				return rc;
			bp_error_at(err, def->categories_loc.file, def->categories_loc.line, def->categories_loc.column);
			bp_fail(err, BP_ERR_CONFIG, "question '%s' of survey '%s' has no category '%s'",
			        def->question, def->survey, def->categories[i]);
			bp_error_hint(err, "its categories are: %s", PQgetvalue(r, 0, 0));
			PQclear(r);
			return BP_ERR_CONFIG;
		}
	}
	return BP_OK;
}

static const char survey_fingerprint_sql[] =
	"SELECT coalesce((SELECT string_agg(id || ':' || source_id || ':' || mapping_hash || ':' || synthetic, ',' ORDER BY id) "
	"                   FROM bp.survey WHERE name = $1), '') "
	"    || ';' || coalesce((SELECT string_agg(custom_code || ':' || indeling_year || ':' || member_code, ',' "
	"                   ORDER BY custom_code, indeling_year, member_code) FROM bp.custom_area_member), '')";

static bp_rc compute_survey(PGconn *conn, const bp_indicator_def *def, int force,
                            bp_compute_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_arena *a = bp_arena_new();
	bp_buf q;
	bp_rc rc;
	char fingerprint_hash[65];
	int in_tx = 0;

	/* Checked (check_survey) and imported: bp_indicators_prepare. */
	bp_buf_init(&q);
	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto out;
	in_tx = 1;
	{
		const char *p[] = { def->id };
		if ((rc = bp_pg_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.indicator:' || $1, 0))",
		                      1, p, NULL, err)))
			goto out;
	}
	{
		const char *p[] = { def->survey };
		if ((rc = bp_pg_query(conn, survey_fingerprint_sql, 1, p, &r, err)))
			goto out;
		bp_sha256_hex(PQgetvalue(r, 0, 0), strlen(PQgetvalue(r, 0, 0)), fingerprint_hash);
		PQclear(r);
		r = NULL;
	}
	{
		int same = 0;
		if ((rc = unchanged_or_reset(conn, def, fingerprint_hash, force, &same, err)))
			goto out;
		if (same) {
			res->unchanged++;
			rc = bp_pg_exec(conn, "COMMIT", err);
			in_tx = 0;
			goto out;
		}
	}
	{
		char scale[64], minresp[64], mincov[64];
		snprintf(scale, sizeof(scale), "%.17g", def->scale);
		snprintf(minresp, sizeof(minresp), "%.17g", def->min_respondents);
		snprintf(mincov, sizeof(mincov), "%.17g", def->min_coverage);
		const char *p[] = { def->id, scale, minresp, def->hash, mincov, def->survey, def->question,
		                    names_literal(a, def->categories, NULL, def->n_categories),
		                    def->scores ? names_literal(a, NULL, def->scores, def->n_categories) : "{}" };
		build_survey_sql(def, &q);
		rc = bp_pg_query(conn, q.data, def->scores ? 9 : 8, p, &r, err);
		if (rc) {
			bp_error_at(err, def->loc.file, def->loc.line, def->loc.column);
			goto out;
		}
		res->values += atol(PQcmdTuples(r));
		PQclear(r);
		r = NULL;
	}
	{
		const char *p[] = { def->id };
		if ((rc = bp_pg_query(conn, "SELECT count(*) FROM bp.indicator_value WHERE indicator_id = $1 AND value IS NULL",
		                      1, p, &r, err)))
			goto out;
		long suppressed;
		rc = bp_pg_long(r, 0, 0, &suppressed, err);
		PQclear(r);
		r = NULL;
		if (rc)
			goto out;
		res->suppressed += suppressed;
	}
	rc = bp_pg_exec(conn, "COMMIT", err);
	in_tx = 0;
	if (rc == BP_OK)
		res->computed++;
out:
	if (rc && in_tx)
		bp_pg_rollback(conn);
	PQclear(r);
	bp_buf_release(&q);
	bp_arena_free(a);
	return rc;
}

/* A ratio or published share, parsed and checked, for the batch. */
typedef struct prepared {
	const bp_indicator_def *def;
	side s1, s2;
	const char **vars;     /* its variable codes, in order of first use */
	size_t nvars;
	char fingerprint[65];
	int compute;           /* 0: unchanged since its values were written */
} prepared;

/*
 * Parse and check a ratio or published share.  *ready = 0 when its known
 * variables have no observation at all (RIVM's Eenzaam before 50090NED is
 * imported): not a mistake in the definition; the caller skips it and says
 * so.  A ratio needs both sides; a published share only its value (without
 * a base it is still shown, not aggregated).
 */
static bp_rc prepare(PGconn *conn, bp_arena *a, const var_facts *f, const bp_indicator_def *def, prepared *p,
                     int *ready, bp_error *err)
{
	bp_rc rc;
	memset(p, 0, sizeof(*p));
	p->def = def;
	*ready = 0;
	if (def->kind == BP_KIND_PUBLISHED_SHARE) {
		if ((rc = parse_side(a, def->value, &def->value_loc, &p->s1, err)) ||
		    (rc = parse_side(a, def->base, &def->base_loc, &p->s2, err)))
			return rc;
		if (p->s1.expr->op != BP_EXPR_VAR) {
			bp_error_at(err, def->value_loc.file, def->value_loc.line, def->value_loc.column);
			return bp_fail(err, BP_ERR_CONFIG, "'value' must be one variable code, not an expression");
		}
	} else if ((rc = parse_side(a, def->numerator, &def->numerator_loc, &p->s1, err)) ||
	           (rc = parse_side(a, def->denominator, &def->denominator_loc, &p->s2, err))) {
		return rc;
	}
	if ((rc = check_side(conn, f, &p->s1, err)) || (rc = check_side(conn, f, &p->s2, err)))
		return rc;
	add_vars(a, p->s1.vars, p->s1.nvars, &p->vars, &p->nvars);
	add_vars(a, p->s2.vars, p->s2.nvars, &p->vars, &p->nvars);
	int o1 = 0, o2 = 1;
	if ((rc = side_observed(conn, f, &p->s1, array_literal(a, p->s1.vars, p->s1.nvars), &o1, err)))
		return rc;
	if (def->kind == BP_KIND_RATIO &&
	    (rc = side_observed(conn, f, &p->s2, array_literal(a, p->s2.vars, p->s2.nvars), &o2, err)))
		return rc;
	*ready = o1 && o2;
	return BP_OK;
}

/*
 * The facts of every variable the set's ratios and published shares use.
 * A definition that does not parse adds nothing here; prepare() reports it
 * in its turn, after the definitions before it, as without this query.
 */
static bp_rc load_var_facts(PGconn *conn, bp_arena *a, const bp_indicator_set *set, var_facts *f, bp_error *err)
{
	const char **vars = NULL;
	size_t nvars = 0;
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < set->n; i++) {
		const bp_indicator_def *def = &set->items[i];
		bp_error scratch = { 0 };
		side s1, s2;
		int share = def->kind == BP_KIND_PUBLISHED_SHARE;
		if (def->kind == BP_KIND_SURVEY_PROPORTION || def->kind == BP_KIND_SURVEY_MEAN)
			continue;
		if (parse_side(a, share ? def->value : def->numerator, share ? &def->value_loc : &def->numerator_loc,
		               &s1, &scratch) == BP_OK)
			add_vars(a, s1.vars, s1.nvars, &vars, &nvars);
		if (parse_side(a, share ? def->base : def->denominator, share ? &def->base_loc : &def->denominator_loc,
		               &s2, &scratch) == BP_OK)
			add_vars(a, s2.vars, s2.nvars, &vars, &nvars);
	}
	if (nvars == 0)
		return BP_OK;
	PGresult *r = NULL;
	const char *p[] = { array_literal(a, vars, nvars) };
	bp_rc rc = bp_pg_query(conn, "SELECT v.code, EXISTS (SELECT 1 FROM bp.variable x WHERE x.code = v.code), "
	                             "EXISTS (SELECT 1 FROM bp.observation_all o WHERE o.variable_code = v.code) "
	                             "FROM unnest($1::text[]) AS v(code)", 1, p, &r, err);
	if (rc)
		return rc;
	size_t n = (size_t)PQntuples(r);
	f->codes = bp_arena_alloc(a, (n + 1) * sizeof(*f->codes));
	f->known = bp_arena_alloc(a, n + 1);
	f->observed = bp_arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++) {
		f->codes[i] = bp_arena_strndup(a, PQgetvalue(r, (int)i, 0), strlen(PQgetvalue(r, (int)i, 0)));
		f->known[i] = PQgetvalue(r, (int)i, 1)[0] == 't';
		f->observed[i] = PQgetvalue(r, (int)i, 2)[0] == 't';
	}
	f->n = n;
	PQclear(r);
	return BP_OK;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * Which vintages feed each indicator, and which members make up the custom
 * areas: a change of either changes its inputs fingerprint.  Two queries
 * for the whole batch: which sources observe each variable
 * (bp_variable_sources_sql), and the members.  The text hashed is the one
 * earlier versions hashed per indicator (the ids of the sources observing
 * any of its variables in text order, ';', the members), so stored
 * fingerprints still match; source ids are digits, whose text order is
 * strcmp's in any collation.
 *
 * One probe per variable and source, which stops at the first observation
 * (DISTINCT over every observation of the variables read all of them, 60 ms
 * per indicator for all of Nederland), through sql/036's index on
 * (source_id, variable_code): a pair without observations is one probe
 * too (before it, every observation of the variable: 0.09 s of the
 * server's CPU for the indicators of all of Nederland, 0.13 s for the
 * similar areas' variables).  LATERAL ... LIMIT 1, not EXISTS: PostgreSQL
 * turned the EXISTS into a join with every observation of the variables.
 */
const char bp_variable_sources_sql[] =
	"SELECT v.code, s.id::text FROM unnest($1::text[]) AS v(code) CROSS JOIN bp.source s "
	"CROSS JOIN LATERAL (SELECT 1 FROM bp.observation_all o "
	"                     WHERE o.source_id = s.id AND o.variable_code = v.code LIMIT 1) x";

static const char members_sql[] =
	"SELECT coalesce((SELECT string_agg(custom_code || ':' || indeling_year || ':' || member_code, ',' "
	"                   ORDER BY custom_code, indeling_year, member_code) FROM bp.custom_area_member), '')";

/* Whether code is one of vars[0..n). */
static int has_var(const char *const *vars, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(vars[i], code) == 0)
			return 1;
	return 0;
}

/* Also *multi (*nmulti codes): the variables observed by more than one
 * source, for the pivot (build_pivot_sql); *members: whether any custom
 * area has members (build_sql). */
static bp_rc fingerprints(PGconn *conn, bp_arena *a, prepared *items, size_t n, const char *all_vars,
                          const char ***multi, size_t *nmulti, int *members, bp_error *err)
{
	PGresult *src = NULL, *mem = NULL;
	const char *p[] = { all_vars };
	bp_rc rc;
	if ((rc = bp_pg_query(conn, bp_variable_sources_sql, 1, p, &src, err)) ||
	    (rc = bp_pg_query(conn, members_sql, 0, NULL, &mem, err)))
		goto out;
	*members = PQgetvalue(mem, 0, 0)[0] != '\0';
	int rows = PQntuples(src);
	const char **ids = bp_arena_alloc(a, ((size_t)rows + 1) * sizeof(*ids));
	*multi = bp_arena_alloc(a, ((size_t)rows + 1) * sizeof(**multi));
	*nmulti = 0;
	for (int r = 0; r < rows; r++) {
		const char *code = PQgetvalue(src, r, 0);
		int again = 0;
		for (int o = 0; o < rows && !again; o++)
			again = o != r && strcmp(PQgetvalue(src, o, 0), code) == 0;
		if (again && !has_var(*multi, *nmulti, code))
			(*multi)[(*nmulti)++] = bp_arena_strndup(a, code, strlen(code));
	}
	for (size_t i = 0; i < n; i++) {
		prepared *it = &items[i];
		size_t k = 0;
		for (int r = 0; r < rows; r++) {
			const char *code = PQgetvalue(src, r, 0), *id = PQgetvalue(src, r, 1);
			size_t v = var_index(it->vars, it->nvars, code);
			if (strcmp(it->vars[v], code) != 0)
				continue;
			size_t j = 0;
			while (j < k && strcmp(ids[j], id) != 0)
				j++;
			if (j == k)
				ids[k++] = id;
		}
		qsort(ids, k, sizeof(*ids), cmp_str);
		bp_buf b;
		bp_buf_init(&b);
		for (size_t j = 0; j < k; j++)
			bp_buf_printf(&b, "%s%s", j ? "," : "", ids[j]);
		bp_buf_printf(&b, ";%s", PQgetvalue(mem, 0, 0));
		bp_sha256_hex(b.data, b.len, it->fingerprint);
		bp_buf_release(&b);
	}
out:
	PQclear(src);
	PQclear(mem);
	return rc;
}

/*
 * The values of every indicator but ids (a text[] literal) and, unless
 * keep_composites, the composites' set aside, the table truncated and
 * they put back (compute_batch).  Which other indicators there are is
 * asked of bp.indicator first: every writer of values upserts its row
 * there before, and deleting it deletes the values (sql/014), so without
 * one there is nothing to keep, and the set-aside's scan of every value
 * (all of Nederland: 438,000 rows, ~0.1 s of CPU) is left out.
 */
static bp_rc truncate_keeping_others(PGconn *conn, const char *ids, int keep_composites, bp_error *err)
{
	const char *p[] = { ids };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, keep_composites ?
	                       "SELECT EXISTS (SELECT 1 FROM bp.indicator WHERE id <> ALL($1::text[]))" :
	                       "SELECT EXISTS (SELECT 1 FROM bp.indicator WHERE id <> ALL($1::text[]) "
	                       "AND kind IS DISTINCT FROM 'composite')", 1, p, &r, err);
	if (rc)
		return rc;
	int others = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!others)
		return bp_pg_exec(conn, "TRUNCATE bp.indicator_value", err);
	if ((rc = bp_pg_query(conn, keep_composites ?
	                      "CREATE TEMP TABLE _bp_keep ON COMMIT DROP AS SELECT * FROM bp.indicator_value "
	                      "WHERE indicator_id <> ALL($1::text[])" :
	                      "CREATE TEMP TABLE _bp_keep ON COMMIT DROP AS SELECT * FROM bp.indicator_value "
	                      "WHERE indicator_id <> ALL($1::text[]) "
	                      "  AND indicator_id NOT IN (SELECT id FROM bp.indicator WHERE kind = 'composite')",
	                      1, p, NULL, err)) ||
	    (rc = bp_pg_exec(conn, "TRUNCATE bp.indicator_value", err)))
		return rc;
	return bp_pg_exec(conn, "INSERT INTO bp.indicator_value SELECT * FROM _bp_keep", err);
}

/*
 * The ratios and published shares, in one transaction: each indicator that
 * changed (or all, with force) gets its definition recorded, its old values
 * deleted and its new values written by its own statement (so that a
 * failure names its definition), all of them reading one pivot of the
 * observations of their variables (build_pivot_sql).
 */
static bp_rc compute_batch(PGconn *conn, bp_arena *a, prepared *items, size_t n, int force, int keep_composites,
                           int *composites_emptied, bp_compute_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_buf q;
	bp_rc rc;
	const char **vars = NULL, **ids = NULL, **multi = NULL;
	size_t nvars = 0, nids = 0, nmulti = 0;
	int members = 0, truncated = 0;

	bp_buf_init(&q);
	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto out;
	/*
	 * 64 MB: the pivot's sort of the newest vintages (90,000 observations
	 * for a RIVM share over three periods) spilled to disk at the default.
	 */
	if ((rc = bp_pg_exec(conn, "SET LOCAL work_mem = '64MB'", err)))
		goto out;
	/* Serialise computations of one indicator across processes (the ids in set order). */
	for (size_t i = 0; i < n; i++) {
		const char *p[] = { items[i].def->id };
		if ((rc = bp_pg_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.indicator:' || $1, 0))",
		                      1, p, NULL, err)))
			goto out;
		add_vars(a, items[i].vars, items[i].nvars, &vars, &nvars);
	}
	if ((rc = fingerprints(conn, a, items, n, array_literal(a, vars, nvars), &multi, &nmulti, &members, err)))
		goto out;
	ids = bp_arena_alloc(a, (n + 1) * sizeof(*ids));
	nvars = 0;
	for (size_t i = 0; i < n; i++) {
		prepared *it = &items[i];
		int same = 0;
		if (!force && (rc = is_unchanged(conn, it->def, it->fingerprint, &same, err)))
			goto out;
		if (same) {
			res->unchanged++;
			continue;
		}
		if ((rc = record_definition(conn, it->def, it->fingerprint, err)))
			goto out;
		it->compute = 1;
		ids[nids++] = it->def->id;
		add_vars(a, it->vars, it->nvars, &vars, &nvars);
	}
	if (nids == 0) {
		rc = bp_pg_exec(conn, "COMMIT", err);
		goto out;
	}
	/*
	 * The old values go.  With force nearly every row of the table does: a
	 * DELETE of 330,000 rows took 0.9 s for all of Nederland (dead rows,
	 * and the statement trigger of sql/014 collecting them all), so the
	 * rows of the other indicators (surveys, composites) are set aside,
	 * the table truncated and they are put back.  The ranks TRUNCATE would
	 * leave behind are gone already (bp_compute_indicators).  Not the
	 * composites' when they are rewritten next in the same run (pipeline.c):
	 * their 104,000 values were kept only to be deleted again.
	 */
	{
		const char *p[] = { array_literal(a, ids, nids) };
		if (force) {
			if ((rc = truncate_keeping_others(conn, p[0], keep_composites, err)))
				goto out;
			truncated = !keep_composites;
		} else if ((rc = bp_pg_query(conn, "DELETE FROM bp.indicator_value WHERE indicator_id = ANY($1::text[])",
		                             1, p, NULL, err))) {
			goto out;
		}
	}
	{
		const char **p = bp_arena_alloc(a, (2 + nvars) * sizeof(*p));
		const char **one = bp_arena_alloc(a, (nvars + 1) * sizeof(*one));
		const char **several = bp_arena_alloc(a, (nvars + 1) * sizeof(*several));
		size_t none = 0, nseveral = 0;
		for (size_t i = 0; i < nvars; i++) {
			p[1 + i] = vars[i];
			if (has_var(multi, nmulti, vars[i]))
				several[nseveral++] = vars[i];
			else
				one[none++] = vars[i];
		}
		p[0] = array_literal(a, one, none);
		p[1 + nvars] = array_literal(a, several, nseveral);
		/* The sources of the published shares' values (their intervals). */
		int *want_source = bp_arena_alloc(a, (nvars + 1) * sizeof(int));
		memset(want_source, 0, (nvars + 1) * sizeof(int));
		for (size_t i = 0; i < n; i++)
			if (items[i].compute && items[i].def->kind == BP_KIND_PUBLISHED_SHARE)
				want_source[var_index(vars, nvars, items[i].s1.vars[0])] = 1;
		build_pivot_sql(nvars, want_source, &q);
		if ((rc = bp_pg_query(conn, q.data, (int)(2 + nvars), p, NULL, err)))
			goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const prepared *it = &items[i];
		const bp_indicator_def *def = it->def;
		if (!it->compute)
			continue;
		char scale[64], minden[64], mincov[64], minresp[64];
		snprintf(scale, sizeof(scale), "%.17g", def->scale);
		snprintf(minden, sizeof(minden), "%.17g", def->min_denominator);
		snprintf(mincov, sizeof(mincov), "%.17g", def->min_coverage);
		snprintf(minresp, sizeof(minresp), "%.17g", def->min_respondents);
		/* $6 the value variable, $7 min_respondents: published shares only. */
		const char *p[] = { def->id, scale, minden, def->hash, mincov, it->s1.vars[0], minresp };
		int np = def->kind == BP_KIND_PUBLISHED_SHARE ? 7 : 5;
		bp_buf_reset(&q);
		build_sql(def, vars, nvars, it->vars, it->nvars, &it->s1, &it->s2, members, &q);
		if ((rc = bp_pg_query(conn, q.data, np, p, &r, err))) {
			bp_error_at(err, def->loc.file, def->loc.line, def->loc.column);
			goto out;
		}
		long values, suppressed;
		if ((rc = bp_pg_long(r, 0, 0, &values, err)) || (rc = bp_pg_long(r, 0, 1, &suppressed, err)))
			goto out;
		res->values += values;
		res->suppressed += suppressed;
		PQclear(r);
		r = NULL;
	}
	if ((rc = bp_pg_exec(conn, "COMMIT", err)))
		goto out;
	res->computed += (long)nids;
	*composites_emptied = truncated;
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	bp_buf_release(&q);
	return rc;
}

static const bp_bulk_index value_indexes[] = {
	{ "indicator_value_gemeente_idx", "gemeente_code, indicator_id" },
	{ "indicator_value_area_idx", "area_code, indeling_year" },
};

/* The key and indexes of bp.indicator_value as sql/001 made them. */
const bp_bulk_table bp_indicator_value_indexes = {
	"bp.indicator_value", { "indicator_value_pkey", "indicator_id, area_code, indeling_year, period" },
	value_indexes, sizeof(value_indexes) / sizeof(*value_indexes)
};

bp_rc bp_indicator_values_prepare_rewrite(PGconn *conn, bp_error *err)
{
	/*
	 * Every value is about to be replaced, so every rank made from them
	 * would cascade away row by row (the statement trigger of sql/014 joins
	 * each indicator's old values to the ranks).  TRUNCATE drops them at
	 * once; compare rebuilds them (its basis is dropped with them).
	 */
	bp_rc rc;
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = bp_pg_exec(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.indicator_comparison', 0))", err)) ||
	    (rc = bp_pg_exec(conn, "TRUNCATE bp.comparison_rank, bp.comparison_scope", err)) ||
	    (rc = bp_pg_exec(conn, "DELETE FROM bp.comparison_basis", err)) ||
	    (rc = bp_bulk_drop_indexes(conn, &bp_indicator_value_indexes, err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		bp_pg_rollback(conn);
	return rc;
}

/* What bp_indicators_prepare found ready to compute. */
struct bp_indicator_batch {
	const bp_indicator_def **surveys;
	size_t n_surveys;
	prepared *items;       /* the ratios and published shares */
	size_t n;
	int composites_follow; /* bp_indicator_batch_composites_follow */
	int composites_emptied; /* bp_indicator_batch_composites_emptied */
	const bp_indicator_set *set; /* every definition, for their roles */
};

/*
 * Every definition's role (`role:`) into bp.indicator, whether or not its
 * values were recomputed: the role is not part of the hash (it changes
 * what the needs overview does with the values, not the values), so an
 * unchanged indicator would otherwise keep the role it was first computed
 * with.  One statement for the whole set; rows already right are not
 * written, so an unchanged run changes nothing.
 */
static bp_rc store_roles(PGconn *conn, const bp_indicator_set *set, bp_error *err)
{
	bp_buf ids, roles;
	bp_buf_init(&ids);
	bp_buf_init(&roles);
	bp_buf_adds(&ids, "{");
	bp_buf_adds(&roles, "{");
	for (size_t i = 0; i < set->n; i++) {
		const char *role = bp_role_name(set->items[i].role);
		/* ids are [a-z0-9_]+ (indicator_def.c): no quoting needed in the array literal */
		bp_buf_printf(&ids, "%s%s", i ? "," : "", set->items[i].id);
		bp_buf_printf(&roles, "%s%s", i ? "," : "", role ? role : "NULL");
	}
	bp_buf_adds(&ids, "}");
	bp_buf_adds(&roles, "}");
	const char *p[] = { ids.data, roles.data };
	bp_rc rc = bp_pg_query(conn, "UPDATE bp.indicator i SET role = r.role "
	                             "FROM unnest($1::text[], $2::text[]) AS r(id, role) "
	                             "WHERE i.id = r.id AND i.role IS DISTINCT FROM r.role", 2, p, NULL, err);
	bp_buf_release(&ids);
	bp_buf_release(&roles);
	return rc;
}

bp_rc bp_indicators_prepare(PGconn *conn, const bp_indicator_set *set, bp_arena *a, bp_indicator_batch **out,
                            bp_compute_result *res, bp_error *err)
{
	bp_rc rc = BP_OK;
	bp_indicator_batch *b = bp_arena_alloc(a, sizeof(*b));
	memset(res, 0, sizeof(*res));
	b->surveys = bp_arena_alloc(a, (set->n + 1) * sizeof(*b->surveys));
	b->items = bp_arena_alloc(a, (set->n + 1) * sizeof(*b->items));
	b->n_surveys = b->n = 0;
	b->set = set;
	b->composites_follow = 0;
	b->composites_emptied = 0;
	var_facts facts;
	rc = load_var_facts(conn, a, set, &facts, err);
	for (size_t i = 0; i < set->n && rc == BP_OK; i++) {
		const bp_indicator_def *def = &set->items[i];
		int ready = 0;
		if (def->kind == BP_KIND_SURVEY_PROPORTION || def->kind == BP_KIND_SURVEY_MEAN)
			rc = check_survey(conn, def, &ready, err);
		else
			rc = prepare(conn, a, &facts, def, &b->items[b->n], &ready, err);
		if (rc == BP_OK && !ready)
			note_skipped(res, def->id);
		else if (rc == BP_OK && (def->kind == BP_KIND_SURVEY_PROPORTION || def->kind == BP_KIND_SURVEY_MEAN))
			b->surveys[b->n_surveys++] = def;
		else if (rc == BP_OK)
			b->n++;
	}
	*out = b;
	return rc;
}

void bp_indicator_batch_composites_follow(bp_indicator_batch *b)
{
	b->composites_follow = 1;
}

int bp_indicator_batch_composites_emptied(const bp_indicator_batch *b)
{
	return b->composites_emptied;
}

/*
 * After a failure, what the run left: each survey indicator, and the batch
 * of ratios, is committed in its own transaction together with the
 * fingerprint of its inputs, so what was committed is complete and current,
 * and the failed one was rolled back to what it had.  Rolling the earlier
 * ones back as well would need one transaction around writes that also
 * rebuild keys and indexes; redoing only what is not current costs
 * nothing.  The user is told which way it went.
 */
static void note_kept(long kept, bp_error *err)
{
	if (!err || kept <= 0)
		return;
	char was[BP_ERROR_TEXT];
	snprintf(was, sizeof(was), "%s", err->hint);
	bp_error_hint(err, "%s%s%ld indicator(s) computed before the failure were kept (each written whole, with the "
	              "fingerprint of its inputs); the failed one and those after it keep what they had: after the fix, "
	              "'buurtpeil compute' redoes only what is not current", was, *was ? "; " : "", kept);
}

bp_rc bp_indicators_compute(PGconn *conn, bp_indicator_batch *b, int force, bp_compute_result *res, bp_error *err)
{
	bp_rc rc = BP_OK;
	bp_arena *a = bp_arena_new();
	for (size_t i = 0; i < b->n_surveys && rc == BP_OK; i++)
		rc = compute_survey(conn, b->surveys[i], force, res, err);
	if (rc == BP_OK && b->n > 0)
		rc = compute_batch(conn, a, b->items, b->n, force, !b->composites_follow, &b->composites_emptied, res, err);
	if (rc == BP_OK && b->set->n > 0)
		rc = store_roles(conn, b->set, err);
	if (rc)
		note_kept(res->computed, err);
	bp_arena_free(a);
	return rc;
}

bp_rc bp_compute_indicators(PGconn *conn, const bp_indicator_set *set, int force,
                            bp_compute_result *res, bp_error *err)
{
	/*
	 * With force every value is written again: without the key and indexes,
	 * built once at the end (also after a failure, so that the table is
	 * never left without them).  The per-indicator DELETE of an incremental
	 * run then scans the table instead of the key: tens of milliseconds.
	 */
	int rewrite = force && set->n > 0;
	bp_arena *a = bp_arena_new();
	bp_indicator_batch *b = NULL;
	bp_rc rc = bp_indicators_prepare(conn, set, a, &b, res, err);
	if (rc == BP_OK && rewrite && (rc = bp_indicator_values_prepare_rewrite(conn, err)) == BP_OK) {
		rc = bp_indicators_compute(conn, b, force, res, err);
		bp_bulk_restore_after(conn, &bp_indicator_value_indexes, &rc, err);
	} else if (rc == BP_OK && !rewrite) {
		rc = bp_indicators_compute(conn, b, force, res, err);
	}
	bp_arena_free(a);
	return rc;
}

int bp_suppressed_is_missing(const char *code)
{
	return !code || !*code || strcmp(code, "missing_input") == 0 || strcmp(code, "not_measured") == 0;
}

const char *bp_suppressed_reason_nl(const char *code)
{
	if (!code || !*code)
		return "";
	if (strcmp(code, "missing_input") == 0)
		return "onbekend of geheim";
	/* The source left the cell empty on purpose (RIVM did not ask about
	 * volunteering in 2012; CBS: cannot occur): not a secret (issue 21). */
	if (strcmp(code, "not_measured") == 0)
		return "niet gemeten of niet van toepassing";
	/* Not "geen inwoners": the divisor may be households, or a divisor
	 * inside an expression ("a / b" with b = 0). */
	if (strcmp(code, "zero_denominator") == 0)
		return "deler is 0: niet te berekenen";
	if (strcmp(code, "small_denominator") == 0)
		return "te weinig inwoners";
	if (strcmp(code, "low_coverage") == 0)
		return "te weinig gegevens";
	/* A composite over a level of one area, or of areas all alike (composite.c "flat"). */
	if (strcmp(code, "too_few_to_normalise") == 0)
		return "te weinig gebieden met verschillende waarden om te normaliseren";
	if (strcmp(code, "few_respondents") == 0)
		return "te weinig respondenten";
	if (strcmp(code, "no_respondents") == 0)
		return "geen respondenten";
	/* A translated value (engine/translate.h) one of whose old areas had none. */
	if (strcmp(code, "translation_incomplete") == 0)
		return "niet om te rekenen: een deel van het gebied heeft geen waarde";
	return "niet gepubliceerd";
}
