#include "engine/intervention.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "db/pgutil.h"
#include "core/yamldir.h"

static const char *const keys[] = {
	"id", "name", "description", "theme", "areas", "start", "end", "indicators", "partner", "example",
	"match_on", NULL
};
static const char *const indicator_keys[] = { "id", "direction", "pretrend_series", NULL };
/* The themes of indicators/ (indicator_def.c): an intervention is filed under one of them. */
static const char *const themes[] = {
	"sociale-veerkracht", "participatie", "demografie", "sociaal-economisch",
	"zorg-en-gezondheid", "voorzieningen", NULL
};
/* In the order of bp_direction. */
static const char *const directions[] = { "up", "down", NULL };

#define DIGITS "0123456789"
#define LOWER "abcdefghijklmnopqrstuvwxyz"

const char *bp_direction_name(bp_direction d)
{
	return directions[d == BP_DIRECTION_DOWN ? 1 : 0];
}

static bp_srcloc loc_of(const bp_yaml_doc *doc, const bp_yaml_node *n)
{
	bp_srcloc l = { bp_yaml_path(doc), bp_yaml_line(n), bp_yaml_column(n), BP_TEXT_PLAIN };
	return l;
}

static int all_of(const char *s, const char *set)
{
	return strspn(s, set) == strlen(s);
}

/* An id becomes part of area codes, URLs and file names: keep it plain. */
static int plain_id(const char *s)
{
	return s[0] >= 'a' && s[0] <= 'z' && all_of(s, LOWER DIGITS "-") && strlen(s) <= 60;
}

static int cbs_code(const char *s)
{
	size_t len = strlen(s);
	if (!all_of(s + (len >= 2 ? 2 : len), DIGITS))
		return 0;
	return (len == 6 && strncmp(s, "GM", 2) == 0) || (len == 8 && strncmp(s, "WK", 2) == 0) ||
	       (len == 10 && strncmp(s, "BU", 2) == 0);
}

/*
 * YYYY-MM-DD, a real calendar day.  Hand-checked rather than strptime():
 * strptime accepts 2014-9-1 and does not reject 31 February.
 */
static int parse_date(const char *s, int *year)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	*year = y;
	return 1;
}

static bp_rc date_at(const bp_yaml_doc *doc, const bp_yaml_node *root, const char *key, int required,
                     const char **out, int *year, bp_error *err)
{
	bp_rc rc = required ? bp_yaml_req_str(doc, root, key, out, err)
	                    : bp_yaml_opt_str(doc, root, key, NULL, out, err);
	if (rc || !*out)
		return rc;
	if (!parse_date(*out, year)) {
		bp_yaml_fail(doc, bp_yaml_map_get(doc, root, key), err, BP_ERR_CONFIG,
		             "invalid date '%s' for '%s'", *out, key);
		bp_error_hint(err, "write a date as YYYY-MM-DD, e.g. 2014-09-01");
		return BP_ERR_CONFIG;
	}
	return BP_OK;
}

static bp_rc parse_indicators(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_intervention *v,
                              bp_error *err)
{
	bp_arena *a = bp_yaml_arena(doc);
	bp_yaml_node *list = bp_yaml_map_get(doc, root, "indicators");
	bp_rc rc;

	if (!list)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'indicators'");
	if ((rc = bp_yaml_expect(doc, list, BP_YAML_SEQUENCE, "'indicators'", err)))
		return rc;
	v->n_indicators = bp_yaml_seq_len(list);
	if (v->n_indicators == 0)
		return bp_yaml_fail(doc, list, err, BP_ERR_CONFIG,
		                    "'indicators' must list at least one indicator the intervention aims to move");
	v->indicators = bp_arena_alloc(a, v->n_indicators * sizeof(*v->indicators));
	for (size_t i = 0; i < v->n_indicators; i++) {
		bp_intervention_indicator *ind = &v->indicators[i];
		bp_yaml_node *item = bp_yaml_seq_at(doc, list, i);
		int dir;
		if ((rc = bp_yaml_expect(doc, item, BP_YAML_MAPPING, "each indicator ({id: ..., direction: up|down})", err)) ||
		    (rc = bp_yaml_check_keys(doc, item, indicator_keys, err)) ||
		    (rc = bp_yaml_req_str(doc, item, "id", &ind->id, err)) ||
		    (rc = bp_yaml_req_choice(doc, item, "direction", directions, &dir, err)))
			return rc;
		ind->direction = dir ? BP_DIRECTION_DOWN : BP_DIRECTION_UP;
		if ((rc = bp_yaml_opt_str(doc, item, "pretrend_series", NULL, &ind->pretrend_series, err)))
			return rc;
		if (ind->pretrend_series)
			ind->pretrend_loc = loc_of(doc, bp_yaml_map_get(doc, item, "pretrend_series"));
		bp_yaml_node *idn = bp_yaml_map_get(doc, item, "id");
		ind->loc = loc_of(doc, idn);
		for (size_t j = 0; j < i; j++)
			if (strcmp(v->indicators[j].id, ind->id) == 0)
				return bp_yaml_fail(doc, idn, err, BP_ERR_CONFIG, "indicator '%s' is listed twice", ind->id);
	}
	return BP_OK;
}

/* Each target: a CBS code, or a custom area id (its bp.area code is "CU" + id). */
static bp_rc parse_areas(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_intervention *v, bp_error *err)
{
	bp_arena *a = bp_yaml_arena(doc);
	bp_yaml_node *an = bp_yaml_map_get(doc, root, "areas");
	if (v->n_areas == 0)
		return bp_yaml_fail(doc, an, err, BP_ERR_CONFIG, "'areas' must list at least one target area");
	v->area_codes = bp_arena_alloc(a, v->n_areas * sizeof(*v->area_codes));
	v->area_locs = bp_arena_alloc(a, v->n_areas * sizeof(*v->area_locs));
	for (size_t i = 0; i < v->n_areas; i++) {
		const char *s = v->areas[i];
		bp_yaml_node *item = bp_yaml_seq_at(doc, an, i);
		v->area_locs[i] = loc_of(doc, item);
		if (cbs_code(s)) {
			v->area_codes[i] = s;
		} else if (plain_id(s)) {
			v->area_codes[i] = bp_arena_printf(a, "CU%s", s);
		} else {
			bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "invalid target area '%s'", s);
			bp_error_hint(err, "a CBS code (GM + 4, WK + 6 or BU + 8 digits) or the id of a custom "
			              "area in areas/, e.g. oss-dorpshuis-berghem");
			return BP_ERR_CONFIG;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(v->area_codes[j], v->area_codes[i]) == 0)
				return bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "area '%s' is listed twice", s);
	}
	return BP_OK;
}

/* What makes a new version: every field that means something, in a fixed order. */
static void set_hash(bp_intervention *v)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_buf_printf(&b, "intervention|%s|%s|%s|%s|%s|%s|%s|%d", v->id, v->name,
	              v->description ? v->description : "", v->theme, v->partner, v->start,
	              v->end ? v->end : "", v->example);
	for (size_t i = 0; i < v->n_areas; i++)
		bp_buf_printf(&b, "|area=%s", v->area_codes[i]);
	for (size_t i = 0; i < v->n_indicators; i++)
		bp_buf_printf(&b, "|ind=%s:%s", v->indicators[i].id, bp_direction_name(v->indicators[i].direction));
	/* Only when given, so that the hash of a definition without it stays what it was. */
	for (size_t i = 0; i < v->n_match_on; i++)
		bp_buf_printf(&b, "|match=%s", v->match_on[i]);
	for (size_t i = 0; i < v->n_indicators; i++)
		if (v->indicators[i].pretrend_series)
			bp_buf_printf(&b, "|pretrend=%s:%s", v->indicators[i].id, v->indicators[i].pretrend_series);
	bp_sha256_hex(b.data, b.len, v->hash);
	bp_buf_release(&b);
}

static bp_rc parse_intervention(const bp_yaml_doc *doc, bp_intervention *v, bp_error *err)
{
	bp_yaml_node *root = bp_yaml_root(doc);
	int theme, end_year = 0;
	bp_rc rc;

	memset(v, 0, sizeof(*v));
	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "an intervention definition", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, keys, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "id", &v->id, err)))
		return rc;
	bp_yaml_node *idn = bp_yaml_map_get(doc, root, "id");
	v->loc = loc_of(doc, root);
	v->id_loc = loc_of(doc, idn);
	if (!plain_id(v->id)) {
		bp_yaml_fail(doc, idn, err, BP_ERR_CONFIG, "invalid intervention id '%s'", v->id);
		bp_error_hint(err, "an id starts with a lower-case letter and holds only a-z, 0-9 and -, "
		              "e.g. oss-buurtkamer-schadewijk");
		return BP_ERR_CONFIG;
	}
	if ((rc = bp_yaml_req_str(doc, root, "name", &v->name, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "description", NULL, &v->description, err)) ||
	    (rc = bp_yaml_req_choice(doc, root, "theme", themes, &theme, err)) ||
	    (rc = bp_yaml_req_strlist(doc, root, "areas", &v->areas, &v->n_areas, err)) ||
	    (rc = parse_areas(doc, root, v, err)) ||
	    (rc = date_at(doc, root, "start", 1, &v->start, &v->start_year, err)) ||
	    (rc = date_at(doc, root, "end", 0, &v->end, &end_year, err)))
		return rc;
	/* Same-length YYYY-MM-DD texts compare like the dates they are. */
	if (v->end && strcmp(v->end, v->start) < 0)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "end"), err, BP_ERR_CONFIG,
		                    "the end %s lies before the start %s", v->end, v->start);
	if ((rc = parse_indicators(doc, root, v, err)) ||
	    (rc = bp_yaml_req_str(doc, root, "partner", &v->partner, err)) ||
	    (rc = bp_yaml_opt_bool(doc, root, "example", 0, &v->example, err)))
		return rc;
	if (bp_yaml_map_get(doc, root, "match_on")) {
		if ((rc = bp_yaml_req_strlist(doc, root, "match_on", &v->match_on, &v->n_match_on, err)))
			return rc;
		v->match_on_loc = loc_of(doc, bp_yaml_map_get(doc, root, "match_on"));
	}
	v->theme = themes[theme];
	set_hash(v);
	return BP_OK;
}

bp_rc bp_intervention_load_file(const char *path, bp_arena *a, bp_intervention *out, bp_error *err)
{
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_file(path, a, &doc, err);
	if (rc)
		return rc;
	return parse_intervention(doc, out, err);
}

bp_rc bp_intervention_load_string(const char *name, const char *text, bp_arena *a,
                                  bp_intervention *out, bp_error *err)
{
	bp_yaml_doc *doc;
	bp_rc rc = bp_yaml_load_string(name, text, strlen(text), a, &doc, err);
	if (rc)
		return rc;
	return parse_intervention(doc, out, err);
}

static int cmp_intervention(const void *x, const void *y)
{
	return strcmp(((const bp_intervention *)x)->id, ((const bp_intervention *)y)->id);
}

static bp_rc load_item(const char *path, bp_arena *a, void *item, bp_error *err)
{
	return bp_intervention_load_file(path, a, item, err);
}

static const char *item_id(const void *item, const bp_srcloc **loc)
{
	const bp_intervention *x = item;
	*loc = &x->id_loc;
	return x->id;
}

bp_rc bp_interventions_load_dir(const char *dir, bp_arena *a, bp_intervention_set *out, bp_error *err)
{
	void *items;
	size_t n;
	bp_rc rc = bp_yamldir_load(dir, "interventions", "intervention", sizeof(bp_intervention), load_item, item_id, a, &items, &n, err);
	if (n)
		qsort(items, n, sizeof(bp_intervention), cmp_intervention);
	out->items = items;
	out->n = n;
	return rc;
}

const bp_intervention *bp_intervention_find(const bp_intervention_set *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->items[i].id, id) == 0)
			return &set->items[i];
	return NULL;
}

static bp_rc fail_at(bp_error *err, const bp_srcloc *l, bp_rc rc)
{
	bp_error_at(err, l->file, l->line, l->column);
	return rc;
}

bp_rc bp_interventions_check_refs(const bp_intervention_set *set, const bp_indicator_set *indicators,
                                  const bp_custom_area_set *areas, bp_error *err)
{
	for (size_t i = 0; i < set->n; i++) {
		const bp_intervention *v = &set->items[i];
		for (size_t k = 0; k < v->n_indicators; k++) {
			if (bp_indicator_find(indicators, v->indicators[k].id))
				continue;
			fail_at(err, &v->indicators[k].loc, BP_ERR_CONFIG);
			return bp_fail(err, BP_ERR_CONFIG, "unknown indicator '%s'", v->indicators[k].id);
		}
		for (size_t k = 0; k < v->n_indicators; k++) {
			const char *rel = v->indicators[k].pretrend_series;
			if (!rel || bp_indicator_find(indicators, rel))
				continue;
			fail_at(err, &v->indicators[k].pretrend_loc, BP_ERR_CONFIG);
			return bp_fail(err, BP_ERR_CONFIG, "unknown indicator '%s' in pretrend_series", rel);
		}
		for (size_t k = 0; k < v->n_match_on; k++) {
			if (bp_indicator_find(indicators, v->match_on[k]))
				continue;
			fail_at(err, &v->match_on_loc, BP_ERR_CONFIG);
			return bp_fail(err, BP_ERR_CONFIG, "unknown indicator '%s' in match_on", v->match_on[k]);
		}
		if (!areas)
			continue;
		for (size_t k = 0; k < v->n_areas; k++) {
			if (strncmp(v->area_codes[k], "CU", 2) != 0)
				continue;
			int found = 0;
			for (size_t j = 0; j < areas->n && !found; j++)
				found = strcmp(areas->items[j].code, v->area_codes[k]) == 0;
			if (found)
				continue;
			fail_at(err, &v->area_locs[k], BP_ERR_CONFIG);
			bp_fail(err, BP_ERR_CONFIG, "unknown custom area '%s'", v->areas[k]);
			bp_error_hint(err, "define it in areas/ or give a CBS code (GM, WK or BU and digits)");
			return BP_ERR_CONFIG;
		}
	}
	return BP_OK;
}

/* ---- storage --------------------------------------------------------------- */

static bp_rc store_one(PGconn *conn, const bp_intervention *v, int *added, int *closed, bp_error *err)
{
	PGresult *r = NULL;
	char version[16];
	bp_rc rc;
	int next = 1;

	{
		const char *p[] = { v->id };
		if ((rc = bp_pg_query(conn, "SELECT version, definition_hash FROM bp.intervention "
		                            "WHERE id = $1 AND valid_to IS NULL", 1, p, &r, err)))
			goto out;
		if (PQntuples(r) == 1) {
			if (strcmp(PQgetvalue(r, 0, 1), v->hash) == 0)
				goto out;   /* unchanged: keep the current version */
			if ((rc = bp_pg_int(r, 0, 0, &next, err)))
				goto out;
			next++;
			if ((rc = bp_pg_query(conn, "UPDATE bp.intervention SET valid_to = now() "
			                            "WHERE id = $1 AND valid_to IS NULL", 1, p, NULL, err)))
				goto out;
			++*closed;
		} else {
			PQclear(r);
			r = NULL;
			/* A definition that was removed and comes back continues its numbering. */
			if ((rc = bp_pg_query(conn, "SELECT coalesce(max(version), 0) + 1 FROM bp.intervention "
			                            "WHERE id = $1", 1, p, &r, err)))
				goto out;
			if ((rc = bp_pg_int(r, 0, 0, &next, err)))
				goto out;
		}
	}
	snprintf(version, sizeof(version), "%d", next);
	{
		const char *p[] = { v->id, version, v->name, v->description, v->theme, v->start, v->end,
		                    v->partner, v->example ? "true" : "false", v->loc.file, v->hash };
		if ((rc = bp_pg_query(conn,
			"INSERT INTO bp.intervention (id, version, name, description, theme, start_date, end_date, "
			"  partner, example, definition_file, definition_hash) "
			"VALUES ($1, $2::int, $3, $4, $5, $6::date, $7::date, $8, $9::boolean, $10, $11)",
			11, p, NULL, err)))
			goto out;
	}
	for (size_t i = 0; i < v->n_areas; i++) {
		char ord[24];
		snprintf(ord, sizeof(ord), "%zu", i + 1);
		const char *p[] = { v->id, version, v->area_codes[i], v->areas[i], ord };
		if ((rc = bp_pg_query(conn, "INSERT INTO bp.intervention_target "
		                            "(intervention_id, version, area_code, written_as, ord) "
		                            "VALUES ($1, $2::int, $3, $4, $5::int)", 5, p, NULL, err)))
			goto out;
	}
	for (size_t i = 0; i < v->n_indicators; i++) {
		const char *p[] = { v->id, version, v->indicators[i].id, bp_direction_name(v->indicators[i].direction) };
		if ((rc = bp_pg_query(conn, "INSERT INTO bp.intervention_indicator "
		                            "(intervention_id, version, indicator_id, direction) "
		                            "VALUES ($1, $2::int, $3, $4)", 4, p, NULL, err)))
			goto out;
	}
	++*added;
out:
	PQclear(r);
	return rc;
}

bp_rc bp_interventions_store(PGconn *conn, const bp_intervention_set *set, int *added, int *closed,
                             bp_error *err)
{
	int n_added = 0, n_closed = 0;
	PGresult *r = NULL;
	bp_buf keep;
	bp_rc rc;
	bp_buf_init(&keep);

	/* One writer of the registry at a time: two runs storing the same new
	 * version at once both read "no current version" and one failed on the
	 * key (issue 24).  The second now waits and finds the first's rows. */
	if ((rc = bp_pg_exec(conn, "BEGIN", err)) ||
	    (rc = bp_pg_exec(conn, "SELECT pg_advisory_xact_lock(hashtextextended('bp.intervention', 0))", err)))
		goto out;
	for (size_t i = 0; i < set->n; i++)
		if ((rc = store_one(conn, &set->items[i], &n_added, &n_closed, err)))
			goto out;
	/* The folder is the truth for what is current; history stays.  Ids are
	 * checked [a-z0-9-]; they still travel as one array parameter. */
	bp_buf_adds(&keep, "{");
	for (size_t i = 0; i < set->n; i++)
		bp_buf_printf(&keep, "%s%s", i ? "," : "", set->items[i].id);
	bp_buf_adds(&keep, "}");
	{
		const char *p[] = { keep.data };
		if ((rc = bp_pg_query(conn, "UPDATE bp.intervention SET valid_to = now() "
		                            "WHERE valid_to IS NULL AND id <> ALL($1::text[])", 1, p, &r, err)))
			goto out;
		n_closed += atoi(PQcmdTuples(r));
	}
	rc = bp_pg_exec(conn, "COMMIT", err);
out:
	if (rc)
		bp_pg_rollback(conn);
	else {
		if (added)
			*added = n_added;
		if (closed)
			*closed = n_closed;
	}
	PQclear(r);
	bp_buf_release(&keep);
	return rc;
}
