#include "run/fingerprint.h"

#include <dirent.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bp_version.h"
#include "core/fsutil.h"
#include "db/pgutil.h"
#include "report/cite.h"

/* path's bytes (a file) or every file below it in name order (a folder), each with its name. */
static bp_rc hash_tree(GChecksum *h, const char *path, bp_arena *a, bp_error *err)
{
	struct stat st;
	if (!path || stat(path, &st) != 0)
		return BP_OK;   /* not configured or not there: the loaders said so already */
	if (S_ISREG(st.st_mode)) {
		char hex[65];
		bp_rc rc = bp_file_sha256(path, hex, err);
		if (rc)
			return rc;
		g_checksum_update(h, (const guchar *)path, (gssize)strlen(path) + 1);
		g_checksum_update(h, (const guchar *)hex, 64);
		return BP_OK;
	}
	if (!S_ISDIR(st.st_mode))
		return BP_OK;
	struct dirent **list = NULL;
	int n = scandir(path, &list, NULL, alphasort);
	bp_rc rc = BP_OK;
	for (int i = 0; i < n; i++) {
		if (rc == BP_OK && list[i]->d_name[0] != '.')
			rc = hash_tree(h, bp_path_join(a, path, list[i]->d_name), a, err);
		free(list[i]);
	}
	free(list);
	return rc;
}

bp_rc bp_fp_common(const bp_monitor_config *c, bp_arena *a, const char **fp, bp_error *err)
{
	GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(h, (const guchar *)BP_VERSION, -1);
	/* The pages' language: run --lang may differ from the configuration's lang:, which the file's hash sees. */
	g_checksum_update(h, (const guchar *)bp_lang_code(c->lang), -1);
	/* The executable's bytes: a rebuild with other code, templates or assets is another renderer. */
	char exe[65] = "";
	bp_error ignored = { 0 };
	if (bp_file_sha256("/proc/self/exe", exe, &ignored) == BP_OK)
		g_checksum_update(h, (const guchar *)exe, 64);
	const char *paths[] = { c->path, c->indicators_dir, c->charts_dir, c->areas_dir, c->interventions_dir };
	bp_rc rc = BP_OK;
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths) && rc == BP_OK; i++) {
		g_checksum_update(h, (const guchar *)"|", 1);
		rc = hash_tree(h, paths[i], a, err);
	}
	if (rc == BP_OK)
		*fp = bp_arena_strdup(a, g_checksum_get_string(h));
	g_checksum_free(h);
	return rc;
}

/* md5 over the rows of one SELECT, in text order (a set has no order of its own). */
#define PART(SQL) "(SELECT md5(coalesce(string_agg(q::text, E'\\n' ORDER BY q::text), '')) FROM (" SQL ") q)"

/* The gemeente's own areas, itself and Nederland ($1 is the gemeente). */
#define MINE(T) "(" T ".gemeente_code = $1 OR " T ".area_code IN ($1, 'NL00'))"

/* The same areas as rows of bp.area, for the tables whose index is by area. */
#define MY_AREAS "(SELECT code, indeling_year FROM bp.area WHERE gemeente_code = $1 OR code IN ($1, 'NL00')) ar"

/* The cells of each of MY_AREAS, read area by area through the index (OFFSET 0 keeps the subquery apart):
 * joined as a whole the planner guessed ~60 rows for a gemeente's ~10,000 and read every cell of Nederland
 * per gemeente (1 s for Groningen's 389 areas, 0.13 s this way; minutes over the 342 gemeenten of
 * config/nederland.yaml). */
#define MY_CELLS(COLS) MY_AREAS " CROSS JOIN LATERAL (SELECT " COLS " FROM bp.observation_all o " \
	"WHERE o.area_code = ar.code AND o.indeling_year = ar.indeling_year OFFSET 0) o"

static const char gemeente_sql[] =
	"SELECT concat_ws(',', "
	PART("SELECT * FROM bp.indicator_value t WHERE " MINE("t")) ", "
	/* Values another indeling's figures give the areas through a crosswalk (sql/027 shows them), and which
	 * crosswalks exist: one built between runs turns a same-code value into a translated one. */
	PART("SELECT * FROM bp.indicator_value_translated t WHERE " MINE("t")) ", "
	PART("SELECT level, from_year, to_year, method, tolerance FROM bp.crosswalk") ", "
	/* Its ranks, one per value (sql/014), reached through the values' index by area as MY_CELLS: by
	 * area the table alone was read whole per gemeente (0.1 s instead of 0.7 s for a small one). */
	PART("SELECT t.* FROM " MY_AREAS " CROSS JOIN LATERAL (SELECT c.* FROM bp.indicator_value v "
	     "  JOIN bp.comparison_rank c ON c.indicator_id = v.indicator_id AND c.area_code = v.area_code "
	     "   AND c.indeling_year = v.indeling_year AND c.period = v.period "
	     " WHERE v.area_code = ar.code AND v.indeling_year = ar.indeling_year OFFSET 0) t") ", "
	PART("SELECT * FROM bp.area t WHERE t.gemeente_code = $1 OR t.code IN ($1, 'NL00')") ", "
	PART("SELECT area_code, indeling_year, level, md5(geom_full), md5(geom_simple), simple_tolerance "
	     "  FROM bp.area_geometry t WHERE " MINE("t")) ", "
	/* The newest vintage of each cell, as bp.observation_current, without the vintage's id; reached
	 * through the areas (the observations' index is by area: a filter on their gemeente_code read
	 * every cell of Nederland; bench/incremental.sh's run with nothing changed went from 32 to 17 s). */
	PART("SELECT DISTINCT ON (o.variable_code, o.area_code, o.indeling_year, o.period) "
	     "       o.variable_code, o.area_code, o.indeling_year, o.period, o.value, o.status "
	     "  FROM " MY_CELLS("*") " JOIN bp.source s ON s.id = o.source_id "
	     " ORDER BY o.variable_code, o.area_code, o.indeling_year, o.period, s.retrieved_at DESC, s.id DESC") ", "
	/* What the citations say (stale marks included), once per text. */
	PART("SELECT DISTINCT s.publisher, " BP_SQL_SOURCE_HEAD("s") ", " BP_SQL_SOURCE_LICENCE("s")
	     "  FROM bp.source s WHERE s.id IN (SELECT DISTINCT o.source_id FROM " MY_CELLS("o.source_id") ")") ", "
	PART("SELECT sv.name, sv.title, sv.period, sv.fieldwork_start, sv.fieldwork_end, sv.synthetic, sv.respondents, "
	     "       s.publisher, " BP_SQL_SOURCE_LICENCE("s")
	     "  FROM bp.survey sv JOIN bp.source s ON s.id = sv.source_id WHERE sv.gemeente_code = $1") ", "
	PART("SELECT to_jsonb(t) - 'source_id' - 'row_number' FROM bp.experience_published t "
	     " WHERE t.gemeente_code = $1") ", "
	PART("SELECT * FROM bp.similar_area t WHERE t.gemeente_code = $1") ", "
	PART("SELECT * FROM bp.similar_area_pool") ", "
	PART("SELECT * FROM bp.composite_rank t WHERE t.gemeente_code = $1") ", "
	PART("SELECT * FROM bp.composite_score t WHERE t.gemeente_code = $1") ", "
	/* Small tables any page may read. */
	PART("SELECT to_jsonb(t) - 'computed_at' - 'inputs_fingerprint' FROM bp.indicator t") ", "
	PART("SELECT * FROM bp.variable") ", "
	PART("SELECT * FROM bp.custom_area") ", "
	PART("SELECT * FROM bp.custom_area_member") ", "
	PART("SELECT * FROM bp.custom_area_polygon") ", "
	PART("SELECT * FROM bp.custom_reference") ", "
	PART("SELECT * FROM bp.intervention") ", "
	PART("SELECT * FROM bp.intervention_target") ", "
	PART("SELECT * FROM bp.intervention_indicator") ", "
	PART("SELECT to_jsonb(t) - 'computed_at' FROM bp.intervention_effect t") ")";

static const char all_sql[] =
	"SELECT concat_ws(',', "
	PART("SELECT id, inputs_fingerprint, definition_hash FROM bp.indicator") ", "
	PART("SELECT fingerprint, n_rows, n_flagged FROM bp.comparison_basis") ")";

static bp_rc fold(PGconn *conn, const char *sql, int n_params, const char *const *params, const char *common,
                  const char *extra, bp_arena *a, const char **fp, bp_error *err)
{
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, sql, n_params, params, &r, err);
	if (rc)
		return rc;
	GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(h, (const guchar *)common, -1);
	g_checksum_update(h, (const guchar *)"|", 1);
	g_checksum_update(h, (const guchar *)PQgetvalue(r, 0, 0), -1);
	if (extra)
		g_checksum_update(h, (const guchar *)extra, -1);
	*fp = bp_arena_strdup(a, g_checksum_get_string(h));
	g_checksum_free(h);
	PQclear(r);
	return BP_OK;
}

bp_rc bp_fp_gemeente(PGconn *conn, const char *common, const char *gemeente, bp_arena *a, const char **fp,
                     bp_error *err)
{
	const char *p[] = { gemeente };
	return fold(conn, gemeente_sql, 1, p, common, gemeente, a, fp, err);
}

bp_rc bp_fp_all(PGconn *conn, const char *common, const char *const *gemeenten, const char *const *fps, size_t n,
                bp_arena *a, const char **fp, bp_error *err)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "|%s=%s", gemeenten[i], fps[i]);
	bp_rc rc = fold(conn, all_sql, 0, NULL, common, s->str, a, fp, err);
	g_string_free(s, TRUE);
	return rc;
}

bp_rc bp_fp_index(PGconn *conn, const char *common, const char *const *gemeenten, size_t n, bp_arena *a,
                  const char **fp, bp_error *err)
{
	const char *list = bp_pg_text_array(a, gemeenten, n);
	const char *p[] = { list };
	return fold(conn, "SELECT coalesce(string_agg(code || '=' || indeling_year || '=' || name, ',' "
	                  "       ORDER BY code, indeling_year), '') FROM bp.area WHERE code = ANY($1::text[])",
	            1, p, common, list, a, fp, err);
}
