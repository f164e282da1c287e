#include "config/monitor.h"

#include <string.h>

#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "engine/similar.h"
#include "import/areacode.h"
#include "import/registry.h"

static const char *const top_keys[] = {
	"name", "gemeenten", "sources", "indicators", "charts", "output", "areas",
	"interventions", "publish_effects", "pdf", "png", "needs_overview", "publish", "area_downloads", "buurt_page_map", "area_charts", "references", "similar_k", "on_change", "lang",
	"jobs",
	NULL
};
static const char *const reference_keys[] = { "area", "gemeente", NULL };
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
	bp_yaml_node *seq = bp_yaml_map_get(doc, root, "gemeenten");
	/* gemeenten: all is the whole country: the run lists the gemeenten after its
	 * sources are loaded (run/monitor_run.c), as no file names them here. */
	if (seq && bp_yaml_is_scalar(seq) && strcmp(bp_yaml_scalar(seq), "all") == 0) {
		c->all_gemeenten = 1;
		c->all_gemeenten_line = bp_yaml_line(seq);
		return BP_OK;
	}
	bp_rc rc = bp_yaml_req_strlist(doc, root, "gemeenten", &raw, &n, err);
	if (rc) {
		if (seq && bp_yaml_is_scalar(seq))
			bp_error_hint(err, "write [a, b], one '- a' per line, or all for every gemeente of Nederland");
		return rc;
	}
	if (n == 0) {
		bp_yaml_fail(doc, seq, err, BP_ERR_CONFIG, "'gemeenten' lists no gemeente");
		bp_error_hint(err, "name at least one, e.g. gemeenten: [GM0828]");
		return BP_ERR_CONFIG;
	}
	c->gemeenten = bp_arena_alloc(a, n * sizeof(*c->gemeenten));
	c->gemeente_locs = bp_arena_alloc(a, n * sizeof(*c->gemeente_locs));
	for (size_t i = 0; i < n; i++) {
		bp_yaml_node *item = bp_yaml_seq_at(doc, seq, i);
		c->gemeente_locs[i] = (bp_srcloc){ c->path, bp_yaml_line(item), bp_yaml_column(item), BP_TEXT_PLAIN };
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

/*
 * The keys a source may have: "type" and every kind's keys, from the
 * registry (NULL-terminated, in the arena).  A key no kind has is refused
 * with the list; a key of another kind is refused by refuse_keys.
 */
/* Keys of every source, whatever its type: not an importer's option but how the run treats it. */
static const char *const common_source_keys[] = { "type", "mandatory", NULL };
#define N_COMMON_SOURCE_KEYS 2

static const char *const *all_source_keys(bp_arena *a)
{
	size_t n = N_COMMON_SOURCE_KEYS, cap = N_COMMON_SOURCE_KEYS;
	for (size_t i = 0; bp_importers[i]; i++)
		for (int k = 0; k < BP_IMPORT_MAX_KEYS && bp_importers[i]->keys[k].name; k++)
			cap++;
	const char **keys = bp_arena_alloc(a, (cap + 1) * sizeof(*keys));
	for (size_t i = 0; i < N_COMMON_SOURCE_KEYS; i++)
		keys[i] = common_source_keys[i];
	for (size_t i = 0; bp_importers[i]; i++) {
		for (int k = 0; k < BP_IMPORT_MAX_KEYS && bp_importers[i]->keys[k].name; k++) {
			const char *name = bp_importers[i]->keys[k].name;
			size_t j = 0;
			while (j < n && strcmp(keys[j], name) != 0)
				j++;
			if (j == n)
				keys[n++] = name;
		}
	}
	keys[n] = NULL;
	return keys;
}

static const char *const *source_types(bp_arena *a)
{
	size_t n = 0;
	while (bp_importers[n])
		n++;
	const char **types = bp_arena_alloc(a, (n + 1) * sizeof(*types));
	for (size_t i = 0; i < n; i++)
		types[i] = bp_importers[i]->kind;
	types[n] = NULL;
	return types;
}

static bp_rc refuse_keys(const bp_yaml_doc *doc, const bp_yaml_node *m, const bp_importer *kind,
                         const char *const *all, bp_error *err)
{
	for (size_t i = N_COMMON_SOURCE_KEYS; all[i]; i++) {   /* the common keys apply to every type */
		bp_yaml_node *k = bp_importer_key_index(kind, all[i]) < 0 ? bp_yaml_map_key_node(doc, m, all[i]) : NULL;
		if (k) {
			bp_yaml_fail(doc, k, err, BP_ERR_CONFIG, "'%s' does not apply to a source of type %s", all[i],
			             kind->kind);
			return BP_ERR_CONFIG;
		}
	}
	return BP_OK;
}

/* A value the registry refused (its message says "takes ..."), at its node. */
static bp_rc refused(const bp_yaml_doc *doc, const bp_yaml_node *node, const char *key, bp_error *e,
                     bp_error *err)
{
	bp_yaml_fail(doc, node, err, BP_ERR_CONFIG, "'%s' %s", key, e->message);
	if (e->hint[0])
		bp_error_hint(err, "%s", e->hint);
	return BP_ERR_CONFIG;
}

/* One key of a source into its value, typed and checked as the command line's option is. */
static bp_rc load_key(const bp_yaml_doc *doc, const bp_yaml_node *m, bp_arena *a, const char *base,
                      const bp_import_key *k, bp_import_value *v, bp_error *err)
{
	bp_yaml_node *node = bp_yaml_map_get(doc, m, k->name);
	bp_error e = { 0 };
	bp_rc rc;
	if (!node) {
		if (k->flags & (BP_KEY_REQUIRED | BP_KEY_CONFIG_REQUIRED))
			return bp_yaml_fail(doc, m, err, BP_ERR_CONFIG, "missing key '%s'", k->name);
		return BP_OK;
	}
	if (k->flags & BP_KEY_MANY) {
		const char **items;
		size_t n;
		if ((rc = bp_yaml_opt_strlist(doc, m, k->name, &items, &n, err)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if (bp_import_value_set(k, items[i], a, v, &e))
				return refused(doc, bp_yaml_seq_at(doc, node, i), k->name, &e, err);
		v->given = 1;
		return BP_OK;
	}
	switch (k->type) {
	case BP_KEY_YEAR:
		if ((rc = bp_yaml_opt_int(doc, m, k->name, 1990, 2100, 0, &v->num, err)))
			return rc;
		break;
	case BP_KEY_BOOL: {
		int b;
		if ((rc = bp_yaml_opt_bool(doc, m, k->name, 0, &b, err)))
			return rc;
		v->num = b;
		break;
	}
	case BP_KEY_CHOICE: {
		int i;
		if ((rc = bp_yaml_req_choice(doc, m, k->name, k->choices, &i, err)))
			return rc;
		v->num = i;
		v->str = k->choices[i];
		break;
	}
	default: {
		const char *text;
		if ((rc = bp_yaml_req_str(doc, m, k->name, &text, err)))
			return rc;
		if (k->type == BP_KEY_METRES && bp_import_value_set(k, text, a, v, &e))
			return bp_yaml_fail(doc, node, err, BP_ERR_CONFIG,
			                    "'%s' must be more than 0 and at most 10000 (metres)", k->name);
		if (!text[0])
			return bp_yaml_fail(doc, node, err, BP_ERR_CONFIG, "'%s' must not be empty", k->name);
		if (bp_import_value_set(k, text, a, v, &e))
			return refused(doc, node, k->name, &e, err);
		if (k->type == BP_KEY_PATH)
			v->str = bp_path_join(a, base, v->str);
	}
	}
	v->given = 1;
	return BP_OK;
}

static bp_rc load_source(const bp_yaml_doc *doc, const bp_yaml_node *m, bp_arena *a, const char *base,
                         const bp_monitor_config *c, bp_monitor_source *s, bp_error *err)
{
	const char *const *all = all_source_keys(a);
	const char *const *types = source_types(a);
	int type;
	bp_rc rc;

	if ((rc = bp_yaml_expect(doc, m, BP_YAML_MAPPING, "each source", err)) ||
	    (rc = bp_yaml_check_keys(doc, m, all, err)) ||
	    (rc = bp_yaml_req_choice(doc, m, "type", types, &type, err)))
		return rc;
	memset(s, 0, sizeof(*s));
	s->kind = bp_importers[type];
	s->type = s->kind->kind;
	s->args.kind = s->kind;
	s->args.monitor_gemeenten = c->gemeenten;
	s->args.n_monitor_gemeenten = c->n_gemeenten;
	s->loc.file = bp_yaml_path(doc);
	s->loc.line = bp_yaml_line(m);
	s->loc.column = bp_yaml_column(m);
	if ((rc = refuse_keys(doc, m, s->kind, all, err)) ||
	    (rc = bp_yaml_opt_bool(doc, m, "mandatory", 0, &s->mandatory, err)))
		return rc;
	for (int i = 0; i < BP_IMPORT_MAX_KEYS && s->kind->keys[i].name; i++)
		if ((rc = load_key(doc, m, a, base, &s->kind->keys[i], &s->args.v[i], err)))
			return rc;
	/* Both would say which gemeenten: the list given and 'national' contradict or repeat each other. */
	int national = bp_importer_key_index(s->kind, "national"), gemeente = bp_importer_key_index(s->kind, "gemeente");
	if (national >= 0 && gemeente >= 0 && s->args.v[national].given && s->args.v[gemeente].given) {
		bp_yaml_fail(doc, bp_yaml_map_key_node(doc, m, "national"), err, BP_ERR_CONFIG,
		             "'national' and 'gemeente' both say which gemeenten to load");
		bp_error_hint(err, "leave out 'national' to load only the gemeenten listed");
		return BP_ERR_CONFIG;
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
		if ((rc = load_source(doc, bp_yaml_seq_at(doc, seq, i), a, base, c, &c->sources[i], err)))
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
	    (rc = bp_yaml_opt_bool(doc, root, "png", 1, &c.want_png, err)) ||
	    (rc = bp_yaml_opt_bool(doc, root, "needs_overview", 1, &c.want_needs, err)) ||
	    (rc = bp_yaml_opt_bool(doc, root, "publish", 1, &c.want_site, err)) ||
	    (rc = bp_yaml_opt_bool(doc, root, "area_downloads", 1, &c.area_downloads, err)))
		return rc;
	/* The map on a buurt page of the site: the gemeente's buurten (default) or its wijken. */
	static const char *const buurt_maps[] = { "buurten", "wijken", NULL };
	if (bp_yaml_map_get(doc, root, "buurt_page_map") &&
	    (rc = bp_yaml_req_choice(doc, root, "buurt_page_map", buurt_maps, &c.buurt_map_wijken, err)))
		return rc;
	/* The charts of the site's area pages: wide with a narrow variant for phones (default), or the narrow alone. */
	static const char *const area_charts[] = { "both", "narrow", NULL };
	if (bp_yaml_map_get(doc, root, "area_charts") &&
	    (rc = bp_yaml_req_choice(doc, root, "area_charts", area_charts, &c.area_charts_narrow, err)))
		return rc;
	/* Custom areas are optional: no key, no custom areas. */
	if (bp_yaml_map_get(doc, root, "areas") &&
	    (rc = load_dir(doc, root, a, base, "areas", "areas", &c.areas_dir, err)))
		return rc;
	/* Interventions too: no key, no effect reports (like areas). */
	if (bp_yaml_map_get(doc, root, "interventions") &&
	    (rc = load_dir(doc, root, a, base, "interventions", "interventions", &c.interventions_dir, err)))
		return rc;
	long similar_k, jobs;
	if ((rc = bp_yaml_opt_bool(doc, root, "publish_effects", 0, &c.publish_effects, err)) ||
	    (rc = load_references(doc, root, a, &c, err)) ||
	    (rc = bp_yaml_opt_int(doc, root, "similar_k", 0, 100, BP_SIMILAR_DEFAULT_K, &similar_k, err)) ||
	    /* 0: as many as the machine has cores (run --jobs overrides). */
	    (rc = bp_yaml_opt_int(doc, root, "jobs", 0, 256, 0, &jobs, err)))
		return rc;
	c.similar_k = (int)similar_k;
	c.jobs = (int)jobs;
	/* lang: nl (default) or en; an other value is an error at its line and column. */
	const char *lang;
	if ((rc = bp_yaml_opt_str(doc, root, "lang", "nl", &lang, err)))
		return rc;
	bp_error lerr = { 0 };
	if (bp_lang_parse(lang, &c.lang, &lerr))
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "lang"), err, BP_ERR_CONFIG, "%s", lerr.message);
	/* on_change: [command, args...]: run with the digest's path added (run/monitor_run.c). */
	if ((rc = bp_yaml_opt_strlist(doc, root, "on_change", &c.on_change, &c.n_on_change, err)))
		return rc;
	if (bp_yaml_map_get(doc, root, "on_change") && c.n_on_change == 0)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "on_change"), err, BP_ERR_CONFIG,
		                    "'on_change' names no command");
	*out = c;
	return BP_OK;
}
