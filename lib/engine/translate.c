/*
 * translate.c: see translate.h.  One set-based INSERT ... SELECT per
 * crosswalk and definition; the definition's kind, scale and minimum travel
 * as bound parameters.
 */
#include <stdio.h>
#include <string.h>

#include "db/pgutil.h"
#include "engine/translate.h"

/*
 * $1 crosswalk (or overlay) id, $2 indicator id, $3 'ratio' or 'mean',
 * $4 scale, $5 min_denominator.  C is the crosswalk as one row c (id,
 * overlay_id, level, from_year, to_year, note), SHARES its rows s (from_code,
 * to_code, share, weight, area_m2, identical).  Per to-area and period: its
 * contributors joined with their values; "complete" when each contributor
 * has a value in that period.  CONFLICT ends the INSERT.
 */
#define TRANSLATE_SQL(C, SHARES, CONFLICT) \
	"WITH " C \
	SHARES \
	"want AS (SELECT to_code, count(*) AS n, bool_and(identical) AND count(*) = 1 AS identical " \
	"           FROM s GROUP BY to_code), " \
	"periods AS (SELECT DISTINCT v.period FROM bp.indicator_value v, c " \
	"             WHERE v.indicator_id = $2 AND v.indeling_year = c.from_year " \
	"               AND v.area_code IN (SELECT from_code FROM s)), " \
	"j AS (SELECT s.to_code, p.period, s.share, s.identical, " \
	"             CASE WHEN sum(s.weight) OVER (PARTITION BY s.to_code, p.period) > 0 THEN s.weight ELSE s.area_m2 END AS w, " \
	"             v.area_code AS present, v.value, v.numerator, v.denominator, v.ci_low, v.ci_high, v.synthetic, " \
	"             v.survey_result " \
	"        FROM s CROSS JOIN periods p CROSS JOIN c " \
	"        LEFT JOIN bp.indicator_value v ON v.indicator_id = $2 AND v.indeling_year = c.from_year " \
	"         AND v.area_code = s.from_code AND v.period = p.period), " \
	"g AS (SELECT j.to_code, j.period, w.n, w.identical, " \
	"             count(j.value) = w.n AS complete, " \
	"             sum(j.share * j.numerator) AS num, sum(j.share * j.denominator) AS den, " \
	"             count(j.numerator) = w.n AND count(j.denominator) = w.n AS has_parts, " \
	"             sum(j.w * j.value) / nullif(sum(j.w) FILTER (WHERE j.value IS NOT NULL), 0) AS mean, " \
	"             CASE WHEN count(j.ci_low) = w.n THEN min(j.ci_low) END AS lo, " \
	"             CASE WHEN count(j.ci_high) = w.n THEN max(j.ci_high) END AS hi, " \
	"             min(j.value) AS v1, min(j.numerator) AS n1, min(j.denominator) AS d1, " \
	"             min(j.ci_low) AS lo1, min(j.ci_high) AS hi1, " \
	"             coalesce(bool_or(j.synthetic), false) AS synthetic, " \
	/* a survey-results table's figure stays one where the borders are the same (sql/034) */ \
	"             coalesce(bool_and(j.survey_result) FILTER (WHERE j.present IS NOT NULL), false) AS survey_result " \
	"        FROM j JOIN want w USING (to_code) GROUP BY j.to_code, j.period, w.n, w.identical " \
	/* Only where some contributor has a row: the rest of a national crosswalk is not this monitor's. */ \
	"       HAVING count(j.present) > 0), " \
	"r AS (SELECT g.*, " \
	"             CASE WHEN g.identical THEN 'identical' WHEN $3 = 'ratio' THEN 'ratio' ELSE 'weighted_mean' END AS method, " \
	"             CASE WHEN NOT g.complete THEN 'translation_incomplete' " \
	"                  WHEN g.identical THEN NULL " \
	"                  WHEN $3 = 'ratio' AND NOT g.has_parts THEN 'translation_incomplete' " \
	"                  WHEN $3 = 'ratio' AND g.den = 0 THEN 'zero_denominator' " \
	"                  WHEN $3 = 'ratio' AND g.den < $5::float8 THEN 'small_denominator' " \
	"                  WHEN $3 <> 'ratio' AND g.mean IS NULL THEN 'translation_incomplete' END AS reason " \
	"        FROM g) " \
	"INSERT INTO bp.indicator_value_translated (indicator_id, area_code, indeling_year, period, from_indeling_year, " \
	"  crosswalk_id, overlay_id, method, value, numerator, denominator, ci_low, ci_high, n_contributors, " \
	"  suppressed_reason, note, synthetic, gemeente_code, survey_result) " \
	"SELECT $2, r.to_code, c.to_year, r.period, c.from_year, c.id, c.overlay_id, r.method, " \
	"       CASE WHEN r.reason IS NOT NULL THEN NULL WHEN r.identical THEN r.v1 " \
	"            WHEN $3 = 'ratio' THEN r.num / r.den * $4::float8 ELSE r.mean END, " \
	"       CASE WHEN r.reason IS NOT NULL THEN NULL WHEN r.identical THEN r.n1 WHEN $3 = 'ratio' THEN r.num END, " \
	"       CASE WHEN r.reason IS NOT NULL THEN NULL WHEN r.identical THEN r.d1 WHEN $3 = 'ratio' THEN r.den END, " \
	"       CASE WHEN r.reason IS NOT NULL THEN NULL WHEN r.identical THEN r.lo1 ELSE r.lo END, " \
	"       CASE WHEN r.reason IS NOT NULL THEN NULL WHEN r.identical THEN r.hi1 ELSE r.hi END, " \
	"       r.n, r.reason, " \
	"       CASE WHEN r.identical THEN format('overgenomen van indeling %s (grenzen gelijk)', c.from_year) " \
	"            ELSE c.note END, " \
	"       r.synthetic, " \
	/* A CBS wijk or buurt code carries its gemeente's digits; a gemeente is its own. */ \
	"       coalesce(a.gemeente_code, CASE WHEN c.level = 'gemeente' THEN r.to_code ELSE 'GM' || substr(r.to_code, 3, 4) END), " \
	"       r.survey_result " \
	"  FROM r CROSS JOIN c " \
	"  LEFT JOIN bp.area a ON a.code = r.to_code AND a.indeling_year = c.to_year " CONFLICT

#define CROSSWALK_C \
	"c AS (SELECT id, NULL::bigint AS overlay_id, level, from_year, to_year, " \
	"             format('omgerekend van indeling %s', from_year) AS note FROM bp.crosswalk WHERE id = $1::bigint), "

/* The crosswalk's own shares: into the areas of its to-indeling. */
static const char translate_sql[] =
	TRANSLATE_SQL(CROSSWALK_C, "s AS (SELECT s.* FROM bp.crosswalk_share s WHERE s.crosswalk_id = $1::bigint), ", "");

/*
 * Into the custom areas of the to-indeling (issue 22 item 3): a custom area
 * is the union of its members, so the share of a from-area in it is the sum
 * of its shares in the members (and so are weight and surface), and the
 * same statement carries the values over.  Only a custom area every member
 * of which is a to-area of this crosswalk: one with a member the crosswalk
 * does not reach (another level, no borders) would get the value of a part
 * as if it were the whole.  Never 'identical': a custom area is no CBS area.
 */
static const char translate_custom_sql[] =
	TRANSLATE_SQL(CROSSWALK_C,
	              "cm AS (SELECT m.custom_code, m.member_code FROM bp.custom_area_member m, c "
	              "        WHERE m.indeling_year = c.to_year "
	              "          AND NOT EXISTS (SELECT 1 FROM bp.custom_area_member o "
	              "                           WHERE o.custom_code = m.custom_code AND o.indeling_year = m.indeling_year "
	              "                             AND NOT EXISTS (SELECT 1 FROM bp.crosswalk_share x "
	              "                                              WHERE x.crosswalk_id = $1::bigint "
	              "                                                AND x.to_code = o.member_code))), "
	              "s AS (SELECT x.from_code, cm.custom_code AS to_code, least(sum(x.share), 1) AS share, "
	              "             sum(x.weight) AS weight, sum(x.area_m2) AS area_m2, false AS identical "
	              "        FROM bp.crosswalk_share x JOIN cm ON cm.member_code = x.to_code "
	              "       WHERE x.crosswalk_id = $1::bigint GROUP BY x.from_code, cm.custom_code), ", "");

/*
 * Into the custom areas drawn as a polygon (sql/029_custom_polygon.sql):
 * the overlay's shares of one level and indeling's areas in the drawn area,
 * from any indeling, the drawn area's own included.  Overlays run from the
 * finest level (buurt) up; a coarser level's value replaces a finer one's
 * of the same indeling and period only where the finer gave none (its
 * contributors suppressed or missing), so a value is the finest available.
 */
static const char translate_overlay_sql[] =
	TRANSLATE_SQL("c AS (SELECT NULL::bigint AS id, o.id AS overlay_id, o.level, o.from_year, o.custom_year AS to_year, "
	              "             format('omgerekend van indeling %s (%s, getekend gebied)', o.from_year, "
	              "                    CASE o.level WHEN 'buurt' THEN 'buurten' WHEN 'wijk' THEN 'wijken' "
	              "                                 ELSE 'gemeenten' END) AS note "
	              "        FROM bp.custom_area_overlay o WHERE o.id = $1::bigint), ",
	              "s AS (SELECT x.from_code, o.custom_code AS to_code, x.share, x.weight, x.area_m2, false AS identical "
	              "        FROM bp.custom_area_overlay_share x JOIN bp.custom_area_overlay o ON o.id = x.overlay_id "
	              "       WHERE x.overlay_id = $1::bigint), ",
	              "ON CONFLICT (indicator_id, area_code, indeling_year, period, from_indeling_year) DO UPDATE SET "
	              "  crosswalk_id = EXCLUDED.crosswalk_id, overlay_id = EXCLUDED.overlay_id, method = EXCLUDED.method, "
	              "  value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, "
	              "  ci_low = EXCLUDED.ci_low, ci_high = EXCLUDED.ci_high, n_contributors = EXCLUDED.n_contributors, "
	              "  suppressed_reason = EXCLUDED.suppressed_reason, note = EXCLUDED.note, synthetic = EXCLUDED.synthetic, "
	              "  gemeente_code = EXCLUDED.gemeente_code, survey_result = EXCLUDED.survey_result "
	              "WHERE bp.indicator_value_translated.value IS NULL AND EXCLUDED.value IS NOT NULL");

static const char *mode_of(bp_indicator_kind k)
{
	switch (k) {
	case BP_KIND_RATIO:
		return "ratio";
	case BP_KIND_PUBLISHED_SHARE:
	case BP_KIND_SURVEY_PROPORTION:
	case BP_KIND_SURVEY_MEAN:
		return "mean";
	}
	return NULL;
}

/* Run sql (and then sql2, when given) for every definition of set that translates. */
static bp_rc each_definition(PGconn *conn, const bp_indicator_set *set, const char *id, const char *sql,
                             const char *sql2, bp_error *err)
{
	bp_rc rc = BP_OK;
	for (size_t k = 0; k < set->n && !rc; k++) {
		const bp_indicator_def *d = &set->items[k];
		const char *mode = mode_of(d->kind);
		if (!mode)
			continue;
		char scale[32], mind[32];
		snprintf(scale, sizeof(scale), "%.17g", d->scale);
		snprintf(mind, sizeof(mind), "%.17g", d->min_denominator);
		const char *p[5] = { id, d->id, mode, scale, mind };
		rc = bp_pg_query(conn, sql, 5, p, NULL, err);
		if (!rc && sql2)
			rc = bp_pg_query(conn, sql2, 5, p, NULL, err);
	}
	return rc;
}

bp_rc bp_translate_values(PGconn *conn, const bp_indicator_set *set, bp_translate_result *res, bp_error *err)
{
	PGresult *cw = NULL, *r = NULL;
	memset(res, 0, sizeof(*res));
	bp_rc rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		return rc;
	/* What an earlier run wrote goes, also for crosswalks since removed (cascade) or rebuilt; a
	 * composite's translated values are its own (composite.c rewrites them when its inputs changed). */
	if ((rc = bp_pg_exec(conn, "DELETE FROM bp.indicator_value_translated WHERE method <> 'composite'", err)) ||
	    (rc = bp_pg_query(conn, "SELECT id FROM bp.crosswalk ORDER BY id", 0, NULL, &cw, err)))
		goto fail;
	res->crosswalks = PQntuples(cw);
	for (int i = 0; i < PQntuples(cw) && !rc; i++)
		rc = each_definition(conn, set, PQgetvalue(cw, i, 0), translate_sql, translate_custom_sql, err);
	if (rc)
		goto fail;
	PQclear(cw);
	cw = NULL;
	/* Finest level first: see translate_overlay_sql. */
	if ((rc = bp_pg_query(conn, "SELECT id FROM bp.custom_area_overlay ORDER BY custom_code, from_year, "
	                            "CASE level WHEN 'buurt' THEN 0 WHEN 'wijk' THEN 1 ELSE 2 END", 0, NULL, &cw, err)))
		goto fail;
	res->overlays = PQntuples(cw);
	for (int i = 0; i < PQntuples(cw) && !rc; i++)
		rc = each_definition(conn, set, PQgetvalue(cw, i, 0), translate_overlay_sql, NULL, err);
	if (rc)
		goto fail;
	if ((rc = bp_pg_query(conn,
		"SELECT count(*), count(*) FILTER (WHERE value IS NULL), count(*) FILTER (WHERE method = 'identical') "
		"FROM bp.indicator_value_translated WHERE method <> 'composite'", 0, NULL, &r, err)) ||
	    (rc = bp_pg_long(r, 0, 0, &res->values, err)) ||
	    (rc = bp_pg_long(r, 0, 1, &res->suppressed, err)) ||
	    (rc = bp_pg_long(r, 0, 2, &res->identical, err)) ||
	    (rc = bp_pg_exec(conn, "COMMIT", err)))
		goto fail;
	goto out;
fail:
	bp_pg_rollback(conn);
out:
	PQclear(cw);
	PQclear(r);
	return rc;
}
