#include "engine/compute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "db/pgutil.h"

static bp_rc check_variable(PGconn *conn, const char *code, const bp_srcloc *loc, bp_error *err)
{
	PGresult *r = NULL;
	const char *p[] = { code };
	bp_rc rc = bp_pg_query(conn, "SELECT 1 FROM bp.variable WHERE code = $1", 1, p, &r, err);
	if (rc)
		return rc;
	int found = PQntuples(r) > 0;
	PQclear(r);
	if (found)
		return BP_OK;
	bp_error_at(err, loc->file, loc->line, loc->column);
	bp_fail(err, BP_ERR_CONFIG, "unknown variable '%s'", code);
	bp_error_hint(err, "variable codes are the stable CBS codes, e.g. AantalInwoners or k_65JaarOfOuder; 'buurtpeil indicators check' lists problems, and the table bp.variable holds every known code");
	return BP_ERR_CONFIG;
}

/* Which vintages feed the indicator: a change of inputs changes this text. */
static const char fingerprint_sql[] =
	"SELECT coalesce(string_agg(DISTINCT source_id::text, ',' ORDER BY source_id::text), '') "
	"  FROM bp.observation WHERE variable_code IN ($1, $2)";

static const char upsert_indicator_sql[] =
	"INSERT INTO bp.indicator (id, title_nl, title_en, theme, kind, unit, decimals, polarity, source_text, "
	"  definition_file, definition_hash, inputs_fingerprint, computed_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now()) "
	"ON CONFLICT (id) DO UPDATE SET title_nl = EXCLUDED.title_nl, title_en = EXCLUDED.title_en, "
	"  theme = EXCLUDED.theme, kind = EXCLUDED.kind, unit = EXCLUDED.unit, decimals = EXCLUDED.decimals, "
	"  polarity = EXCLUDED.polarity, source_text = EXCLUDED.source_text, definition_file = EXCLUDED.definition_file, "
	"  definition_hash = EXCLUDED.definition_hash, inputs_fingerprint = EXCLUDED.inputs_fingerprint, "
	"  computed_at = EXCLUDED.computed_at";

/*
 * A ratio per area and period from the newest vintage of both variables.
 * No value (and a reason) where an input is missing, unknown or secret,
 * where the denominator is zero, or where it is below the minimum.
 * The status: unknown or not applicable if an input is; else the later of
 * the inputs' ok < provisional < revised provisional (enum order).
 */
static const char ratio_sql[] =
	"INSERT INTO bp.indicator_value (indicator_id, area_code, indeling_year, period, value, numerator, "
	"  denominator, suppressed_reason, status, definition_hash, gemeente_code) "
	"SELECT $1, d.area_code, d.indeling_year, d.period, "
	"  CASE WHEN n.value IS NULL OR d.value IS NULL OR d.value = 0 OR d.value < $5::float8 THEN NULL "
	"       ELSE n.value / d.value * $4::float8 END, "
	"  n.value, d.value, "
	"  CASE WHEN n.value IS NULL OR d.value IS NULL THEN 'missing_input' "
	"       WHEN d.value = 0 THEN 'zero_denominator' "
	"       WHEN d.value < $5::float8 THEN 'small_denominator' END, "
	"  CASE WHEN n.status IS NULL THEN 'not_applicable'::bp.value_status "
	"       WHEN 'unknown_or_secret' IN (n.status, d.status) THEN 'unknown_or_secret' "
	"       WHEN 'not_applicable' IN (n.status, d.status) THEN 'not_applicable' "
	"       ELSE GREATEST(n.status, d.status) END, "
	"  $6, a.gemeente_code "
	"FROM bp.observation_current d "
	"LEFT JOIN bp.observation_current n ON n.variable_code = $2 AND n.area_code = d.area_code "
	"     AND n.indeling_year = d.indeling_year AND n.period = d.period "
	"JOIN bp.area a ON a.code = d.area_code AND a.indeling_year = d.indeling_year "
	"WHERE d.variable_code = $3";

static bp_rc compute_one(PGconn *conn, const bp_indicator_def *def, int force,
                         bp_compute_result *res, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc;
	char fingerprint_hash[65];

	rc = check_variable(conn, def->numerator, &def->numerator_loc, err);
	if (rc == BP_OK)
		rc = check_variable(conn, def->denominator, &def->denominator_loc, err);
	if (rc)
		return rc;

	rc = bp_pg_exec(conn, "BEGIN", err);
	if (rc)
		return rc;
	/* Serialise computations of one indicator across processes. */
	{
		const char *p[] = { def->id };
		rc = bp_pg_query(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.indicator:' || $1, 0))", 1, p, NULL, err);
		if (rc)
			goto out;
	}
	{
		const char *p[] = { def->numerator, def->denominator };
		rc = bp_pg_query(conn, fingerprint_sql, 2, p, &r, err);
		if (rc)
			goto out;
		bp_sha256_hex(PQgetvalue(r, 0, 0), strlen(PQgetvalue(r, 0, 0)), fingerprint_hash);
		PQclear(r);
		r = NULL;
	}
	if (!force) {
		const char *p[] = { def->id, def->hash, fingerprint_hash };
		rc = bp_pg_query(conn, "SELECT 1 FROM bp.indicator WHERE id = $1 AND definition_hash = $2 "
		                       "AND inputs_fingerprint = $3", 3, p, &r, err);
		if (rc)
			goto out;
		int same = PQntuples(r) > 0;
		PQclear(r);
		r = NULL;
		if (same) {
			res->unchanged++;
			rc = bp_pg_exec(conn, "COMMIT", err);
			goto out;
		}
	}
	{
		char decimals[16];
		snprintf(decimals, sizeof(decimals), "%d", def->decimals);
		const char *p[] = { def->id, def->title_nl, def->title_en, def->theme, bp_kind_name(def->kind),
		                    def->unit, decimals, bp_polarity_name(def->polarity), def->source,
		                    def->loc.file, def->hash, fingerprint_hash };
		rc = bp_pg_query(conn, upsert_indicator_sql, 12, p, NULL, err);
		if (rc)
			goto out;
	}
	{
		const char *p[] = { def->id };
		rc = bp_pg_query(conn, "DELETE FROM bp.indicator_value WHERE indicator_id = $1", 1, p, NULL, err);
		if (rc)
			goto out;
	}
	{
		char scale[64], minden[64];
		snprintf(scale, sizeof(scale), "%.17g", def->scale);
		snprintf(minden, sizeof(minden), "%.17g", def->min_denominator);
		const char *p[] = { def->id, def->numerator, def->denominator, scale, minden, def->hash };
		rc = bp_pg_query(conn, ratio_sql, 6, p, &r, err);
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
		rc = bp_pg_query(conn, "SELECT count(*) FROM bp.indicator_value WHERE indicator_id = $1 AND value IS NULL",
		                 1, p, &r, err);
		if (rc)
			goto out;
		res->suppressed += atol(PQgetvalue(r, 0, 0));
		PQclear(r);
		r = NULL;
	}
	rc = bp_pg_exec(conn, "COMMIT", err);
	if (rc == BP_OK)
		res->computed++;
out:
	if (rc)
		bp_pg_rollback(conn);
	PQclear(r);
	return rc;
}

bp_rc bp_compute_indicators(PGconn *conn, const bp_indicator_set *set, int force,
                            bp_compute_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < set->n; i++) {
		bp_rc rc = compute_one(conn, &set->items[i], force, res, err);
		if (rc)
			return rc;
	}
	return BP_OK;
}

const char *bp_suppressed_reason_nl(const char *code)
{
	if (!code || !*code)
		return "";
	if (strcmp(code, "missing_input") == 0)
		return "onbekend of geheim";
	if (strcmp(code, "zero_denominator") == 0)
		return "geen inwoners";
	if (strcmp(code, "small_denominator") == 0)
		return "te weinig inwoners";
	return "niet gepubliceerd";
}
