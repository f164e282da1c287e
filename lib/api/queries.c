#include "api/queries.h"

#include <stdio.h>

#include "db/pgutil.h"

/* One comparison of v (an indicator value) of a kind, as a lateral join:
 * the view's filter on reference_kind leaves one branch of its UNION ALL. */
#define CMP(ALIAS, KIND) \
	" LEFT JOIN LATERAL (SELECT c.reference_code, c.reference_period, c.reference_value, c.difference, " \
	"       c.percentile, c.n_ranked, c.worst_decile, c.significant, c.not_ranked_reason, " \
	"       ri.ci_low AS reference_ci_low, ri.ci_high AS reference_ci_high " \
	"  FROM bp.indicator_comparison c " \
	/* The reference's own interval (a gemeente's survey estimate): its \
	 * value's row, as the reports read it (engine/compare.h gem_lo); \
	 * only where the answer gives one (the kind is a constant here, so \
	 * the previous period's lateral reads no row for it). */ \
	"  LEFT JOIN bp.indicator_value ri ON '" KIND "' IN ('land', 'gemeente') " \
	"       AND ri.indicator_id = c.indicator_id AND ri.area_code = c.reference_code " \
	"       AND ri.indeling_year = c.indeling_year AND ri.period = c.reference_period AND ri.value IS NOT NULL " \
	" WHERE c.indicator_id = v.indicator_id AND c.area_code = v.area_code " \
	"   AND c.indeling_year = v.indeling_year AND c.period = v.period AND c.reference_kind = '" KIND "') " ALIAS " ON true "

/* CODE is a gemeente of the published set (pool.c sets buurtpeil.gemeenten
 * from serve --config), or no set is given. */
#define PUBLISHED(CODE) \
	"(coalesce(current_setting('buurtpeil.gemeenten', true), '') = '' " \
	" OR " CODE " = ANY (current_setting('buurtpeil.gemeenten', true)::text[]))"

static const struct {
	const char *name;
	int nparams;
	const char *sql;
} stmts[BP_Q_N] = {
	[BP_Q_VERSION] = { "bp_api_version", 0,
		"SELECT b.fingerprint, to_char(b.built_at AT TIME ZONE 'UTC', 'Dy, DD Mon YYYY HH24:MI:SS \"GMT\"'), "
		"       (extract(epoch FROM b.built_at) * 1000000)::bigint "
		"  FROM bp.comparison_basis b WHERE b.id = 1" },
	[BP_Q_GEMEENTEN] = { "bp_api_gemeenten", 0,
		/* The gemeenten with indicator values: what publish can publish;
		 * with serve --config only the monitor's (PUBLISHED). */
		"SELECT DISTINCT ON (a.code) a.code, a.name, a.indeling_year FROM bp.area a "
		" WHERE a.level = 'gemeente' AND EXISTS (SELECT 1 FROM bp.indicator_value v WHERE v.gemeente_code = a.code) "
		"   AND " PUBLISHED("a.code")
		" ORDER BY a.code, a.indeling_year DESC" },
	[BP_Q_AREAS] = { "bp_api_areas", 3,
		"SELECT a.code, a.name, a.level::text, a.indeling_year, a.parent_code, a.gemeente_code FROM bp.area a "
		" WHERE ($1::text IS NULL OR a.gemeente_code = $1 OR a.code = $1) "
		"   AND ($2::text IS NULL OR a.level::text = $2) AND ($3::int IS NULL OR a.indeling_year = $3) "
		" ORDER BY a.level, a.code, a.indeling_year" },
	[BP_Q_AREA] = { "bp_api_area", 1,
		"SELECT a.code, a.name, a.level::text, a.indeling_year, a.parent_code, a.gemeente_code, "
		"       (SELECT g.name FROM bp.area g WHERE g.code = a.gemeente_code AND g.indeling_year = a.indeling_year) "
		"  FROM bp.area a WHERE a.code = $1 ORDER BY a.indeling_year DESC LIMIT 1" },
	[BP_Q_INDICATORS] = { "bp_api_indicators", 0,
		"SELECT i.id, i.title_nl, i.theme, i.kind, i.unit, i.decimals, i.polarity, i.source_text, i.role, "
		"       (SELECT array_to_json(array_agg(DISTINCT v.period ORDER BY v.period)) FROM bp.indicator_value v "
		"         WHERE v.indicator_id = i.id), "
		"       EXISTS (SELECT 1 FROM bp.indicator_value v WHERE v.indicator_id = i.id AND v.synthetic) "
		"  FROM bp.indicator i ORDER BY i.theme, i.id" },
	[BP_Q_INDICATOR] = { "bp_api_indicator", 1, "SELECT 1 FROM bp.indicator WHERE id = $1" },
	[BP_Q_GEMEENTE] = { "bp_api_gemeente", 1,
		"SELECT 1 FROM bp.area WHERE code = $1 AND level = 'gemeente' AND " PUBLISHED("code") " LIMIT 1" },
	[BP_Q_VALUES] = { "bp_api_values", 8,
		/* Never numerator or denominator: a suppressed value's counts are
		 * what suppression hides.  The interval only with a value. */
		"SELECT v.indicator_id, v.area_code, a.name, a.level::text, v.indeling_year, v.period, v.value, "
		"       CASE WHEN v.value IS NOT NULL THEN v.ci_low END, CASE WHEN v.value IS NOT NULL THEN v.ci_high END, "
		"       v.status::text, v.suppressed_reason, v.estimate, v.synthetic, v.gemeente_code, "
		"       cl.reference_code, cl.reference_value, cl.difference, cl.percentile, cl.n_ranked, cl.worst_decile, "
		"       cl.not_ranked_reason, s.national, s.n_ranked, "
		"       cg.reference_code, cg.reference_value, cg.difference, cg.percentile, cg.n_ranked, cg.worst_decile, "
		"       cg.not_ranked_reason, "
		"       cp.reference_period, cp.reference_value, cp.difference, cp.significant, "
		"       i.unit, i.decimals, i.source_text, v.translated, v.from_indeling_year, v.note, i.kind, "
		/* A published result with its respondents (import survey-results), for
		 * interval_basis; a translated value has no native row of its key. */
		"       EXISTS (SELECT 1 FROM bp.indicator_value n WHERE n.indicator_id = v.indicator_id "
		"               AND n.area_code = v.area_code AND n.indeling_year = v.indeling_year "
		"               AND n.period = v.period AND n.n_unweighted IS NOT NULL), "
		"       cl.reference_ci_low, cl.reference_ci_high, cg.reference_ci_low, cg.reference_ci_high, "
		/* A survey-results table's figure, with or without respondents (sql/034): a native
		 * row's, or a carried-over one's (the view gives from_indeling_year to those only). */
		"       CASE WHEN v.from_indeling_year IS NULL "
		"            THEN EXISTS (SELECT 1 FROM bp.indicator_value n WHERE n.indicator_id = v.indicator_id "
		"                  AND n.area_code = v.area_code AND n.indeling_year = v.indeling_year "
		"                  AND n.period = v.period AND n.survey_result) "
		"            ELSE EXISTS (SELECT 1 FROM bp.indicator_value_translated t WHERE t.indicator_id = v.indicator_id "
		"                  AND t.area_code = v.area_code AND t.indeling_year = v.indeling_year "
		"                  AND t.period = v.period AND t.from_indeling_year = v.from_indeling_year "
		"                  AND t.survey_result) END "
		/* Native values and those a crosswalk carried over, each marked (sql/027). */
		"  FROM bp.indicator_value_served v "
		"  JOIN bp.indicator i ON i.id = v.indicator_id "
		"  JOIN bp.area a ON a.code = v.area_code AND a.indeling_year = v.indeling_year "
		CMP("cl", "land") CMP("cg", "gemeente") CMP("cp", "previous_period")
		"  LEFT JOIN bp.distribution_scope s ON s.indicator_id = v.indicator_id AND s.level = a.level::text "
		"       AND s.indeling_year = v.indeling_year AND s.period = v.period "
		" WHERE ($1::text IS NULL OR v.indicator_id = $1) AND ($2::text IS NULL OR v.area_code = $2) "
		"   AND ($3::text IS NULL OR a.level::text = $3) AND ($4::text IS NULL OR v.gemeente_code = $4 OR v.area_code = $4) "
		"   AND ($5::text IS NULL OR v.period = $5) "
		/* latest: each indicator of an area at its newest period (and indeling) */
		"   AND (NOT $6::bool OR (v.period, v.indeling_year) = (SELECT w.period, w.indeling_year "
		"        FROM bp.indicator_value_served w WHERE w.indicator_id = v.indicator_id AND w.area_code = v.area_code "
		"        ORDER BY w.period DESC, w.indeling_year DESC LIMIT 1)) "
		" ORDER BY v.indicator_id, v.period, v.indeling_year, a.level, v.area_code LIMIT $7::int OFFSET $8::int" },
	[BP_Q_GEOMETRY] = { "bp_api_geometry", 2,
		"SELECT g.area_code, g.indeling_year, g.geom_simple FROM bp.area_geometry_current g "
		" WHERE (g.area_code = $1 OR g.gemeente_code = $1) AND ($2::int IS NULL OR g.indeling_year = $2)" },
	[BP_Q_COMPOSITES] = { "bp_api_composites", 3,
		/* Ranked areas only (composite_rank_range): the configured scheme's
		 * rank, its simulation interval (2.5-97.5 %) and the range over the
		 * other weightings; the value and its synthetic label from
		 * bp.indicator_value_served, as every page shows them (a composite
		 * of translated component values is a translated value: 'note'). */
		"SELECT coalesce(json_agg(json_build_object('composite', r.composite_id, 'title', i.title_nl, "
		"  'area', json_build_object('code', r.area_code, 'name', a.name, 'level', r.level), "
		"  'indeling_year', r.indeling_year, 'period', r.period, 'value', v.value, 'synthetic', coalesce(v.synthetic, false), "
		/* where its components come from; RIVM's (50090NED) model estimates as /values marks them */
		"  'source', i.source_text, 'model_estimate', coalesce(i.source_text LIKE '%50090NED%' "
		"       OR i.source_text LIKE '%RIVM%', false) AND NOT coalesce(v.synthetic, false), "
		"  'translated', r.note IS NOT NULL, 'note', r.note, "
		"  'rank', r.rank_configured, 'n_ranked', r.n_ranked, "
		"  'rank_interval', CASE WHEN r.rank_low IS NOT NULL AND r.rank_high IS NOT NULL "
		"       THEN json_build_object('low', r.rank_low, 'high', r.rank_high, 'level', 0.95) END, "
		"  'rank_over_weightings', json_build_object('min', r.rank_min, 'max', r.rank_max, 'max_shift', r.max_shift)) "
		"  ORDER BY r.composite_id, r.period, r.level, r.rank_configured, r.area_code), '[]')::text "
		"  FROM bp.composite_rank_range r "
		"  JOIN bp.area a ON a.code = r.area_code AND a.indeling_year = r.indeling_year "
		"  LEFT JOIN bp.indicator i ON i.id = r.composite_id "
		"  LEFT JOIN bp.indicator_value_served v ON v.indicator_id = r.composite_id AND v.area_code = r.area_code "
		"       AND v.indeling_year = r.indeling_year AND v.period = r.period "
		" WHERE r.gemeente_code = $1 AND ($2::text IS NULL OR r.level = $2) AND ($3::text IS NULL OR r.period = $3)" },
	[BP_Q_INTERVENTIONS] = { "bp_api_interventions", 2,
		/* The current version of each intervention with a target area in
		 * the gemeente (or every one); effects only when serve publishes
		 * them (--effects, as a monitor's publish_effects). */
		"SELECT coalesce(json_agg(json_build_object('id', iv.id, 'version', iv.version, 'name', iv.name, "
		"  'description', iv.description, 'theme', iv.theme, 'start_date', iv.start_date, 'end_date', iv.end_date, "
		"  'partner', iv.partner, 'example', iv.example, "
		"  'targets', (SELECT coalesce(json_agg(t.area_code ORDER BY t.ord), '[]') FROM bp.intervention_target t "
		"               WHERE t.intervention_id = iv.id AND t.version = iv.version), "
		"  'indicators', (SELECT coalesce(json_agg(json_build_object('indicator', x.indicator_id, 'direction', x.direction) "
		"               ORDER BY x.indicator_id), '[]') FROM bp.intervention_indicator x "
		"               WHERE x.intervention_id = iv.id AND x.version = iv.version), "
		"  'effects', CASE WHEN $2::bool THEN (SELECT coalesce(json_agg(json_build_object("
		"       'indicator', e.indicator_id, 'area', e.area_code, 'indeling_year', e.indeling_year, "
		"       'periods', e.periods, 'n_pre', e.n_pre, 'n_post', e.n_post, 'comparison_areas', e.comparison_areas, "
		"       'estimate', e.estimate, 'placebo_interval', CASE WHEN e.placebo_low IS NOT NULL "
		"            THEN json_build_object('low', e.placebo_low, 'high', e.placebo_high, 'level', 0.90) END, "
		"       'placebo_rank', e.placebo_rank, 'n_placebo', e.n_placebo, "
		"       'pretrend_parallel', e.pretrend_parallel, "
		"       'related_pretrend', (SELECT json_build_object('series', x.related_id, 'checked', x.checked, "
		"            'why_not', x.why_not, 'first_year', x.first_year, 'last_year', x.last_year, "
		"            'n_years', x.n_years, 'n_areas', x.n_areas, 'slope_target', x.slope_target, "
		"            'slope_comparison', x.slope_comparison, 'difference_per_year', x.diff, 'sd', x.sd, "
		"            'standardised_drift', x.std_drift, 'parallel', x.parallel) "
		"            FROM bp.intervention_effect_related x WHERE x.intervention_id = e.intervention_id "
		"             AND x.version = e.version AND x.indicator_id = e.indicator_id AND x.area_code = e.area_code), "
		"       'gemeente_estimate', e.gemeente_estimate, "
		"       'verdict', e.verdict) ORDER BY e.indicator_id, e.area_code), '[]') FROM bp.intervention_effect e "
		"       WHERE e.intervention_id = iv.id AND e.version = iv.version) END) "
		"  ORDER BY iv.id), '[]')::text "
		"  FROM bp.intervention iv "
		" WHERE iv.valid_to IS NULL AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM bp.intervention_target t "
		"       JOIN bp.area a ON a.code = t.area_code "
		"      WHERE t.intervention_id = iv.id AND t.version = iv.version AND (a.gemeente_code = $1 OR a.code = $1)))" },
};

bp_rc bp_api_prepare(PGconn *conn, bp_error *err)
{
	for (int i = 0; i < BP_Q_N; i++) {
		PGresult *r = PQprepare(conn, stmts[i].name, stmts[i].sql, stmts[i].nparams, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			bp_rc rc = bp_pg_fail(err, conn, r, stmts[i].name);
			PQclear(r);
			return rc;
		}
		PQclear(r);
	}
	return BP_OK;
}

bp_rc bp_api_exec(PGconn *conn, bp_api_stmt s, int nparams, const char *const *params, PGresult **out, bp_error *err)
{
	PGresult *r = PQexecPrepared(conn, stmts[s].name, nparams, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		bp_rc rc = bp_pg_fail(err, conn, r, stmts[s].name);
		PQclear(r);
		*out = NULL;
		return rc;
	}
	*out = r;
	return BP_OK;
}
