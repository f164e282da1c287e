#include "engine/custom_area.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "db/pgutil.h"
#include "core/yamldir.h"

static const char *const keys[] = {
	"id", "name", "gemeente", "kind", "indeling_year", "members", "polygon", "description", NULL
};
static const char *const area_kinds[] = { "dorp", "kern", "verzorgingsgebied", NULL };

static bp_srcloc loc_of(const bp_yaml_doc *doc, const bp_yaml_node *n)
{
	bp_srcloc l = { bp_yaml_path(doc), bp_yaml_line(n), bp_yaml_column(n), BP_TEXT_PLAIN };
	return l;
}

static int all_of(const char *s, const char *set)
{
	return strspn(s, set) == strlen(s);
}

#define DIGITS "0123456789"

static bp_rc parse_area(const bp_yaml_doc *doc, bp_custom_area *c, bp_error *err)
{
	bp_yaml_node *root = bp_yaml_root(doc);
	bp_arena *a = bp_yaml_arena(doc);
	const char *description;
	int kind;
	bp_rc rc;

	memset(c, 0, sizeof(*c));
	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "a custom area definition", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, keys, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "id", &c->id, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "name", &c->name, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "description", NULL, &description, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "gemeente", &c->gemeente, err)) ||
	    (rc = bp_yaml_req_choice(doc, root, "kind", area_kinds, &kind, err)) ||
	    (rc = bp_yaml_req_int(doc, root, "indeling_year", 1900, 2200, &c->indeling_year, err)))
		return rc;
	bp_yaml_node *pn = bp_yaml_map_get(doc, root, "polygon");
	int has_members = bp_yaml_map_get(doc, root, "members") != NULL;
	if (pn && has_members)
		return bp_yaml_fail(doc, pn, err, BP_ERR_CONFIG, "a custom area has either 'members' or 'polygon', not both");
	if (!pn && !has_members) {
		bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "a custom area needs 'members' or 'polygon'");
		bp_error_hint(err, "members: a list of buurt (BU) or wijk (WK) codes; polygon: a drawn area "
		              "(README, custom areas)");
		return BP_ERR_CONFIG;
	}
	if (pn && (rc = bp_custom_polygon_parse(doc, pn, &c->polygon, err)))
		return rc;
	if (!pn && (rc = bp_yaml_req_strlist(doc, root, "members", &c->members, &c->n_members, err)))
		return rc;
	c->loc = loc_of(doc, root);
	c->kind = area_kinds[kind];
	bp_yaml_node *idn = bp_yaml_map_get(doc, root, "id");
	c->id_loc = loc_of(doc, idn);
	/* The id becomes part of an area code and a URL: keep it plain. */
	if (!(c->id[0] >= 'a' && c->id[0] <= 'z') || !all_of(c->id, "abcdefghijklmnopqrstuvwxyz" DIGITS "-") ||
	    strlen(c->id) > 60) {
		bp_yaml_fail(doc, idn, err, BP_ERR_CONFIG, "invalid custom area id '%s'", c->id);
		bp_error_hint(err, "an id starts with a lower-case letter and holds only a-z, 0-9 and -, "
		              "e.g. oss-dorpshuis-berghem");
		return BP_ERR_CONFIG;
	}
	c->code = bp_arena_printf(a, "CU%s", c->id);
	bp_yaml_node *gn = bp_yaml_map_get(doc, root, "gemeente");
	c->gemeente_loc = loc_of(doc, gn);
	if (strlen(c->gemeente) != 6 || strncmp(c->gemeente, "GM", 2) != 0 || !all_of(c->gemeente + 2, DIGITS))
		return bp_yaml_fail(doc, gn, err, BP_ERR_CONFIG, "invalid gemeente code '%s': expected GM and 4 digits",
		                    c->gemeente);
	if (pn)
		return BP_OK;
	bp_yaml_node *mn = bp_yaml_map_get(doc, root, "members");
	if (c->n_members == 0)
		return bp_yaml_fail(doc, mn, err, BP_ERR_CONFIG, "'members' must list at least one buurt or wijk");
	c->member_locs = bp_arena_alloc(a, c->n_members * sizeof(*c->member_locs));
	for (size_t i = 0; i < c->n_members; i++) {
		const char *m = c->members[i];
		bp_yaml_node *item = bp_yaml_seq_at(doc, mn, i);
		c->member_locs[i] = loc_of(doc, item);
		size_t len = strlen(m);
		int wijk = len == 8 && strncmp(m, "WK", 2) == 0, buurt = len == 10 && strncmp(m, "BU", 2) == 0;
		if ((!wijk && !buurt) || !all_of(m + 2, DIGITS)) {
			bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "invalid member '%s': expected a wijk (WK + 6 digits) "
			             "or buurt (BU + 8 digits) code", m);
			return BP_ERR_CONFIG;
		}
		/* A CBS code starts with its gemeente's four digits. */
		if (strncmp(m + 2, c->gemeente + 2, 4) != 0)
			return bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "member '%s' is not in gemeente %s", m, c->gemeente);
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->members[j], m) == 0)
				return bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "member '%s' is listed twice", m);
	}
	return BP_OK;
}

bp_rc bp_custom_area_load_file(const char *path, bp_arena *a, bp_custom_area *out, bp_error *err)
{
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	return parse_area(doc, out, err);
}

static int cmp_area(const void *x, const void *y)
{
	return strcmp(((const bp_custom_area *)x)->id, ((const bp_custom_area *)y)->id);
}

static bp_rc load_item(const char *path, bp_arena *a, void *item, bp_error *err)
{
	return bp_custom_area_load_file(path, a, item, err);
}

static const char *item_id(const void *item, const bp_srcloc **loc)
{
	const bp_custom_area *x = item;
	*loc = &x->id_loc;
	return x->id;
}

bp_rc bp_custom_areas_load_dir(const char *dir, bp_arena *a, bp_custom_area_set *out, bp_error *err)
{
	void *items;
	size_t n;
	bp_rc rc = bp_yamldir_load(dir, "custom area", "custom area", sizeof(bp_custom_area), load_item, item_id, a, &items, &n, err);
	if (n)
		qsort(items, n, sizeof(bp_custom_area), cmp_area);
	out->items = items;
	out->n = n;
	return rc;
}

static bp_rc fail_at(bp_error *err, const bp_srcloc *l, const char *msg, const char *a1, const char *a2)
{
	bp_error_at(err, l->file, l->line, l->column);
	return bp_fail(err, BP_ERR_CONFIG, msg, a1, a2);
}

/* A drawn area's polygon as written (and none for a listed one): its
 * shares are import/custom_overlay.c's, from this row. */
static bp_rc store_polygon(PGconn *conn, const bp_custom_area *c, const char *year, bp_error *err)
{
	const char *p[] = { c->code, year };
	bp_rc rc = bp_pg_query(conn, "DELETE FROM bp.custom_area_polygon WHERE code = $1 AND indeling_year = $2::int",
	                       2, p, NULL, err);
	if (rc || !c->polygon.coordinates)
		return rc;
	char line[24], col[24];
	snprintf(line, sizeof(line), "%ld", c->polygon.loc.line);
	snprintf(col, sizeof(col), "%ld", c->polygon.loc.column);
	const char *q[] = { c->code, year, c->polygon.crs, c->polygon.coordinates, line, col };
	return bp_pg_query(conn, "INSERT INTO bp.custom_area_polygon (code, indeling_year, crs, coordinates, line, col) "
	                         "VALUES ($1, $2::int, $3, $4::jsonb, $5::int, $6::int)", 6, q, NULL, err);
}

static bp_rc store_one(PGconn *conn, const bp_custom_area *c, bp_error *err)
{
	PGresult *r = NULL;
	char year[16];
	bp_rc rc;
	snprintf(year, sizeof(year), "%ld", c->indeling_year);

	{
		const char *p[] = { c->gemeente, year };
		if ((rc = bp_pg_query(conn, "SELECT 1 FROM bp.area WHERE code = $1 AND indeling_year = $2::int "
		                            "AND level = 'gemeente'", 2, p, &r, err)))
			goto out;
		if (PQntuples(r) == 0) {
			rc = fail_at(err, &c->gemeente_loc, "gemeente %s is not in the database for indeling %s",
			             c->gemeente, year);
			bp_error_hint(err, "import the gemeente's areas for that year first");
			goto out;
		}
		PQclear(r);
		r = NULL;
	}
	for (size_t i = 0; i < c->n_members; i++) {
		const char *p[] = { c->members[i], year };
		if ((rc = bp_pg_query(conn, "SELECT parent_code FROM bp.area WHERE code = $1 AND indeling_year = $2::int "
		                            "AND level IN ('wijk', 'buurt')", 2, p, &r, err)))
			goto out;
		if (PQntuples(r) == 0) {
			rc = fail_at(err, &c->member_locs[i], "member %s is not in the database for indeling %s",
			             c->members[i], year);
			goto out;
		}
		/* A buurt and its wijk together would count the buurt twice. */
		const char *parent = PQgetvalue(r, 0, 0);
		for (size_t j = 0; j < c->n_members; j++) {
			if (strcmp(c->members[j], parent) == 0) {
				rc = fail_at(err, &c->member_locs[i], "member %s lies in wijk %s, which is a member too",
				             c->members[i], parent);
				bp_error_hint(err, "list either the wijk or its buurten, not both");
				goto out;
			}
		}
		PQclear(r);
		r = NULL;
	}
	{
		const char *p[] = { c->code, year, c->name, c->gemeente };
		if ((rc = bp_pg_query(conn,
			"INSERT INTO bp.area (code, indeling_year, level, name, parent_code, gemeente_code) "
			"VALUES ($1, $2::int, 'custom', $3, $4, $4) ON CONFLICT (code, indeling_year) DO UPDATE "
			"SET level = 'custom', name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, "
			"    gemeente_code = EXCLUDED.gemeente_code", 4, p, NULL, err)))
			goto out;
	}
	{
		const char *p[] = { c->code, year, c->id, c->kind, c->loc.file };
		if ((rc = bp_pg_query(conn,
			"INSERT INTO bp.custom_area (code, indeling_year, id, kind, definition_file) "
			"VALUES ($1, $2::int, $3, $4, $5) ON CONFLICT (code, indeling_year) DO UPDATE "
			"SET kind = EXCLUDED.kind, definition_file = EXCLUDED.definition_file", 5, p, NULL, err)))
			goto out;
	}
	{
		const char *p[] = { c->code, year };
		if ((rc = bp_pg_query(conn, "DELETE FROM bp.custom_area_member WHERE custom_code = $1 "
		                            "AND indeling_year = $2::int", 2, p, NULL, err)))
			goto out;
	}
	if ((rc = store_polygon(conn, c, year, err)))
		goto out;
	for (size_t i = 0; i < c->n_members; i++) {
		const char *p[] = { c->code, year, c->members[i] };
		if ((rc = bp_pg_query(conn, "INSERT INTO bp.custom_area_member (custom_code, indeling_year, member_code) "
		                            "VALUES ($1, $2::int, $3)", 3, p, NULL, err)))
			goto out;
	}
out:
	PQclear(r);
	return rc;
}

bp_rc bp_custom_areas_store(PGconn *conn, const bp_custom_area_set *set, bp_error *err)
{
	bp_buf keep;
	bp_rc rc;
	bp_buf_init(&keep);

	if ((rc = bp_pg_exec(conn, "BEGIN", err)))
		goto out;
	for (size_t i = 0; i < set->n; i++)
		if ((rc = store_one(conn, &set->items[i], err)))
			goto out;
	/* The folder is the truth: what it no longer defines goes, values first
	 * (indicator_value refers to bp.area without cascading).  A custom area
	 * that `import table` loaded for a region of another type is no
	 * folder's: it stays while observations refer to it.  The codes are
	 * checked [a-z0-9-] ids; they still travel as one array parameter. */
	bp_buf_adds(&keep, "{");
	for (size_t i = 0; i < set->n; i++)
		bp_buf_printf(&keep, "%s%s", i ? "," : "", set->items[i].code);
	bp_buf_adds(&keep, "}");
	{
		const char *p[] = { keep.data };
		if ((rc = bp_pg_query(conn,
			"WITH gone AS (SELECT code, indeling_year FROM bp.custom_area WHERE code <> ALL($1::text[])), "
			"     v AS (DELETE FROM bp.indicator_value iv USING gone "
			"           WHERE iv.area_code = gone.code AND iv.indeling_year = gone.indeling_year) "
			"DELETE FROM bp.custom_area c USING gone WHERE c.code = gone.code "
			"   AND c.indeling_year = gone.indeling_year", 1, p, NULL, err)) ||
		    (rc = bp_pg_exec(conn, "DELETE FROM bp.area a WHERE a.level = 'custom' AND NOT EXISTS "
		                           "(SELECT 1 FROM bp.custom_area c WHERE c.code = a.code "
		                           " AND c.indeling_year = a.indeling_year) AND NOT EXISTS "
		                           "(SELECT 1 FROM bp.indicator_value v WHERE v.area_code = a.code "
		                           " AND v.indeling_year = a.indeling_year) AND NOT EXISTS "
		                           "(SELECT 1 FROM bp.observation_all o WHERE o.area_code = a.code "
		                           " AND o.indeling_year = a.indeling_year)", err)))
			goto out;
	}
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	bp_buf_release(&keep);
	return rc;
}
