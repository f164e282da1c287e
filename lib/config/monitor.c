#include "config/monitor.h"

#include <string.h>

#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "engine/similar.h"
#include "import/areacode.h"
#include "import/kwb_csv.h"

static const char *const top_keys[] = {
	"name", "gemeenten", "sources", "indicators", "charts", "output", "areas",
	"interventions", "publish_effects", "pdf", "needs_overview", "publish", "references", "similar_k", NULL
};
static const char *const reference_keys[] = { "area", "gemeente", NULL };
static const char *const source_keys[] = {
	"type", "file", "year", "table", "catalog", "base_url", "where", "national", "dir", "level", "tolerance", "crs",
	"mapping", "skip", NULL
};
static const char *const source_types[] = {
	"statline-csv", "cbs", "cbs-dump", "geojson", "survey", "survey-results", "experiences", "json", "kwb-csv", NULL
};
/* The keys each type takes, in the order of source_types: a key of another
 * type is a mistake, refused where it is written. */
static const char *const *const type_keys[] = {
	(const char *const[]){ "file", "year", NULL },
	(const char *const[]){ "table", "catalog", "base_url", "where", "national", NULL },
	(const char *const[]){ "dir", NULL },
	(const char *const[]){ "file", "year", "level", "tolerance", "crs", NULL },
	(const char *const[]){ "file", "mapping", NULL },
	(const char *const[]){ "file", "mapping", NULL },
	(const char *const[]){ "file", NULL },   /* experiences: file only */
	(const char *const[]){ "file", "mapping", NULL },   /* json */
	(const char *const[]){ "file", "mapping", "year", "skip", NULL },   /* kwb-csv */
};
static const char *const levels[] = { "gemeente", "wijk", "buurt", NULL };
static const int level_values[] = { BP_LEVEL_GEMEENTE, BP_LEVEL_WIJK, BP_LEVEL_BUURT };

/* CBS pads codes in its exports ("GM0828  "); a code copied from there must still match. */
static char *rtrim(bp_arena *a, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		n--;
	return bp_arena_strndup(a, s, n);
}

static int is_gemeente_code(const char *s)
{
	return strlen(s) == 6 && s[0] == 'G' && s[1] == 'M' && strspn(s + 2, "0123456789") == 4;
}

static bp_rc load_gemeenten(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_arena *a,
                            bp_monitor_config *c, bp_error *err)
{
	const char **raw;
	size_t n;
	bp_rc rc = bp_yaml_req_strlist(doc, root, "gemeenten", &raw, &n, err);
	if (rc)
		return rc;
	bp_yaml_node *seq = bp_yaml_map_get(doc, root, "gemeenten");
	if (n == 0) {
		bp_yaml_fail(doc, seq, err, BP_ERR_CONFIG, "'gemeenten' lists no gemeente");
		bp_error_hint(err, "name at least one, e.g. gemeenten: [GM0828]");
		return BP_ERR_CONFIG;
	}
	c->gemeenten = bp_arena_alloc(a, n * sizeof(*c->gemeenten));
	for (size_t i = 0; i < n; i++) {
		bp_yaml_node *item = bp_yaml_seq_at(doc, seq, i);
		const char *code = rtrim(a, raw[i]);
		if (!is_gemeente_code(code)) {
			bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "invalid gemeente code '%s'", raw[i]);
			bp_error_hint(err, "a gemeente code is GM and four digits, as CBS writes it, e.g. GM0828");
			return BP_ERR_CONFIG;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(c->gemeenten[j], code) == 0) {
				bp_yaml_node *first = bp_yaml_seq_at(doc, seq, j);
				bp_yaml_fail(doc, item, err, BP_ERR_CONFIG, "gemeente '%s' is listed twice", code);
				bp_error_detail(err, "first listed at line %ld, column %ld",
				                bp_yaml_line(first), bp_yaml_column(first));
				return BP_ERR_CONFIG;
			}
		}
		c->gemeenten[i] = code;
	}
	c->n_gemeenten = n;
	return BP_OK;
}

/* references: custom reference areas, as `buurtpeil compute --reference`. */
static bp_rc load_references(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_arena *a,
                             bp_monitor_config *c, bp_error *err)
{
	bp_yaml_node *seq = bp_yaml_map_get(doc, root, "references");
	if (!seq)
		return BP_OK;
	bp_rc rc = bp_yaml_expect(doc, seq, BP_YAML_SEQUENCE, "'references'", err);
	if (rc)
		return rc;
	size_t n = bp_yaml_seq_len(seq);
	c->references_given = 1;
	c->ref_scopes = bp_arena_alloc(a, (n + 1) * sizeof(*c->ref_scopes));
	c->ref_codes = bp_arena_alloc(a, (n + 1) * sizeof(*c->ref_codes));
	for (size_t i = 0; i < n; i++) {
		bp_yaml_node *m = bp_yaml_seq_at(doc, seq, i);
		const char *area, *scope;
		if ((rc = bp_yaml_expect(doc, m, BP_YAML_MAPPING, "each reference", err)) ||
		    (rc = bp_yaml_check_keys(doc, m, reference_keys, err)) ||
		    (rc = bp_yaml_req_str(doc, m, "area", &area, err)) ||
		    (rc = bp_yaml_opt_str(doc, m, "gemeente", NULL, &scope, err)))
			return rc;
		area = rtrim(a, area);
		bp_area_code ac;
		/* A custom area's code is CU + its id, which the CBS parser does not know. */
		if (strncmp(area, "CU", 2) != 0 && bp_area_code_parse(area, strlen(area), &ac) != 0) {
			bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "area"), err, BP_ERR_CONFIG,
			             "invalid reference area '%s'", area);
			bp_error_hint(err, "an area code as CBS writes it (GM0828, WK082801, NL00) or a custom area CU<id>");
			return BP_ERR_CONFIG;
		}
		if (scope && !is_gemeente_code(rtrim(a, scope))) {
			bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "gemeente"), err, BP_ERR_CONFIG,
			             "invalid gemeente code '%s'", scope);
			bp_error_hint(err, "the gemeente whose areas get this reference, e.g. gemeente: GM0828");
			return BP_ERR_CONFIG;
		}
		c->ref_codes[i] = area;
		c->ref_scopes[i] = scope ? rtrim(a, scope) : NULL;
	}
	c->n_references = n;
	return BP_OK;
}

static bp_rc refuse_keys(const bp_yaml_doc *doc, const bp_yaml_node *m, const char *type,
                         const char *const *allowed, bp_error *err)
{
	for (size_t i = 1; source_keys[i]; i++) {   /* [0] is "type" */
		int ok = 0;
		for (size_t j = 0; allowed[j] && !ok; j++)
			ok = strcmp(allowed[j], source_keys[i]) == 0;
		bp_yaml_node *k = ok ? NULL : bp_yaml_map_key_node(doc, m, source_keys[i]);
		if (k) {
			bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "'%s' does not apply to a source of type %s",
			             source_keys[i], type);
			return BP_ERR_CONFIG;
		}
	}
	return BP_OK;
}

/* A required path, resolved against the configuration's folder. */
static bp_rc req_path(const bp_yaml_doc *doc, const bp_yaml_node *m, bp_arena *a, const char *base,
                      const char *key, const char **out, bp_error *err)
{
	const char *v;
	bp_rc rc = bp_yaml_req_str(doc, m, key, &v, err);
	if (rc)
		return rc;
	if (!v[0])
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, key), err, BP_ERR_CONFIG,
		                    "'%s' must not be empty", key);
	*out = bp_path_join(a, base, v);
	return BP_OK;
}

/* kwb-csv: its mapping (required, as for surveys) and the damaged columns to leave out. */
static bp_rc load_kwb_csv(const bp_yaml_doc *doc, const bp_yaml_node *m, bp_arena *a,
                          const char *base, bp_monitor_source *s, bp_error *err)
{
	bp_rc rc;
	if ((rc = req_path(doc, m, a, base, "mapping", &s->mapping, err)) ||
	    (rc = bp_yaml_opt_strlist(doc, m, "skip", &s->skip, &s->n_skip, err)))
		return rc;
	if (s->n_skip > BP_KWB_MAX_SKIPS)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "skip"), err, BP_ERR_CONFIG,
		                    "at most %d columns can be skipped", BP_KWB_MAX_SKIPS);
	for (size_t i = 0; i < s->n_skip; i++) {
		bp_kwb_skip k;
		if (bp_kwb_skip_parse(s->skip[i], &k) != 0) {
			bp_yaml_fail(doc, bp_yaml_seq_at(doc, bp_yaml_map_get(doc, m, "skip"), i), err, BP_ERR_CONFIG,
			             "'%s' is not YEAR:COLUMN", s->skip[i]);
			bp_error_hint(err, "e.g. skip: [2021:g_hhgro]");
			return BP_ERR_CONFIG;
		}
	}
	return BP_OK;
}

static bp_rc load_source(const bp_yaml_doc *doc, const bp_yaml_node *m, bp_arena *a,
                         const char *base, bp_monitor_source *s, bp_error *err)
{
	int type;
	bp_rc rc;

	if ((rc = bp_yaml_expect(doc, m, BP_YAML_MAPPING, "each source", err)) ||
	    (rc = bp_yaml_check_keys(doc, m, source_keys, err)) ||
	    (rc = bp_yaml_req_choice(doc, m, "type", source_types, &type, err)))
		return rc;
	s->type = source_types[type];
	s->level = -1;
	s->loc.file = bp_yaml_path(doc);
	s->loc.line = bp_yaml_line(m);
	s->loc.column = bp_yaml_column(m);
	if ((rc = refuse_keys(doc, m, s->type, type_keys[type], err)))
		return rc;

	if (strcmp(s->type, "cbs") == 0) {
		const char *table;
		if ((rc = bp_yaml_req_str(doc, m, "table", &table, err)) ||
		    (rc = bp_yaml_opt_str(doc, m, "catalog", "CBS", &s->catalog, err)) ||
		    (rc = bp_yaml_opt_str(doc, m, "base_url", NULL, &s->base_url, err)) ||
		    (rc = bp_yaml_opt_strlist(doc, m, "where", &s->where, &s->n_where, err)) ||
		    (rc = bp_yaml_opt_bool(doc, m, "national", 1, &s->national, err)))
			return rc;
		if (!table[0])
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "table"), err, BP_ERR_CONFIG,
			                    "'table' must not be empty");
		s->table = table;
		return BP_OK;
	}
	if (strcmp(s->type, "cbs-dump") == 0)
		return req_path(doc, m, a, base, "dir", &s->dir, err);

	if ((rc = req_path(doc, m, a, base, "file", &s->file, err)))
		return rc;
	if (strncmp(s->type, "survey", 6) == 0 || strcmp(s->type, "json") == 0)
		return req_path(doc, m, a, base, "mapping", &s->mapping, err);
	if (strcmp(s->type, "experiences") == 0)
		return BP_OK;
	if (strcmp(s->type, "kwb-csv") == 0 && (rc = load_kwb_csv(doc, m, a, base, s, err)))
		return rc;

	long year;
	if ((rc = bp_yaml_opt_int(doc, m, "year", 1990, 2100, 0, &year, err)))
		return rc;
	s->year = (int)year;
	if (strcmp(s->type, "geojson") == 0) {
		bp_yaml_node *tol = bp_yaml_map_get(doc, m, "tolerance");
		if (bp_yaml_map_get(doc, m, "level")) {
			int level;
			if ((rc = bp_yaml_req_choice(doc, m, "level", levels, &level, err)))
				return rc;
			s->level = level_values[level];
		}
		if ((rc = bp_yaml_opt_double(doc, m, "tolerance", 0, &s->tolerance, err)) ||
		    (rc = bp_yaml_opt_str(doc, m, "crs", NULL, &s->crs, err)))
			return rc;
		/* The same bounds as 'import geojson --tolerance'. */
		if (tol && !(s->tolerance > 0 && s->tolerance <= 10000))
			return bp_yaml_fail(doc, tol, err, BP_ERR_CONFIG,
			                    "'tolerance' must be more than 0 and at most 10000 (metres)");
		if (s->crs && !s->crs[0])
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "crs"), err, BP_ERR_CONFIG,
			                    "'crs' must not be empty");
	}
	return BP_OK;
}

static bp_rc load_sources(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_arena *a,
                          const char *base, bp_monitor_config *c, bp_error *err)
{
	bp_yaml_node *seq = bp_yaml_map_get(doc, root, "sources");
	bp_rc rc;

	if (!seq)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "missing key 'sources'");
	if ((rc = bp_yaml_expect(doc, seq, BP_YAML_SEQUENCE, "'sources'", err)))
		return rc;
	size_t n = bp_yaml_seq_len(seq);
	if (n == 0) {
		bp_yaml_fail(doc, seq, err, BP_ERR_CONFIG, "'sources' lists no source");
		bp_error_hint(err, "add one, e.g. - {type: statline-csv, file: kwb_2024.csv}");
		return BP_ERR_CONFIG;
	}
	c->sources = bp_arena_alloc(a, n * sizeof(*c->sources));
	for (size_t i = 0; i < n; i++)
		if ((rc = load_source(doc, bp_yaml_seq_at(doc, seq, i), a, base, &c->sources[i], err)))
			return rc;
	c->n_sources = n;
	return BP_OK;
}

/* A folder setting, resolved against the configuration's own folder. */
static bp_rc load_dir(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_arena *a,
                      const char *base, const char *key, const char *def,
                      const char **out, bp_error *err)
{
	const char *v;
	bp_rc rc = bp_yaml_opt_str(doc, root, key, def, &v, err);
	if (rc)
		return rc;
	if (!v[0])
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, key), err, BP_ERR_CONFIG,
		                    "'%s' must not be empty", key);
	*out = bp_path_join(a, base, v);
	return BP_OK;
}

bp_rc bp_monitor_config_load(const char *path, bp_arena *a, bp_monitor_config *out, bp_error *err)
{
	bp_monitor_config c;
	bp_yaml_doc *doc;
	bp_rc rc;

	memset(&c, 0, sizeof(c));
	if ((rc = bp_yaml_load_file(path, a, &doc, err)))
		return rc;
	bp_yaml_node *root = bp_yaml_root(doc);
	const char *base = bp_path_dirname(a, path);
	c.path = bp_arena_strdup(a, path);
	const char *slash = strrchr(c.path, '/');

	if ((rc = bp_yaml_expect(doc, root, BP_YAML_MAPPING, "a monitor configuration", err)) ||
	    (rc = bp_yaml_check_keys(doc, root, top_keys, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "name", slash ? slash + 1 : c.path, &c.name, err)))
		return rc;
	if (!c.name[0])
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "name"), err, BP_ERR_CONFIG,
		                    "'name' must not be empty");
	if ((rc = load_gemeenten(doc, root, a, &c, err)) ||
	    (rc = load_sources(doc, root, a, base, &c, err)) ||
	    (rc = load_dir(doc, root, a, base, "indicators", "indicators", &c.indicators_dir, err)) ||
	    (rc = load_dir(doc, root, a, base, "charts", "charts", &c.charts_dir, err)) ||
	    (rc = load_dir(doc, root, a, base, "output", "out", &c.output_dir, err)))
		return rc;
	/* Parts of the report run that users may switch off (all on by default). */
	if ((rc = bp_yaml_opt_bool(doc, root, "pdf", 1, &c.want_pdf, err)) ||
	    (rc = bp_yaml_opt_bool(doc, root, "needs_overview", 1, &c.want_needs, err)) ||
	    (rc = bp_yaml_opt_bool(doc, root, "publish", 1, &c.want_site, err)))
		return rc;
	/* Custom areas are optional: no key, no custom areas. */
	if (bp_yaml_map_get(doc, root, "areas") &&
	    (rc = load_dir(doc, root, a, base, "areas", "areas", &c.areas_dir, err)))
		return rc;
	/* Interventions too: no key, no effect reports (like areas). */
	if (bp_yaml_map_get(doc, root, "interventions") &&
	    (rc = load_dir(doc, root, a, base, "interventions", "interventions", &c.interventions_dir, err)))
		return rc;
	long similar_k;
	if ((rc = bp_yaml_opt_bool(doc, root, "publish_effects", 0, &c.publish_effects, err)) ||
	    (rc = load_references(doc, root, a, &c, err)) ||
	    (rc = bp_yaml_opt_int(doc, root, "similar_k", 0, 100, BP_SIMILAR_DEFAULT_K, &similar_k, err)))
		return rc;
	c.similar_k = (int)similar_k;
	*out = c;
	return BP_OK;
}
