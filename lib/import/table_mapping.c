/* table_mapping.c: a table mapping YAML -> bp_table_mapping (see the header). */
#include "import/table_mapping.h"

#include <string.h>

#include "core/fsutil.h"
#include "core/yamldoc.h"
#include "import/areacode.h"

static const char *const top_keys[] = { "source", "indeling", "period", "period_column", "separator", "decimal",
                                        "quotes", "sheet", "header_row", "area", "other_regions", "missing", "margins", "topic_column", "value_column",
                                        "lower_column", "upper_column", "respondents_column", "unmapped_topics",
                                        "measures", NULL };
static const char *const source_keys[] = { "publisher", "table", "title", "licence", "url", "retrieved", NULL };
static const char *const area_keys[] = { "code", "gemeentenummer", "name", "level", "gemeente", "gemeente_column",
                                         NULL };
static const char *const other_keys[] = { "as", "gemeente", "name_column", NULL };
static const char *const other_modes[] = { "skip", "custom", "error", NULL };
static const char *const topic_modes[] = { "skip", "error", NULL };
static const char *const missing_keys[] = { "unknown", "not_applicable", NULL };
static const char *const margin_keys[] = { "column", "value", "lower", "upper", NULL };
static const char *const measure_keys[] = { "column", "topic", "variable", "title", "unit", "decimals", "lower",
                                            "upper", "respondents", NULL };
static const char *const separators[] = { ";", ",", "\t", NULL };
static const char *const decimals_sep[] = { ".", ",", NULL };
static const char *const quote_modes[] = { "strict", "literal", NULL };
static const char *const name_levels[] = { "gemeente", "wijk", "buurt", NULL };
static const int name_level_values[] = { BP_LEVEL_GEMEENTE, BP_LEVEL_WIJK, BP_LEVEL_BUURT };

static bp_rc load_source(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_table_mapping *m, bp_error *err)
{
	const bp_yaml_node *src = bp_yaml_map_get(doc, root, "source");
	if (!src)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG,
		                    "the mapping needs 'source' (publisher, title, licence; table, url, retrieved optional)");
	bp_rc rc;
	if ((rc = bp_yaml_expect(doc, src, BP_YAML_MAPPING, "'source'", err)) ||
	    (rc = bp_yaml_check_keys(doc, src, source_keys, err)) ||
	    (rc = bp_yaml_req_text(doc, src, "publisher", &m->publisher, err)) ||
	    (rc = bp_yaml_opt_str(doc, src, "table", NULL, &m->table_id, err)) ||
	    (rc = bp_yaml_req_text(doc, src, "title", &m->title, err)) ||
	    (rc = bp_yaml_req_text(doc, src, "licence", &m->licence, err)) ||
	    (rc = bp_yaml_opt_str(doc, src, "url", NULL, &m->url, err)) ||
	    (rc = bp_yaml_opt_str(doc, src, "retrieved", NULL, &m->retrieved, err)))
		return rc;
	/* A date the server would refuse only at load time: checked here, at its line. */
	if (m->retrieved) {
		int y, mo, d;
		char end;
		if (sscanf(m->retrieved, "%4d-%2d-%2d%c", &y, &mo, &d, &end) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, src, "retrieved"), err, BP_ERR_CONFIG,
			                    "'retrieved' must be a date YYYY-MM-DD, not '%s'", m->retrieved);
	}
	return BP_OK;
}

static bp_rc load_area(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_table_mapping *m, bp_error *err)
{
	const bp_yaml_node *n = bp_yaml_map_get(doc, root, "area");
	if (!n)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG,
		                    "the mapping needs 'area' (the column holding a code, gemeentenummer or name)");
	bp_rc rc;
	const char *code, *number, *name;
	if ((rc = bp_yaml_expect(doc, n, BP_YAML_MAPPING, "'area'", err)) ||
	    (rc = bp_yaml_check_keys(doc, n, area_keys, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "code", NULL, &code, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "gemeentenummer", NULL, &number, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "name", NULL, &name, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "gemeente", NULL, &m->within, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "gemeente_column", NULL, &m->within_column, err)))
		return rc;
	if (!!code + !!number + !!name != 1)
		return bp_yaml_fail(doc, n, err, BP_ERR_CONFIG,
		                    "'area' needs exactly one of 'code', 'gemeentenummer' and 'name'");
	m->area_by = code ? BP_TABLE_AREA_CODE : number ? BP_TABLE_AREA_NUMBER : BP_TABLE_AREA_NAME;
	m->area_column = code ? code : number ? number : name;
	m->area_level = BP_LEVEL_GEMEENTE;
	const bp_yaml_node *lv = bp_yaml_map_get(doc, n, "level");
	if (lv) {
		int i;
		if (!name)
			return bp_yaml_fail(doc, lv, err, BP_ERR_CONFIG, "'level' belongs to names: a code or number says its own");
		if ((rc = bp_yaml_choice(doc, lv, "level", name_levels, &i, err)))
			return rc;
		m->area_level = name_level_values[i];
	}
	if (m->within) {
		bp_area_code ac;
		if (bp_area_code_parse(m->within, strlen(m->within), &ac) != 0 || ac.level != BP_LEVEL_GEMEENTE)
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, "gemeente"), err, BP_ERR_CONFIG,
			                    "'gemeente' must be a gemeente code such as GM0828, not '%s'", m->within);
	}
	int needs_within = name && m->area_level != BP_LEVEL_GEMEENTE;
	if (needs_within && !m->within == !m->within_column)
		return bp_yaml_fail(doc, n, err, BP_ERR_CONFIG,
		                    "wijk and buurt names are only unique within a gemeente: give 'gemeente' or "
		                    "'gemeente_column' (one of them)");
	if (!needs_within && (m->within || m->within_column))
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, m->within ? "gemeente" : "gemeente_column"), err,
		                    BP_ERR_CONFIG, "'gemeente' and 'gemeente_column' belong to wijk or buurt names");
	return BP_OK;
}

/* Rows of another region type: skipped (the default) or custom areas shown with one gemeente. */
static bp_rc load_other(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_table_mapping *m, bp_error *err)
{
	const bp_yaml_node *n = bp_yaml_map_get(doc, root, "other_regions");
	if (!n)
		return BP_OK;
	bp_rc rc;
	int as;
	if ((rc = bp_yaml_expect(doc, n, BP_YAML_MAPPING, "'other_regions'", err)) ||
	    (rc = bp_yaml_check_keys(doc, n, other_keys, err)) ||
	    (rc = bp_yaml_req_choice(doc, n, "as", other_modes, &as, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "gemeente", NULL, &m->other_gemeente, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "name_column", NULL, &m->other_name_column, err)))
		return rc;
	m->other_custom = as == 1;
	m->other_error = as == 2;
	if (!m->other_custom && (m->other_gemeente || m->other_name_column))
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, m->other_gemeente ? "gemeente" : "name_column"), err,
		                    BP_ERR_CONFIG, "'gemeente' and 'name_column' belong to 'as: custom'");
	if (!m->other_custom)
		return BP_OK;
	/* A provincie or politie-eenheid lies in no single gemeente: the
	 * mapping says whose report lists it (reports are per gemeente). */
	const bp_yaml_node *g = bp_yaml_map_get(doc, n, "gemeente");
	if (!g)
		return bp_yaml_fail(doc, n, err, BP_ERR_CONFIG,
		                    "'as: custom' needs 'gemeente': the gemeente whose report lists these areas");
	bp_area_code ac;
	if (bp_area_code_parse(m->other_gemeente, strlen(m->other_gemeente), &ac) != 0 || ac.level != BP_LEVEL_GEMEENTE)
		return bp_yaml_fail(doc, g, err, BP_ERR_CONFIG, "'gemeente' must be a gemeente code such as GM0828, not '%s'",
		                    m->other_gemeente);
	m->other_gemeente = bp_arena_strdup(m->arena, ac.code);
	m->other_line = bp_yaml_line(g);
	m->other_col = bp_yaml_column(g);
	if (m->other_name_column && m->area_by != BP_TABLE_AREA_CODE)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, "name_column"), err, BP_ERR_CONFIG,
		                    "'name_column' belongs to areas by code: a name is its own");
	return BP_OK;
}

static bp_rc load_missing(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_arena *a, bp_table_mapping *m,
                          bp_error *err)
{
	static const char *def_unknown[] = { "." };
	static const char *def_na[] = { "" };
	m->unknown = def_unknown;
	m->n_unknown = 1;
	m->not_applicable = def_na;
	m->n_not_applicable = 1;
	const bp_yaml_node *n = bp_yaml_map_get(doc, root, "missing");
	if (!n)
		return BP_OK;
	(void)a;
	bp_rc rc;
	if ((rc = bp_yaml_expect(doc, n, BP_YAML_MAPPING, "'missing'", err)) ||
	    (rc = bp_yaml_check_keys(doc, n, missing_keys, err)))
		return rc;
	if (bp_yaml_map_get(doc, n, "unknown") &&
	    (rc = bp_yaml_opt_strlist(doc, n, "unknown", &m->unknown, &m->n_unknown, err)))
		return rc;
	if (bp_yaml_map_get(doc, n, "not_applicable") &&
	    (rc = bp_yaml_opt_strlist(doc, n, "not_applicable", &m->not_applicable, &m->n_not_applicable, err)))
		return rc;
	return BP_OK;
}

static bp_rc load_margins(const bp_yaml_doc *doc, const bp_yaml_node *root, bp_table_mapping *m, bp_error *err)
{
	const bp_yaml_node *n = bp_yaml_map_get(doc, root, "margins");
	if (!n)
		return BP_OK;
	bp_rc rc;
	if ((rc = bp_yaml_expect(doc, n, BP_YAML_MAPPING, "'margins'", err)) ||
	    (rc = bp_yaml_check_keys(doc, n, margin_keys, err)) ||
	    (rc = bp_yaml_req_text(doc, n, "column", &m->margin_column, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "value", "Waarde", &m->margin_value, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "lower", "Betrouwbaarheidsmarge ondergrens", &m->margin_lower, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "upper", "Betrouwbaarheidsmarge bovengrens", &m->margin_upper, err)))
		return rc;
	return BP_OK;
}

static bp_rc load_measure(const bp_yaml_doc *doc, const bp_yaml_node *n, int long_form, bp_table_measure *f,
                          bp_error *err)
{
	bp_rc rc;
	long decimals;
	const char *key = long_form ? "topic" : "column";
	if ((rc = bp_yaml_expect(doc, n, BP_YAML_MAPPING, "each measure", err)) ||
	    (rc = bp_yaml_check_keys(doc, n, measure_keys, err)))
		return rc;
	const char *other = long_form ? "column" : "topic";
	if (bp_yaml_map_get(doc, n, other))
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, other), err, BP_ERR_CONFIG,
		                    long_form ? "with 'topic_column' (long form) a measure names its 'topic', not a 'column'"
		                              : "a measure of a wide table names its 'column'; 'topic' needs 'topic_column'");
	if ((rc = bp_yaml_req_text(doc, n, key, &f->column, err)) ||
	    (rc = bp_yaml_req_text(doc, n, "variable", &f->variable, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "title", NULL, &f->title, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "unit", NULL, &f->unit, err)) ||
	    (rc = bp_yaml_opt_int(doc, n, "decimals", 0, 10, -1, &decimals, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "lower", NULL, &f->lower, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "upper", NULL, &f->upper, err)) ||
	    (rc = bp_yaml_opt_str(doc, n, "respondents", NULL, &f->respondents, err)))
		return rc;
	f->decimals = (int)decimals;
	if (!f->lower != !f->upper)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, f->lower ? "lower" : "upper"), err, BP_ERR_CONFIG,
		                    "an interval needs both 'lower' and 'upper'");
	if (long_form && (f->lower || f->respondents))
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, f->lower ? "lower" : "respondents"), err, BP_ERR_CONFIG,
		                    "bound and respondent columns belong to a wide table; a long one gives bounds as "
		                    "'margins' rows");
	const bp_yaml_node *var = bp_yaml_map_get(doc, n, "variable");
	f->line = bp_yaml_line(var);
	f->col = bp_yaml_column(var);
	return BP_OK;
}

bp_rc bp_table_mapping_load(const char *path, bp_arena *a, bp_table_mapping *out, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	out->path = path;
	out->arena = a;
	bp_yaml_doc *doc;
	const bp_yaml_node *root;
	bp_rc rc = bp_yaml_load_mapping_file(path, top_keys, a, &out->bytes, &out->n_bytes, &doc, &root, err);
	if (rc)
		return rc;
	long indeling;
	int sep = 0, dec = 0, quotes = 0, topics = 0;
	if ((rc = load_source(doc, root, out, err)) ||
	    (rc = bp_yaml_req_int(doc, root, "indeling", 1990, 2100, &indeling, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "period", NULL, &out->period, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "period_column", NULL, &out->period_column, err)) ||
	    (bp_yaml_map_get(doc, root, "separator") && (rc = bp_yaml_req_choice(doc, root, "separator", separators, &sep, err))) ||
	    (bp_yaml_map_get(doc, root, "decimal") && (rc = bp_yaml_req_choice(doc, root, "decimal", decimals_sep, &dec, err))) ||
	    (bp_yaml_map_get(doc, root, "quotes") && (rc = bp_yaml_req_choice(doc, root, "quotes", quote_modes, &quotes, err))) ||
	    (rc = bp_yaml_opt_str(doc, root, "sheet", NULL, &out->sheet, err)) ||
	    (rc = bp_yaml_opt_int(doc, root, "header_row", 1, 1000, 1, &out->header_row, err)) ||
	    (rc = load_area(doc, root, out, err)) ||
	    (rc = load_other(doc, root, out, err)) ||
	    (rc = load_missing(doc, root, a, out, err)) ||
	    (rc = load_margins(doc, root, out, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "topic_column", NULL, &out->topic_column, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "value_column", NULL, &out->value_column, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "lower_column", NULL, &out->lower_column, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "upper_column", NULL, &out->upper_column, err)) ||
	    (rc = bp_yaml_opt_str(doc, root, "respondents_column", NULL, &out->respondents_column, err)) ||
	    (bp_yaml_map_get(doc, root, "unmapped_topics") &&
	     (rc = bp_yaml_req_choice(doc, root, "unmapped_topics", topic_modes, &topics, err))))
		return rc;
	out->strict_topics = topics == 1;
	out->indeling = (int)indeling;
	out->sep = separators[sep][0];
	out->decimal_comma = dec == 1;
	out->literal_quotes = quotes == 1;
	if (!out->period == !out->period_column)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG,
		                    "the mapping needs exactly one of 'period' (one for the table) and 'period_column'");
	if (out->period && !out->period[0])
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, "period"), err, BP_ERR_CONFIG, "'period' must not be empty");
	if (!out->topic_column != !out->value_column)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, out->topic_column ? "topic_column" : "value_column"), err,
		                    BP_ERR_CONFIG, "a long table needs both 'topic_column' and 'value_column'");
	/* The long form's row-level columns: a wide table names them per measure. */
	static const char *const long_only[] = { "lower_column", "upper_column", "respondents_column", "unmapped_topics",
	                                         NULL };
	for (size_t i = 0; long_only[i]; i++)
		if (!out->topic_column && bp_yaml_map_get(doc, root, long_only[i]))
			return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, long_only[i]), err, BP_ERR_CONFIG,
			                    "'%s' belongs to a long table (topic_column); a wide one names bounds per measure",
			                    long_only[i]);
	if (!out->lower_column != !out->upper_column)
		return bp_yaml_fail(doc, bp_yaml_map_get(doc, root, out->lower_column ? "lower_column" : "upper_column"), err,
		                    BP_ERR_CONFIG, "an interval needs both 'lower_column' and 'upper_column'");
	const bp_yaml_node *ms = bp_yaml_map_get(doc, root, "measures");
	if (!ms)
		return bp_yaml_fail(doc, root, err, BP_ERR_CONFIG, "the mapping needs 'measures' (column -> variable)");
	if ((rc = bp_yaml_expect(doc, ms, BP_YAML_SEQUENCE, "'measures'", err)))
		return rc;
	out->n_measures = bp_yaml_seq_len(ms);
	if (out->n_measures == 0)
		return bp_yaml_fail(doc, ms, err, BP_ERR_CONFIG, "'measures' lists no measure");
	out->measures = bp_arena_alloc(a, out->n_measures * sizeof(*out->measures));
	for (size_t i = 0; i < out->n_measures; i++) {
		memset(&out->measures[i], 0, sizeof(out->measures[i]));
		const bp_yaml_node *n = bp_yaml_seq_at(doc, ms, i);
		if ((rc = load_measure(doc, n, out->topic_column != NULL, &out->measures[i], err)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (strcmp(out->measures[k].variable, out->measures[i].variable) == 0)
				return bp_yaml_fail(doc, bp_yaml_map_get(doc, n, "variable"), err, BP_ERR_CONFIG,
				                    "variable '%s' is mapped twice (also at line %ld)", out->measures[i].variable,
				                    out->measures[k].line);
	}
	return BP_OK;
}
