/* json_mapping.c: mappings/NAME.yaml -> bp_json_mapping (see the header). */
#include "import/json_mapping.h"

#include <string.h>

#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "import/areacode.h"

static const char *const top_keys[] = { "source", "period", "indeling", "records", NULL };
static const char *const source_keys[] = { "publisher", "table", "title", "licence", "url", NULL };
static const char *const set_keys[] = { "path", "code", "fixed_code", "name", "fields", NULL };
static const char *const field_keys[] = { "field", "variable", "period", "scale", "title", "unit", "decimals", NULL };

/* The keys of a dotted path ("a.b.c"); `[]` is refused where a single value is meant. */
static bp_rc dotted(const bp_yaml_doc *doc, const bp_yaml_node *n, const char *what, const char *s,
                    bp_arena *a, const char ***keys, size_t *n_keys, bp_error *err)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == '.';
	*keys = bp_arena_alloc(a, cap * sizeof(**keys));
	*n_keys = 0;
	const char *start = s;
	for (;;) {
		const char *dot = strchr(start, '.');
		size_t len = dot ? (size_t)(dot - start) : strlen(start);
		if (len == 0) {
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "%s '%s' has an empty key", what, s);
			bp_error_hint(err, "write the object keys separated by single dots, e.g. demografie.inwoners");
			return BP_ERR_CONFIG;
		}
		if (memchr(start, '[', len) || memchr(start, ']', len)) {
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "%s '%s' names a single value: '[]' belongs in the record set's path", what, s);
			return BP_ERR_CONFIG;
		}
		(*keys)[(*n_keys)++] = bp_arena_strndup(a, start, len);
		if (!dot)
			return BP_OK;
		start = dot + 1;
	}
}

/* A record set's path: "" (the document), "[]", "wijken[]", "data.items[]" ... */
static bp_rc record_path(const bp_yaml_doc *doc, const bp_yaml_node *n, const char *s, bp_arena *a,
                         bp_json_recordset *set, bp_error *err)
{
	set->path = s;
	set->n_steps = 0;
	if (!*s)
		return BP_OK;
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == '.';
	set->steps = bp_arena_alloc(a, cap * sizeof(*set->steps));
	const char *start = s;
	for (;;) {
		const char *dot = strchr(start, '.');
		size_t len = dot ? (size_t)(dot - start) : strlen(start);
		bp_json_step *st = &set->steps[set->n_steps];
		st->each = len >= 2 && start[len - 2] == '[' && start[len - 1] == ']';
		size_t klen = st->each ? len - 2 : len;
		if (klen == 0 && !(st->each && set->n_steps == 0)) {
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "path '%s' has an empty key", s);
			bp_error_hint(err, "keys separated by dots, '[]' after a key for each element of its list: wijken[] or data.items[]");
			return BP_ERR_CONFIG;
		}
		if (memchr(start, '[', klen) || memchr(start, ']', klen)) {
			bp_yaml_fail(doc, n, err, BP_ERR_CONFIG, "path '%s': '[]' may only end a key", s);
			bp_error_hint(err, "keys separated by dots, '[]' after a key for each element of its list: wijken[] or data.items[]");
			return BP_ERR_CONFIG;
		}
		st->key = klen ? bp_arena_strndup(a, start, klen) : NULL;
		set->n_steps++;
		if (!dot)
			return BP_OK;
		start = dot + 1;
	}
}

static bp_rc load_field(const bp_yaml_doc *doc, const bp_yaml_node *m, const char *period, bp_arena *a,
                        bp_json_field *f, bp_error *err)
{
	bp_rc rc;
	long decimals;
	if ((rc = bp_yaml_expect(doc, m, BP_YAML_MAPPING, "each field", err)) ||
	    (rc = bp_yaml_check_keys(doc, m, field_keys, err)) ||
	    (rc = bp_yaml_req_text(doc, m, "field", &f->field, err)) ||
	    (rc = bp_yaml_req_text(doc, m, "variable", &f->variable, err)) ||
	    (rc = bp_yaml_opt_str(doc, m, "period", period, &f->period, err)) ||
	    (rc = bp_yaml_opt_double(doc, m, "scale", 1.0, &f->scale, err)) ||
	    (rc = bp_yaml_opt_str(doc, m, "title", NULL, &f->title, err)) ||
	    (rc = bp_yaml_opt_str(doc, m, "unit", NULL, &f->unit, err)) ||
	    (rc = bp_yaml_opt_int(doc, m, "decimals", 0, 10, -1, &decimals, err)))
		return rc;
	f->decimals = (int)decimals;
	if (!f->period[0])
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "period"), err, BP_ERR_CONFIG, "'period' must not be empty");
	if (f->scale == 0)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "scale"), err, BP_ERR_CONFIG,
		                    "'scale' must not be 0: it would turn every figure into 0");
	const bp_yaml_node *var = bp_yaml_map_get(doc, m, "variable");
	f->line = bp_yaml_line(var);
	f->column = bp_yaml_column(var);
	return dotted(doc, bp_yaml_map_get(doc, m, "field"), "field", f->field, a, &f->keys, &f->n_keys, err);
}

static bp_rc load_set(const bp_yaml_doc *doc, const bp_yaml_node *m, const char *period, bp_arena *a,
                      bp_json_recordset *set, bp_error *err)
{
	bp_rc rc;
	const char *path;
	if ((rc = bp_yaml_expect(doc, m, BP_YAML_MAPPING, "each record set", err)) ||
	    (rc = bp_yaml_check_keys(doc, m, set_keys, err)) ||
	    (rc = bp_yaml_opt_str(doc, m, "path", "", &path, err)) ||
	    (rc = record_path(doc, bp_yaml_map_get(doc, m, "path"), path, a, set, err)) ||
	    (rc = bp_yaml_opt_str(doc, m, "code", NULL, &set->code_field, err)) ||
	    (rc = bp_yaml_opt_str(doc, m, "fixed_code", NULL, &set->fixed_code, err)) ||
	    (rc = bp_yaml_opt_str(doc, m, "name", NULL, &set->name_field, err)))
		return rc;
	if (!set->code_field == !set->fixed_code) {
		bp_yaml_fail(doc, set->code_field ? bp_yaml_map_get(doc, m, "fixed_code") : m, err, BP_ERR_CONFIG,
		             "a record set needs either 'code' (the field holding the area code) or 'fixed_code', not %s",
		             set->code_field ? "both" : "neither");
		return BP_ERR_CONFIG;
	}
	if (set->fixed_code) {
		bp_area_code ac;
		if (bp_area_code_parse(set->fixed_code, strlen(set->fixed_code), &ac) != 0)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "fixed_code"), err, BP_ERR_CONFIG,
			                    "'%s' is not a CBS area code (NL00, GM0828, WK082801, BU08280105)", set->fixed_code);
		for (size_t i = 0; i < set->n_steps; i++)
			if (set->steps[i].each)
				return bp_yaml_fail(doc, bp_yaml_map_get(doc, m, "fixed_code"), err, BP_ERR_CONFIG,
				                    "'fixed_code' names one area, but path '%s' gives a record per list element", set->path);
	} else if ((rc = dotted(doc, bp_yaml_map_get(doc, m, "code"), "code", set->code_field, a,
	                        &set->code_keys, &set->n_code_keys, err))) {
		return rc;
	}
	if (set->name_field && (rc = dotted(doc, bp_yaml_map_get(doc, m, "name"), "name", set->name_field, a,
	                                    &set->name_keys, &set->n_name_keys, err)))
		return rc;
	/* No fields: the set only brings its areas (the wijken that buurten hang from). */
	const bp_yaml_node *fields = bp_yaml_map_get(doc, m, "fields");
	if (!fields || bp_yaml_is_null(fields))
		return BP_OK;
	if ((rc = bp_yaml_expect(doc, fields, BP_YAML_SEQUENCE, "'fields'", err)))
		return rc;
	set->n_fields = bp_yaml_seq_len(fields);
	set->fields = bp_arena_alloc(a, set->n_fields * sizeof(*set->fields));
	for (size_t i = 0; i < set->n_fields; i++) {
		memset(&set->fields[i], 0, sizeof(set->fields[i]));
		if ((rc = load_field(doc, bp_yaml_seq_at(doc, fields, i), period, a, &set->fields[i], err)))
			return rc;
	}
	return BP_OK;
}

bp_rc bp_json_mapping_load(const char *path, bp_arena *a, bp_json_mapping *out, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	out->path = path;
	bp_yaml_doc *doc;
	const bp_yaml_node *root;
	bp_rc rc = bp_yaml_load_mapping_file(path, top_keys, a, &out->bytes, &out->n_bytes, &doc, &root, err);
	if (rc)
		return rc;
	long indeling;
	const bp_yaml_node *src = bp_yaml_map_get(doc, root, "source");
	if (!src)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "the mapping needs 'source' (publisher, table, title, licence)");
	if ((rc = bp_yaml_expect(doc, src, BP_YAML_MAPPING, "'source'", err)) ||
	    (rc = bp_yaml_check_keys(doc, src, source_keys, err)) ||
	    (rc = bp_yaml_req_text(doc, src, "publisher", &out->publisher, err)) ||
	    (rc = bp_yaml_opt_str(doc, src, "table", NULL, &out->table_id, err)) ||
	    (rc = bp_yaml_req_text(doc, src, "title", &out->title, err)) ||
	    (rc = bp_yaml_req_text(doc, src, "licence", &out->licence, err)) ||
	    (rc = bp_yaml_opt_str(doc, src, "url", NULL, &out->url, err)) ||
	    (rc = bp_yaml_req_text(doc, root, "period", &out->period, err)) ||
	    (rc = bp_yaml_req_int(doc, root, "indeling", 1990, 2100, &indeling, err)))
		return rc;
	out->indeling = (int)indeling;
	const bp_yaml_node *sets = bp_yaml_map_get(doc, root, "records");
	if (!sets)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "the mapping needs 'records' (a list of record sets)");
	if ((rc = bp_yaml_expect(doc, sets, BP_YAML_SEQUENCE, "'records'", err)))
		return rc;
	out->n_sets = bp_yaml_seq_len(sets);
	if (out->n_sets == 0)
		return bp_yaml_fail(doc, sets, err, BP_ERR_CONFIG, "'records' lists no record set");
	out->sets = bp_arena_alloc(a, out->n_sets * sizeof(*out->sets));
	for (size_t i = 0; i < out->n_sets; i++) {
		memset(&out->sets[i], 0, sizeof(out->sets[i]));
		if ((rc = load_set(doc, bp_yaml_seq_at(doc, sets, i), out->period, a, &out->sets[i], err)))
			return rc;
	}
	return BP_OK;
}
